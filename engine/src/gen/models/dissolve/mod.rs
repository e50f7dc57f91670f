//! The dissolve: each gap frame is a weighted mix of the two sides.

use image::RgbaImage;

use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;
use crate::render::mix;

/// A cross-dissolve from the frame before the gap to the frame after it.
pub struct Dissolve;

struct PreparedDissolve {
    before: RgbaImage,
    after: RgbaImage,
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
        }))
    }
}

impl PreparedGap for PreparedDissolve {
    fn frame_at(&self, t: f64) -> RgbaImage {
        mix(&self.before, &self.after, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use crate::project::GapSettings;

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
}
