//! Pixel operations on RGBA frames.

use image::RgbaImage;
use rayon::prelude::*;

use super::placement::Rect;

/// Copies `source` into `target` with its top-left at (`at.x`, `at.y`),
/// clipped to `clip` (and to the target).
pub fn blit(target: &mut RgbaImage, source: &RgbaImage, at: Rect, clip: Rect) {
    let (tw, th) = (i64::from(target.width()), i64::from(target.height()));
    let x0 = at.x.max(clip.x).max(0);
    let y0 = at.y.max(clip.y).max(0);
    let x1 = (at.x + i64::from(source.width()))
        .min(clip.x + i64::from(clip.width))
        .min(tw);
    let y1 = (at.y + i64::from(source.height()))
        .min(clip.y + i64::from(clip.height))
        .min(th);
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let row_bytes = ((x1 - x0) * 4) as usize;
    let source_stride = source.width() as usize * 4;
    let target_stride = target.width() as usize * 4;
    let source_raw = source.as_raw();
    let target_raw: &mut [u8] = target;
    for y in y0..y1 {
        let s = ((y - at.y) as usize) * source_stride + ((x0 - at.x) as usize) * 4;
        let t = (y as usize) * target_stride + (x0 as usize) * 4;
        if let (Some(src), Some(dst)) = (
            source_raw.get(s..s + row_bytes),
            target_raw.get_mut(t..t + row_bytes),
        ) {
            dst.copy_from_slice(src);
        }
    }
}

/// `(1 - t) * a + t * b`, pixel by pixel (the two must be the same size).
pub fn mix(a: &RgbaImage, b: &RgbaImage, t: f64) -> RgbaImage {
    let weight = (t.clamp(0.0, 1.0) * 256.0).round() as u32;
    let mut out = a.clone();
    let out_raw: &mut [u8] = &mut out;
    out_raw
        .par_chunks_mut(64 * 1024)
        .zip(b.as_raw().par_chunks(64 * 1024))
        .for_each(|(dst, src)| {
            for (d, s) in dst.iter_mut().zip(src) {
                *d = ((u32::from(*d) * (256 - weight) + u32::from(*s) * weight + 128) >> 8) as u8;
            }
        });
    out
}

/// A fade through a grey `level` (0 black, 255 white) at `t`: `a` fades to
/// the colour over the first half, `b` comes up from it over the second.
pub fn fade_through(a: &RgbaImage, b: &RgbaImage, t: f64, level: u8) -> RgbaImage {
    let t = t.clamp(0.0, 1.0);
    let colour = RgbaImage::from_pixel(
        a.width(),
        a.height(),
        image::Rgba([level, level, level, 255]),
    );
    if t < 0.5 {
        mix(a, &colour, t * 2.0)
    } else {
        mix(&colour, b, t * 2.0 - 1.0)
    }
}

/// A dissolve from `a` to `b` at `t`, or with `level` a fade through that
/// grey: what a dissolve or fade gap shows.
pub fn dissolve_or_fade(a: &RgbaImage, b: &RgbaImage, t: f64, level: Option<u8>) -> RgbaImage {
    match level {
        Some(level) => fade_through(a, b, t, level),
        None => mix(a, b, t),
    }
}

/// An opaque black frame.
pub fn black(width: u32, height: u32) -> RgbaImage {
    RgbaImage::from_pixel(width, height, image::Rgba([0, 0, 0, 255]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blit_clips_to_the_area() {
        let mut target = black(4, 4);
        let source = RgbaImage::from_pixel(4, 4, image::Rgba([255, 0, 0, 255]));
        let clip = Rect {
            x: 1,
            y: 1,
            width: 2,
            height: 2,
        };
        blit(
            &mut target,
            &source,
            Rect {
                x: -2,
                y: 0,
                width: 4,
                height: 4,
            },
            clip,
        );
        assert_eq!(target.get_pixel(1, 1)[0], 255);
        assert_eq!(target.get_pixel(2, 1)[0], 0, "source ends at x = 2");
        assert_eq!(target.get_pixel(1, 3)[0], 0, "outside the clip");
    }

    #[test]
    fn mix_weights_the_two() {
        let a = RgbaImage::from_pixel(2, 2, image::Rgba([0, 100, 200, 255]));
        let b = RgbaImage::from_pixel(2, 2, image::Rgba([200, 100, 0, 255]));
        assert_eq!(mix(&a, &b, 0.0).get_pixel(0, 0).0, [0, 100, 200, 255]);
        assert_eq!(mix(&a, &b, 1.0).get_pixel(0, 0).0, [200, 100, 0, 255]);
        assert_eq!(mix(&a, &b, 0.5).get_pixel(1, 1).0, [100, 100, 100, 255]);
    }
}
