//! The fade through black or white: the frame before the gap fades to the
//! colour by the gap's middle, and the frame after it fades up from it.

use image::RgbaImage;

use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;
use crate::render::fade_through;

/// A fade through black (Fade through black) or white (Fade through white).
pub struct Fade;

struct PreparedFade {
    before: RgbaImage,
    after: RgbaImage,
    level: u8,
}

impl GapModel for Fade {
    fn id(&self) -> &'static str {
        "fade"
    }

    fn version(&self) -> u32 {
        1
    }

    fn label(&self) -> &'static str {
        "Fade"
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
        Ok(Box::new(PreparedFade {
            before: inputs.before.clone(),
            after: inputs.after.clone(),
            level: inputs.settings.mode.fade_level().unwrap_or(0),
        }))
    }
}

impl PreparedGap for PreparedFade {
    fn frame_at(&self, t: f64) -> RgbaImage {
        fade_through(&self.before, &self.after, t, self.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use crate::project::{GapMode, GapSettings};

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
            let gap = Fade.prepare(&inputs, &NoProgress).unwrap();
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
