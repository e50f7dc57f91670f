//! A frame as a model believes it: its RGB values and, per pixel, how much
//! the model itself doubts them. What the fused model combines
//! (`models::fused`).
//!
//! A moving model warps both sides to t and blends them. Where the two
//! warped sides show the same colours and both count, the motion is
//! confirmed; where they differ and both count, the pixel is part one
//! picture and part another (a ghost), by about how much they differ. So
//! the doubt of a pixel blended as `w·s0 + (1 − w)·s1` is
//! `4·w·(1 − w)·|s0 − s1|` (mean absolute RGB difference, 0–255): zero where
//! one side alone is seen (an occlusion the model resolved) or both agree,
//! the whole difference at an even blend. A pixel the model leaves to a
//! dissolve doubts by the same rule, with the frames' own pixels as the
//! sides.

use image::RgbaImage;

/// A model's frame at some t, with its doubt.
pub struct Estimate {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// RGB, 0–255, unrounded and unclamped, row by row.
    pub rgb: Vec<[f32; 3]>,
    /// Per pixel, 0–255: see the module's text.
    pub doubt: Vec<f32>,
}

impl Estimate {
    /// The values as a picture (rounded, clamped to 0–255, opaque).
    pub fn to_image(&self) -> RgbaImage {
        let mut out = RgbaImage::new(self.width as u32, self.height as u32);
        for (px, v) in out.chunks_exact_mut(4).zip(&self.rgb) {
            for (out, v) in px.iter_mut().zip(v) {
                *out = (v.clamp(0.0, 255.0) + 0.5) as u8;
            }
            px[3] = 255;
        }
        out
    }
}

/// The doubt of a pixel blended as `weight·a + (1 − weight)·b`.
#[inline]
pub(crate) fn blend_doubt(weight: f32, a: &[f32], b: &[f32]) -> f32 {
    let difference = ((a[0] - b[0]).abs() + (a[1] - b[1]).abs() + (a[2] - b[2]).abs()) / 3.0;
    4.0 * weight * (1.0 - weight) * difference
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_even_blend_of_different_colours_is_doubted_fully() {
        let (red, blue) = ([200.0, 0.0, 0.0], [0.0, 0.0, 200.0]);
        assert!((blend_doubt(0.5, &red, &blue) - 400.0 / 3.0).abs() < 1e-3);
        assert_eq!(blend_doubt(1.0, &red, &blue), 0.0);
        assert_eq!(blend_doubt(0.0, &red, &blue), 0.0);
        assert_eq!(blend_doubt(0.5, &red, &red), 0.0);
        assert!(blend_doubt(0.9, &red, &blue) < blend_doubt(0.6, &red, &blue));
    }
}
