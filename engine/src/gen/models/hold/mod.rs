//! The Hold and Cut modes: no in-between at all, by choice.

use image::RgbaImage;

use crate::r#gen::scene::is_cut;
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs, pushed};
use crate::jobs::ProgressSink;
use crate::project::GapMode;

/// Hold the frame before through the gap (`Hold`), or each side to the
/// middle (`Cut`, the middle frame belonging to the next shot); with the
/// gap's `push` setting, the held frames push in gently (see `Held`).
pub struct HoldOrCut;

impl GapModel for HoldOrCut {
    fn id(&self) -> &'static str {
        "hold"
    }

    fn version(&self) -> u32 {
        // 2: held frames push in (the gap's `push` setting).
        2
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
        Ok(Box::new(Held {
            before: inputs.before.clone(),
            after: inputs.after.clone(),
            cut_at,
            push: inputs.settings.push,
        }))
    }
}

/// What a model that measures motion (motion, IFNet) gives without
/// measuring: when both sides are the same picture, that picture; in Auto
/// mode, when they are not one scene, each side held (pushing in with the
/// gap's `push`) and a cut at the middle. None: there is motion to measure.
pub(crate) fn without_motion(inputs: &GapInputs<'_>) -> Option<Box<dyn PreparedGap>> {
    let (before, after) = (inputs.before, inputs.after);
    if before.as_raw() == after.as_raw() {
        return Some(Box::new(Held {
            before: before.clone(),
            after: after.clone(),
            cut_at: f64::INFINITY,
            push: false,
        }));
    }
    if inputs.settings.mode == GapMode::Auto && is_cut(before, after) {
        return Some(Box::new(Held {
            before: before.clone(),
            after: after.clone(),
            cut_at: 0.5,
            push: inputs.settings.push,
        }));
    }
    None
}

/// Each side held on its side of `cut_at`. With `push`, the frame before
/// pushes in as the gap goes on, and the frame after starts pushed in and
/// settles back, so both meet their cards' own frames exactly.
pub(crate) struct Held {
    pub before: RgbaImage,
    pub after: RgbaImage,
    pub cut_at: f64,
    pub push: bool,
}

impl PreparedGap for Held {
    fn frame_at(&self, t: f64) -> RgbaImage {
        let t = t.clamp(0.0, 1.0);
        let (side, amount) = if t < self.cut_at {
            (&self.before, t)
        } else {
            (&self.after, 1.0 - t)
        };
        if self.push {
            pushed(side, amount as f32)
        } else {
            side.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use crate::project::GapSettings;

    fn frame(w: u32, h: u32, k: u32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x * k) as u8, (y * 9) as u8, 50, 255])
        })
    }

    fn made(mode: GapMode, push: bool, t: f64) -> RgbaImage {
        let (a, b) = (frame(33, 21, 5), frame(33, 21, 7));
        let settings = GapSettings {
            mode,
            push,
            ..GapSettings::default()
        };
        let inputs = GapInputs::frames(&a, &b, &settings);
        HoldOrCut.prepare(&inputs, &NoProgress).unwrap().frame_at(t)
    }

    #[test]
    fn cut_switches_sides_at_the_middle_and_hold_never_does() {
        let (a, b) = (frame(33, 21, 5), frame(33, 21, 7));
        assert_eq!(made(GapMode::Cut, false, 0.4), a);
        assert_eq!(made(GapMode::Cut, false, 0.5), b);
        assert_eq!(made(GapMode::Hold, false, 0.9), a);
    }

    #[test]
    fn a_push_moves_the_held_frames_towards_the_cut() {
        let (a, b) = (frame(33, 21, 5), frame(33, 21, 7));
        assert_eq!(made(GapMode::Cut, true, 0.4), pushed(&a, 0.4));
        assert_eq!(made(GapMode::Cut, true, 0.75), pushed(&b, 0.25));
        assert_ne!(made(GapMode::Cut, true, 0.4), a, "not a freeze");
        assert_eq!(made(GapMode::Hold, true, 0.9), pushed(&a, 0.9));
    }
}
