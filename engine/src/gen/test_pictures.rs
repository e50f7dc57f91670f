//! Pictures the gap models' tests make, and how far apart two are.

use image::{Rgba, RgbaImage};

/// A smooth colour pattern with texture in both directions, moved `shift`
/// pixels to the right.
pub(crate) fn textured(w: u32, h: u32, shift: f32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let (x, y) = (x as f32 - shift, y as f32);
        let v = |k: f32| {
            (128.0 + 90.0 * ((x * 0.21 + k).sin() * (y * 0.17 - k).cos())).clamp(0.0, 255.0) as u8
        };
        Rgba([v(0.0), v(1.0), v(2.0), 255])
    })
}

/// Mean absolute RGB difference over the pixels more than 8 from the left
/// and right edges (where a moved pattern has nothing to show).
pub(crate) fn distance(a: &RgbaImage, b: &RgbaImage) -> f32 {
    let (mut sum, mut n) = (0f32, 0f32);
    for y in 0..a.height() {
        for x in 8..a.width() - 8 {
            let (p, q) = (a.get_pixel(x, y), b.get_pixel(x, y));
            for c in 0..3 {
                sum += (f32::from(p[c]) - f32::from(q[c])).abs();
                n += 1.0;
            }
        }
    }
    sum / n
}
