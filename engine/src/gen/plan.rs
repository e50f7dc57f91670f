//! Which model fills a gap, and when each of its frames falls.

use std::sync::Arc;

use super::motion::MotionModel;
use super::{AutoModel, CameraMove, Dissolve, GapModel, HoldOrCut};
use crate::project::GapMode;

/// Gaps longer than this ease in and out instead of moving at a constant speed.
pub const EASE_FROM_FRAMES: i64 = 12;

/// The model that fills a gap in `mode`.
pub fn model_for(mode: GapMode) -> Arc<dyn GapModel> {
    match mode {
        GapMode::Auto => Arc::new(AutoModel::new(Arc::new(MotionModel::default()))),
        GapMode::Motion => Arc::new(MotionModel::default()),
        GapMode::Dissolve | GapMode::FadeThroughBlack | GapMode::FadeThroughWhite => {
            Arc::new(Dissolve)
        }
        GapMode::CameraMove => Arc::new(CameraMove),
        GapMode::Hold | GapMode::Cut => Arc::new(HoldOrCut),
    }
}

/// Where frame `index` of a gap of `length` frames falls between its sides:
/// evenly spaced strictly inside (0, 1), eased (smoothstep) for long gaps so
/// motion starts and ends gently rather than mechanically.
pub fn gap_t(index: i64, length: i64) -> f64 {
    let t = (index + 1) as f64 / (length + 1) as f64;
    if length > EASE_FROM_FRAMES {
        t * t * (3.0 - 2.0 * t)
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_gaps_are_linear_and_long_ones_ease() {
        assert_eq!(gap_t(0, 1), 0.5);
        assert_eq!(gap_t(2, 3), 0.75);
        let long: Vec<f64> = (0..24).map(|i| gap_t(i, 24)).collect();
        assert!(long.windows(2).all(|w| w[1] > w[0]), "still moving forward");
        assert!(long[0] < 1.0 / 25.0, "starts slower than linear");
        assert!((long[12] - 0.5).abs() < 0.07, "passes the middle mid-gap");
        assert!(long.iter().all(|t| *t > 0.0 && *t < 1.0));
    }

    #[test]
    fn each_mode_has_its_model() {
        let ids: Vec<&str> = GapMode::ALL.iter().map(|m| model_for(*m).id()).collect();
        assert_eq!(
            ids,
            [
                "auto", "motion", "dissolve", "dissolve", "dissolve", "camera", "hold", "hold"
            ]
        );
    }
}
