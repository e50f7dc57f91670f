//! The dissolve: each gap frame is a weighted mix of the two sides; and
//! the fades through black or white (a gap in a fade mode), the frame
//! before mixed to the colour by the middle and the colour to the frame
//! after.

use image::RgbaImage;

use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;
use crate::render::dissolve_or_fade;

/// A cross-dissolve from the frame before the gap to the frame after it,
/// or through a colour in the fade modes.
pub struct Dissolve;

struct PreparedDissolve {
    before: RgbaImage,
    after: RgbaImage,
    /// The grey a fade goes through; None for a dissolve.
    level: Option<u8>,
}

impl GapModel for Dissolve {
    fn id(&self) -> &'static str {
        "dissolve"
    }

    fn version(&self) -> u32 {
        1
    }

    fn label(&self) -> &'static str {
        "Dissolve"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        if sink.is_cancelled() {
            return Err(GenError::Cancelled);
        }
        Ok(Box::new(PreparedDissolve {
            before: inputs.before.clone(),
            after: inputs.after.clone(),
            level: inputs.settings.mode.fade_level(),
        }))
    }
}

impl PreparedGap for PreparedDissolve {
    fn frame_at(&self, t: f64) -> RgbaImage {
        dissolve_or_fade(&self.before, &self.after, t, self.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use crate::project::{GapMode, GapSettings};

    #[test]
    fn mixes_by_t_and_checks_sizes() {
        let a = RgbaImage::from_pixel(4, 2, image::Rgba([0, 0, 0, 255]));
        let b = RgbaImage::from_pixel(4, 2, image::Rgba([200, 100, 40, 255]));
        let settings = GapSettings::default();
        let inputs = GapInputs {
            before: &a,
            after: &b,
            before_prompt: "",
            after_prompt: "",
            settings: &settings,
            length_frames: 3,
        };
        let gap = Dissolve.prepare(&inputs, &NoProgress).unwrap();
        assert_eq!(gap.frame_at(0.25).get_pixel(0, 0).0, [50, 25, 10, 255]);
        let small = RgbaImage::new(2, 2);
        let bad = GapInputs {
            after: &small,
            ..inputs
        };
        assert_eq!(
            Dissolve.prepare(&bad, &NoProgress).err(),
            Some(GenError::SizeMismatch(4, 2, 2, 2))
        );
    }

    #[test]
    fn goes_down_to_the_colour_at_the_middle_and_up_to_the_other_side() {
        let a = RgbaImage::from_pixel(4, 2, image::Rgba([200, 100, 40, 255]));
        let b = RgbaImage::from_pixel(4, 2, image::Rgba([20, 60, 240, 255]));
        for (mode, level) in [
            (GapMode::FadeThroughBlack, 0),
            (GapMode::FadeThroughWhite, 255),
        ] {
            let settings = GapSettings {
                mode,
                ..GapSettings::default()
            };
            let inputs = GapInputs::frames(&a, &b, &settings);
            let gap = Dissolve.prepare(&inputs, &NoProgress).unwrap();
            assert_eq!(
                gap.frame_at(0.5).get_pixel(0, 0).0,
                [level, level, level, 255]
            );
            // A quarter in: half way from `a` to the colour, nothing of `b`.
            let quarter = gap.frame_at(0.25).get_pixel(0, 0).0;
            let want = |x: u8| ((u32::from(x) + u32::from(level)) / 2) as i32;
            assert!(
                (i32::from(quarter[0]) - want(200)).abs() <= 1,
                "{quarter:?}"
            );
            assert!((i32::from(quarter[2]) - want(40)).abs() <= 1, "{quarter:?}");
            let late = gap.frame_at(0.75).get_pixel(0, 0).0;
            assert!((i32::from(late[2]) - want(240)).abs() <= 1, "{late:?}");
            assert_eq!(gap.frame_at(0.0), a);
            assert_eq!(gap.frame_at(1.0), b);
        }
    }
}
