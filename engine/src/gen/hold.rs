//! The Hold and Cut modes: no in-between at all, by choice.

use image::RgbaImage;

use super::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;
use crate::project::GapMode;

/// Hold the frame before through the gap (`Hold`), or each side to the
/// middle (`Cut`, the middle frame belonging to the next shot).
pub struct HoldOrCut;

struct Prepared {
    before: RgbaImage,
    after: RgbaImage,
    cut_at: f64,
}

impl GapModel for HoldOrCut {
    fn id(&self) -> &'static str {
        "hold"
    }

    fn version(&self) -> u32 {
        1
    }

    fn label(&self) -> &'static str {
        "Hold / Cut"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        _sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        let cut_at = if inputs.settings.mode == GapMode::Cut {
            0.5
        } else {
            f64::INFINITY
        };
        Ok(Box::new(Prepared {
            before: inputs.before.clone(),
            after: inputs.after.clone(),
            cut_at,
        }))
    }
}

impl PreparedGap for Prepared {
    fn frame_at(&self, t: f64) -> RgbaImage {
        if t < self.cut_at {
            self.before.clone()
        } else {
            self.after.clone()
        }
    }
}
