//! A card's camera move drawn: the picture seen through a [`Viewport`]
//! (zoomed, moved, a little turned), sampled from the picture composed at a
//! larger size so that zooming in keeps its detail.

use image::RgbaImage;
use rayon::prelude::*;

use crate::project::Viewport;

/// At most this many pixels in the larger picture a move samples from
/// (128 MB of RGBA).
const MAX_PIXELS: f64 = 32e6;

/// How much larger than the picture area to compose a card whose move zooms
/// in up to `max_zoom`: that much, within 32 megapixels and the frame side
/// limit.
pub fn composing_scale(area: (u32, u32), max_zoom: f32, max_side: u32) -> f32 {
    let (w, h) = (f64::from(area.0.max(1)), f64::from(area.1.max(1)));
    let by_pixels = (MAX_PIXELS / (w * h)).sqrt();
    let by_side = f64::from(max_side) / w.max(h);
    (f64::from(max_zoom.max(1.0)).min(by_pixels).min(by_side)).max(1.0) as f32
}

/// What a camera looking through `view` sees of `picture` (the card's
/// picture area composed larger), as an image of `size` (the picture
/// area's). Outside the picture is black.
pub fn through_viewport(picture: &RgbaImage, size: (u32, u32), view: Viewport) -> RgbaImage {
    let (w, h) = (size.0.max(1) as usize, size.1.max(1) as usize);
    let (pw, ph) = (picture.width() as f32, picture.height() as f32);
    // Picture pixels per area pixel.
    let (kx, ky) = (pw / w as f32, ph / h as f32);
    let zoom = view.zoom.max(1e-3);
    let (sin, cos) = view.turn_degrees.to_radians().sin_cos();
    let (cx, cy) = (view.centre[0] * w as f32, view.centre[1] * h as f32);
    // Supersample where one output pixel spans several picture pixels.
    let n = ((kx.max(ky) / zoom).ceil() as usize).clamp(1, 4);
    let raw = picture.as_raw();
    let stride = picture.width() as usize * 4;
    let sample = |x: f32, y: f32| -> [f32; 3] {
        // Picture pixel centres sit at +0.5.
        let (fx, fy) = (x - 0.5, y - 0.5);
        if fx < -0.5 || fy < -0.5 || fx > pw - 0.5 || fy > ph - 0.5 {
            return [0.0; 3];
        }
        let (x0, y0) = (fx.floor(), fy.floor());
        let (ax, ay) = (fx - x0, fy - y0);
        let clamp = |v: f32, max: f32| v.clamp(0.0, max - 1.0) as usize;
        let (xa, xb) = (clamp(x0, pw), clamp(x0 + 1.0, pw));
        let (ya, yb) = (clamp(y0, ph), clamp(y0 + 1.0, ph));
        let at = |x: usize, y: usize, c: usize| f32::from(raw[y * stride + x * 4 + c]);
        let mut out = [0.0; 3];
        for (c, v) in out.iter_mut().enumerate() {
            let top = at(xa, ya, c) * (1.0 - ax) + at(xb, ya, c) * ax;
            let bottom = at(xa, yb, c) * (1.0 - ax) + at(xb, yb, c) * ax;
            *v = top * (1.0 - ay) + bottom * ay;
        }
        out
    };
    let mut out = RgbaImage::new(w as u32, h as u32);
    out.par_chunks_mut(4 * w).enumerate().for_each(|(y, row)| {
        for (x, px) in row.chunks_exact_mut(4).enumerate() {
            let mut sum = [0.0f32; 3];
            for sy in 0..n {
                for sx in 0..n {
                    let ox = x as f32 + (sx as f32 + 0.5) / n as f32;
                    let oy = y as f32 + (sy as f32 + 0.5) / n as f32;
                    // From the output's centre, in area pixels, turned.
                    let dx = (ox - w as f32 / 2.0) / zoom;
                    let dy = (oy - h as f32 / 2.0) / zoom;
                    let ax = cx + cos * dx - sin * dy;
                    let ay = cy + sin * dx + cos * dy;
                    let s = sample(ax * kx, ay * ky);
                    for c in 0..3 {
                        sum[c] += s[c];
                    }
                }
            }
            let count = (n * n) as f32;
            for c in 0..3 {
                px[c] = (sum[c] / count).round().clamp(0.0, 255.0) as u8;
            }
            px[3] = 255;
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(w: u32, h: u32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([
                (x * 255 / w.max(1)) as u8,
                (y * 255 / h.max(1)) as u8,
                90,
                255,
            ])
        })
    }

    #[test]
    fn the_whole_picture_at_its_own_size_is_itself() {
        let p = checker(64, 36);
        assert_eq!(through_viewport(&p, (64, 36), Viewport::WHOLE), p);
        // Composed twice as large, the whole view is the picture, downsampled.
        let big = image::imageops::resize(&p, 128, 72, image::imageops::FilterType::Triangle);
        let seen = through_viewport(&big, (64, 36), Viewport::WHOLE);
        let worst = seen
            .pixels()
            .zip(p.pixels())
            .map(|(a, b)| a.0[0].abs_diff(b.0[0]).max(a.0[1].abs_diff(b.0[1])))
            .max()
            .unwrap();
        assert!(worst <= 6, "{worst}");
    }

    #[test]
    fn a_zoom_shows_the_part_about_its_centre() {
        let p = checker(200, 100);
        // Zoomed 2x on the upper left quarter: the output's middle is the
        // picture's (50, 25), its left edge the picture's x = 0.
        let view = Viewport::at([0.25, 0.25], 2.0);
        let seen = through_viewport(&p, (200, 100), view);
        let near = |a: u8, b: u8| a.abs_diff(b) <= 3;
        assert!(near(seen.get_pixel(100, 50).0[0], p.get_pixel(50, 25).0[0]));
        assert!(near(seen.get_pixel(100, 50).0[1], p.get_pixel(50, 25).0[1]));
        assert!(near(seen.get_pixel(0, 50).0[0], p.get_pixel(0, 25).0[0]));
        assert!(near(seen.get_pixel(199, 99).0[1], p.get_pixel(99, 49).0[1]));
    }

    #[test]
    fn a_turn_shows_black_beyond_the_corners_and_keeps_the_centre() {
        let p = RgbaImage::from_pixel(100, 100, image::Rgba([200, 200, 200, 255]));
        let view = Viewport {
            turn_degrees: 30.0,
            ..Viewport::WHOLE
        };
        let seen = through_viewport(&p, (100, 100), view);
        assert_eq!(seen.get_pixel(50, 50).0, [200, 200, 200, 255]);
        assert_eq!(seen.get_pixel(0, 0).0, [0, 0, 0, 255]);
    }

    #[test]
    fn the_composing_scale_follows_the_zoom_within_the_budget() {
        assert_eq!(composing_scale((1280, 720), 1.25, 8192), 1.25);
        assert_eq!(composing_scale((1280, 720), 0.5, 8192), 1.0);
        let s = composing_scale((3840, 2160), 8.0, 8192);
        assert!((1.0..2.2).contains(&s), "{s}");
    }
}
