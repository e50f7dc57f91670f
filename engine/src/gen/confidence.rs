//! How likely a generated gap is to ghost: its middle frame measured
//! against its two sides.
//!
//! A ghost is a dissolve where something should have moved: the middle frame
//! is then close to the even mix of the two sides. Where the picture changes
//! between the sides, a frame that moves things (or the camera) differs from
//! that mix by about half the change; a dissolve not at all. On a 320-pixel
//! wide brightness picture, in blocks of 8x8, each block whose sides differ
//! by more than [`CHANGE`] is ghosted when the middle frame differs from the
//! mix by less than [`GHOST_RATIO`] of the change. The score is the part of
//! the change (weighted by how much each block changes) that is not ghosted.
//! Any model's gap can be measured; the Dissolve mode's always scores 0, by
//! design, and is not flagged.

use image::RgbaImage;

/// A block's sides must differ by this much (mean, 0–255) to count.
pub const CHANGE: f32 = 6.0;
/// A block is ghosted when the middle frame is closer to the mix than this
/// part of the change (a moved edge measures about 0.5, a dissolve 0).
pub const GHOST_RATIO: f32 = 0.15;
/// Gaps scoring below this are flagged as likely to ghost. Measured on
/// interp-dev's middle frames: the true frames score 0.73–1.00, the motion
/// model elsewhere 0.75–1.00, its ghosts 0.38–0.61 (juggling, motion
/// across a cut) and 0.70 (a 2.2x push, in `auto/tests.rs`); the Dissolve
/// mode 0. One false alarm: a sub-pixel motion (Middlebury's RubberWhale,
/// 0.34) where the true frame is itself nearly the even mix.
pub const FLAG_BELOW: f32 = 0.72;

const SIDE: u32 = 320;
const BLOCK: usize = 8;

/// How clean a gap's middle frame is, from 0 (all of the change dissolved)
/// to 1 (none); None when the sides hardly differ (nothing can ghost).
pub fn clean_score(before: &RgbaImage, after: &RgbaImage, middle: &RgbaImage) -> Option<f32> {
    if before.dimensions() != after.dimensions() || before.dimensions() != middle.dimensions() {
        return None;
    }
    let (a, b, m) = (luma(before), luma(after), luma(middle));
    let (w, h) = (a.1, a.2);
    let (mut changed, mut ghosted) = (0f32, 0f32);
    for by in (0..h / BLOCK).map(|y| y * BLOCK) {
        for bx in (0..w / BLOCK).map(|x| x * BLOCK) {
            let (mut change, mut off_mix) = (0f32, 0f32);
            for y in by..by + BLOCK {
                for x in bx..bx + BLOCK {
                    let i = y * w + x;
                    change += (a.0[i] - b.0[i]).abs();
                    off_mix += (m.0[i] - 0.5 * (a.0[i] + b.0[i])).abs();
                }
            }
            let n = (BLOCK * BLOCK) as f32;
            let (change, off_mix) = (change / n, off_mix / n);
            if change > CHANGE {
                changed += change;
                if off_mix < GHOST_RATIO * change {
                    ghosted += change;
                }
            }
        }
    }
    (changed > 0.0).then(|| 1.0 - ghosted / changed)
}

/// Brightness at most [`SIDE`] wide (block-averaged), with its size.
fn luma(image: &RgbaImage) -> (Vec<f32>, usize, usize) {
    let k = image.width().div_ceil(SIDE).max(1);
    let (w, h) = ((image.width() / k).max(1), (image.height() / k).max(1));
    let mut out = vec![0f32; (w * h) as usize];
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0f32;
            for yy in y * k..((y + 1) * k).min(image.height()) {
                for xx in x * k..((x + 1) * k).min(image.width()) {
                    let p = image.get_pixel(xx, yy).0;
                    sum +=
                        0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]);
                }
            }
            out[(y * w + x) as usize] = sum / (k * k) as f32;
        }
    }
    (out, w as usize, h as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bright square on a dark ground at `x`.
    fn square(x: u32) -> RgbaImage {
        RgbaImage::from_fn(160, 90, |px, py| {
            let inside = (x..x + 30).contains(&px) && (30..60).contains(&py);
            let v = if inside { 220 } else { 30 };
            image::Rgba([v, v, v, 255])
        })
    }

    #[test]
    fn a_moved_square_is_clean_and_a_dissolved_one_ghosts() {
        let (a, b) = (square(20), square(100));
        let moved = square(60);
        assert!(clean_score(&a, &b, &moved).unwrap() > 0.9);
        let mix = crate::render::mix(&a, &b, 0.5);
        assert!(clean_score(&a, &b, &mix).unwrap() < 0.1);
        // A held side is no ghost either.
        assert!(clean_score(&a, &b, &a).unwrap() > 0.9);
        assert_eq!(clean_score(&a, &a, &a), None, "nothing changes");
    }
}
