//! The default gap model: motion between the two boundary frames, measured
//! on the device with TV-L1 optical flow in both directions, and frames at
//! any t synthesised by projecting that motion to t, warping both sides and
//! blending them where each can be seen. No weights, nothing downloaded.

mod blend;
mod projection;
mod search;
mod synthesis;
pub(crate) mod tensors;
mod tvl1;

use image::RgbaImage;

pub use tvl1::TvL1;

use crate::r#gen::hold::without_motion;
use crate::r#gen::pixels::Pixels;
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;
pub(crate) use synthesis::Motion;
use synthesis::trust;
use tvl1::FlowError;

/// Motion is measured on pictures shrunk by a whole factor until neither
/// side is longer than this, and the flow scaled back up: motion is smooth,
/// it keeps 720p fast (measured at 640x360), and it bounds the time and
/// memory of measuring an 8K frame's motion to those of a 960-pixel one.
const FLOW_MAX_SIDE: u32 = 960;

/// The whole factor a w×h frame is shrunk by to measure its motion.
fn flow_shrink(w: u32, h: u32) -> u32 {
    w.max(h).div_ceil(FLOW_MAX_SIDE).max(1)
}

/// The motion model.
#[derive(Default)]
pub struct MotionModel {
    /// The flow estimator's settings.
    pub tvl1: TvL1,
}

/// Below this many pixels a side, there is no motion worth measuring (and
/// no room for a pyramid): the gap dissolves instead.
const MIN_SIDE: u32 = 16;

enum PreparedMotion {
    Moving(Motion),
    /// Too small to measure: a dissolve.
    Dissolve(RgbaImage, RgbaImage),
}

impl GapModel for MotionModel {
    fn id(&self) -> &'static str {
        "motion"
    }

    fn version(&self) -> u32 {
        // 2: Auto mode holds and cuts across scene changes.
        // 3: a coarse search (and the camera's motion) for large motions;
        //    Catmull-Rom sampling in the synthesis.
        // 4: held frames across a scene change push in (the `push` setting).
        // 5: the warp is believed where both warped sides agree, not only
        //    where the measured trust is high; TV-L1 at 4 warps of 20
        //    iterations.
        // 6: a second search around the flow a few levels finer; the
        //    camera's motion fitted from the displacement most of the
        //    picture shares.
        // 7: both searches match colour as well as brightness.
        7
    }

    fn label(&self) -> &'static str {
        "Motion"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        if let Some(gap) = without_motion(inputs) {
            return Ok(gap);
        }
        let (before, after) = (inputs.before, inputs.after);
        let Some(motion) = self.measured(before, after, sink)? else {
            return Ok(Box::new(PreparedMotion::Dissolve(
                before.clone(),
                after.clone(),
            )));
        };
        Ok(Box::new(PreparedMotion::Moving(motion)))
    }
}

impl MotionModel {
    /// The motion between two frames of one size, measured; None when they
    /// are too small to measure (the model dissolves them).
    pub(crate) fn measured(
        &self,
        before: &RgbaImage,
        after: &RgbaImage,
        sink: &dyn ProgressSink,
    ) -> Result<Option<Motion>, GenError> {
        let shrink = flow_shrink(before.width(), before.height());
        if before.width().min(before.height()) / shrink < MIN_SIDE {
            return Ok(None);
        }
        self.measure(before, after, sink).map(Some)
    }

    fn measure(
        &self,
        before: &RgbaImage,
        after: &RgbaImage,
        sink: &dyn ProgressSink,
    ) -> Result<Motion, GenError> {
        let tensor_error = |e: candle_core::Error| GenError::Model(e.to_string());
        let flow_error = |e: FlowError| match e {
            FlowError::Cancelled => GenError::Cancelled,
            FlowError::Tensor(e) => GenError::Model(e.to_string()),
        };
        let shrink = flow_shrink(before.width(), before.height()) as usize;
        let (before_small, after_small) = (
            Pixels::shrunk(before, shrink),
            Pixels::shrunk(after, shrink),
        );
        let s0 = tensors::luma_and_colour(&before_small).map_err(tensor_error)?;
        let s1 = tensors::luma_and_colour(&after_small).map_err(tensor_error)?;
        let (_, fh, fw) = s0.dims3().map_err(tensor_error)?;
        sink.progress(0, 2, "Measuring motion");
        // Both directions at once: each keeps a core busy between the
        // parallel loops inside (warps, resizing, the search).
        let (f01, f10) = rayon::join(
            || self.tvl1.flow(&s0, &s1, sink),
            || self.tvl1.flow(&s1, &s0, sink),
        );
        let (f01, f10) = (f01.map_err(flow_error)?, f10.map_err(flow_error)?);
        sink.progress(2, 2, "Measuring motion");
        let vector = |t: &candle_core::Tensor| {
            t.flatten_all()
                .and_then(|t| t.to_vec1::<f32>())
                .map_err(tensor_error)
        };
        let (f01, f10) = (vector(&f01)?, vector(&f10)?);
        let luma = |t: &candle_core::Tensor| vector(&t.narrow(0, 0, 1).map_err(tensor_error)?);
        let (l0, l1) = (luma(&s0)?, luma(&s1)?);
        let trust0 = trust(&f01, &f10, &l0, &l1, fw, fh);
        let trust1 = trust(&f10, &f01, &l1, &l0, fw, fh);
        Ok(Motion {
            before: before.into(),
            after: after.into(),
            before_small,
            after_small,
            f01,
            f10,
            trust0,
            trust1,
            fw,
            fh,
        })
    }
}

impl PreparedGap for PreparedMotion {
    fn frame_at(&self, t: f64) -> RgbaImage {
        let motion = match self {
            PreparedMotion::Dissolve(a, b) => return crate::render::mix(a, b, t),
            PreparedMotion::Moving(motion) => motion,
        };
        motion.frame_at(t.clamp(0.0, 1.0) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::test_pictures::textured;
    use crate::jobs::NoProgress;
    use crate::project::{GapMode, GapSettings};

    fn inputs<'a>(a: &'a RgbaImage, b: &'a RgbaImage, settings: &'a GapSettings) -> GapInputs<'a> {
        GapInputs {
            before: a,
            after: b,
            before_prompt: "",
            after_prompt: "",
            settings,
            length_frames: 1,
        }
    }

    #[test]
    fn motion_is_measured_at_most_960_pixels_wide() {
        for (w, h, shrink) in [
            (640, 360, 1),
            (960, 540, 1),
            (1280, 720, 2),
            (1920, 1080, 2),
            (3840, 2160, 4),
            (7680, 4320, 8),
            (1080, 1920, 2),
        ] {
            assert_eq!(flow_shrink(w, h), shrink, "{w}x{h}");
            assert!(w.max(h) / shrink <= FLOW_MAX_SIDE);
        }
    }

    #[test]
    fn a_long_thin_frame_dissolves_instead_of_measuring_nothing() {
        // 4000 wide shrinks by 5, leaving 4 rows: no motion to measure.
        let settings = GapSettings {
            mode: GapMode::Motion,
            ..GapSettings::default()
        };
        let (a, b) = (textured(4000, 20, 0.0), textured(4000, 20, 3.0));
        let made = MotionModel::default()
            .prepare(&inputs(&a, &b, &settings), &NoProgress)
            .unwrap()
            .frame_at(0.5);
        assert_eq!(made, crate::render::mix(&a, &b, 0.5));
    }

    #[test]
    fn identical_frames_come_back_unchanged() {
        let a = textured(64, 48, 0.0);
        let settings = GapSettings::default();
        let gap = MotionModel::default()
            .prepare(&inputs(&a, &a, &settings), &NoProgress)
            .unwrap();
        assert_eq!(gap.frame_at(0.37), a);
    }

    #[test]
    fn tiny_frames_dissolve_instead_of_failing() {
        // Motion mode: in Auto these two flat colours would (rightly) be a cut.
        let settings = GapSettings {
            mode: GapMode::Motion,
            ..GapSettings::default()
        };
        for (w, h) in [(1, 1), (7, 5), (15, 40)] {
            let a = RgbaImage::from_pixel(w, h, image::Rgba([0, 0, 0, 255]));
            let b = RgbaImage::from_pixel(w, h, image::Rgba([200, 100, 50, 255]));
            let gap = MotionModel::default()
                .prepare(&inputs(&a, &b, &settings), &NoProgress)
                .unwrap();
            assert_eq!(
                gap.frame_at(0.5).get_pixel(0, 0).0,
                [100, 50, 25, 255],
                "{w}x{h}"
            );
        }
    }

    #[test]
    fn a_moving_pattern_is_found_halfway() {
        let settings = GapSettings::default();
        let (a, b, middle) = (
            textured(96, 64, 0.0),
            textured(96, 64, 8.0),
            textured(96, 64, 4.0),
        );
        let gap = MotionModel::default()
            .prepare(&inputs(&a, &b, &settings), &NoProgress)
            .unwrap();
        let made = gap.frame_at(0.5);
        let error = |x: &RgbaImage| -> f64 {
            // Inside a margin: the pattern enters at the left edge.
            let mut sum = 0.0;
            for y in 8..56 {
                for xx in 16..88 {
                    for c in 0..3 {
                        sum += (f64::from(x.get_pixel(xx, y)[c])
                            - f64::from(middle.get_pixel(xx, y)[c]))
                        .abs();
                    }
                }
            }
            sum / (48.0 * 72.0 * 3.0)
        };
        let dissolve = crate::render::mix(&a, &b, 0.5);
        assert!(
            error(&made) < 3.0,
            "the motion frame is off by {:.2} on average",
            error(&made)
        );
        assert!(
            error(&made) < error(&dissolve) / 4.0,
            "motion beats a dissolve"
        );
    }

    #[test]
    fn frames_with_alpha_are_read_as_opaque_pictures() {
        let settings = GapSettings::default();
        let mut a = textured(48, 32, 0.0);
        let b = textured(48, 32, 2.0);
        a.pixels_mut().for_each(|p| p[3] = 40);
        let made = MotionModel::default()
            .prepare(&inputs(&a, &b, &settings), &NoProgress)
            .unwrap()
            .frame_at(0.5);
        assert!(made.pixels().all(|p| p[3] == 255));
    }

    #[test]
    fn auto_holds_and_cuts_between_scenes_but_motion_mode_does_not() {
        let warm = RgbaImage::from_fn(64, 48, |x, y| {
            image::Rgba([200, (x * 2) as u8, (y * 3) as u8, 255])
        });
        let cold = RgbaImage::from_fn(64, 48, |x, y| {
            image::Rgba([(y * 3) as u8, (x * 2) as u8, 220, 255])
        });
        let still = GapSettings {
            push: false,
            ..GapSettings::default()
        };
        let gap = MotionModel::default()
            .prepare(&inputs(&warm, &cold, &still), &NoProgress)
            .unwrap();
        assert_eq!(gap.frame_at(0.3), warm);
        assert_eq!(gap.frame_at(0.5), cold);
        let pushing = MotionModel::default()
            .prepare(&inputs(&warm, &cold, &GapSettings::default()), &NoProgress)
            .unwrap();
        assert_eq!(pushing.frame_at(0.3), crate::r#gen::pushed(&warm, 0.3));
        assert_eq!(pushing.frame_at(0.5), crate::r#gen::pushed(&cold, 0.5));
        let motion = GapSettings {
            mode: GapMode::Motion,
            ..GapSettings::default()
        };
        let morph = MotionModel::default()
            .prepare(&inputs(&warm, &cold, &motion), &NoProgress)
            .unwrap();
        assert_ne!(morph.frame_at(0.3), warm, "motion mode never holds");
    }

    #[test]
    fn cancelling_stops_the_measurement() {
        struct Cancelled;
        impl ProgressSink for Cancelled {
            fn progress(&self, _: u64, _: u64, _: &str) {}
            fn is_cancelled(&self) -> bool {
                true
            }
        }
        let settings = GapSettings::default();
        let (a, b) = (textured(64, 48, 0.0), textured(64, 48, 3.0));
        let result = MotionModel::default().prepare(&inputs(&a, &b, &settings), &Cancelled);
        assert!(matches!(result, Err(GenError::Cancelled)));
    }
}
