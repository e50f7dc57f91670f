//! The Auto mode: looks at a gap's two sides, picks how to fill it and says
//! why ([`AutoChoice`], recorded with the gap's recipe and shown by the
//! inspector and the timeline).
//!
//! In order:
//! - the same picture on both sides: hold it;
//! - one picture in two framings (a pan, a push or pull, a small turn:
//!   `gen::framing` registers them and almost nothing is left
//!   over): a camera move between the framings (tried before the scene
//!   test, since a close-up has other colours than its wide shot);
//! - two different scenes (`gen::scene`): hold each side, cut in
//!   the middle;
//! - otherwise the same scene with things moving: the motion model (or the
//!   model the gap names).

use std::sync::Arc;

use image::RgbaImage;

use crate::r#gen::camera::between;
use crate::r#gen::framing::{self, Framing};
use crate::r#gen::hold::without_motion;
use crate::r#gen::scene::CUT_THRESHOLD;
use crate::r#gen::scene::cut_score;
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs, fnv32};
use crate::jobs::ProgressSink;
use crate::project::{AutoChoice, GapMode};

/// What is left after registering two framings of one picture, as a part
/// of what a wrong framing leaves (`framing::find_scored`), at most: a
/// crop of a picture measures 0.02–0.12, one scene with things moving
/// 0.13–0.37.
pub const CAMERA_RESIDUAL: f32 = 0.12;

/// This code's version, part of every Auto gap's cache key (2: framings
/// overlapping by 35% are found).
const VERSION: u32 = 2;

/// The Auto mode's model, its motion branch filled by `motion`.
pub struct AutoModel {
    motion: Arc<dyn GapModel>,
}

impl AutoModel {
    /// Auto, with `motion` for the gaps where things move.
    pub fn new(motion: Arc<dyn GapModel>) -> Self {
        Self { motion }
    }
}

/// How Auto would fill a gap between `before` and `after`, and why.
pub fn decide(before: &RgbaImage, after: &RgbaImage) -> (AutoChoice, Option<Framing>) {
    if before.as_raw() == after.as_raw() {
        return (
            choice(GapMode::Hold, "both sides are the same picture".into()),
            None,
        );
    }
    let size = (before.width() as f32, before.height() as f32);
    // Framings first: a close-up of a picture has other colours than the
    // wide shot, but it is no scene change.
    let found = framing::find_scored(before, after);
    if let Some((framing, residual)) = found
        && residual <= CAMERA_RESIDUAL
        && moves(&framing, size)
    {
        let why = format!("frame B is frame A {}", describe(&framing, size));
        return (choice(GapMode::CameraMove, why), Some(framing));
    }
    let score = cut_score(before, after);
    if score > CUT_THRESHOLD {
        let why = format!(
            "the two sides are different scenes ({:.0}% of their colours differ)",
            score * 100.0
        );
        return (choice(GapMode::Cut, why), None);
    }
    let why = match found {
        Some((framing, _)) if moves(&framing, size) => format!(
            "the camera moves (frame B is roughly frame A {}) and things move in the picture too",
            describe(&framing, size)
        ),
        _ => "one scene, and things move in it".to_owned(),
    };
    (choice(GapMode::Motion, why), None)
}

fn choice(mode: GapMode, why: String) -> AutoChoice {
    AutoChoice { mode, why }
}

/// True when the framing changes the picture enough to be a camera move:
/// a zoom past 4%, a move past 1.5% of the width, or a turn past 0.7°.
fn moves(framing: &Framing, size: (f32, f32)) -> bool {
    let c = [(size.0 - 1.0) / 2.0, (size.1 - 1.0) / 2.0];
    let centre = framing.centre(size);
    let shift = (centre[0] - c[0]).hypot(centre[1] - c[1]) / size.0;
    framing.scale.ln().abs() > 0.04f32.ln_1p() || shift > 0.015 || framing.angle.abs() > 0.012
}

/// "zoomed 2.1× toward the lower right", "panned 25% of the width to the
/// right", "pulled out 2.0× from the upper left", with a turn when there is one.
pub fn describe(framing: &Framing, size: (f32, f32)) -> String {
    let c = [(size.0 - 1.0) / 2.0, (size.1 - 1.0) / 2.0];
    let centre = framing.centre(size);
    let (dx, dy) = ((centre[0] - c[0]) / size.0, (centre[1] - c[1]) / size.1);
    let place = |dx: f32, dy: f32| -> Option<String> {
        let vertical = if dy > 0.04 {
            Some("lower")
        } else if dy < -0.04 {
            Some("upper")
        } else {
            None
        };
        let horizontal = if dx > 0.04 {
            Some("right")
        } else if dx < -0.04 {
            Some("left")
        } else {
            None
        };
        match (vertical, horizontal) {
            (Some(v), Some(h)) => Some(format!("{v} {h}")),
            (Some(v), None) => Some(format!("{v} middle")),
            (None, Some(h)) => Some(h.to_owned()),
            (None, None) => None,
        }
    };
    let zoom = 1.0 / framing.scale;
    let mut text = if zoom > 1.04 {
        match place(dx, dy) {
            Some(p) => format!("zoomed {zoom:.1}× toward the {p}"),
            None => format!("zoomed {zoom:.1}× toward the centre"),
        }
    } else if zoom < 1.0 / 1.04 {
        // The after frame's centre is where the camera pulls back to.
        match place(dx, dy) {
            Some(p) => format!("pulled out {:.1}× toward the {p}", 1.0 / zoom),
            None => format!("pulled out {:.1}×", 1.0 / zoom),
        }
    } else {
        let across = match (dx.abs() > 0.01, dy.abs() > 0.01) {
            (true, true) => format!(
                "{:.0}% of the width to the {} and {:.0}% of the height {}",
                dx.abs() * 100.0,
                if dx > 0.0 { "right" } else { "left" },
                dy.abs() * 100.0,
                if dy > 0.0 { "down" } else { "up" }
            ),
            (true, false) => format!(
                "{:.0}% of the width to the {}",
                dx.abs() * 100.0,
                if dx > 0.0 { "right" } else { "left" }
            ),
            (false, _) => format!(
                "{:.0}% of the height {}",
                dy.abs() * 100.0,
                if dy > 0.0 { "down" } else { "up" }
            ),
        };
        format!("panned {across}")
    };
    let degrees = framing.angle.to_degrees();
    if degrees.abs() >= 0.7 {
        text.push_str(&format!(
            ", turned {:.0}° {}",
            degrees.abs(),
            if degrees > 0.0 {
                "clockwise"
            } else {
                "anticlockwise"
            }
        ));
    }
    text
}

/// A gap Auto filled, with what it chose.
struct Chosen {
    gap: Box<dyn PreparedGap>,
    choice: AutoChoice,
}

impl PreparedGap for Chosen {
    fn frame_at(&self, t: f64) -> RgbaImage {
        self.gap.frame_at(t)
    }

    fn try_frame_at(&self, t: f64) -> Result<RgbaImage, GenError> {
        self.gap.try_frame_at(t)
    }

    fn choice(&self) -> Option<AutoChoice> {
        Some(self.choice.clone())
    }
}

impl GapModel for AutoModel {
    fn id(&self) -> &'static str {
        "auto"
    }

    /// This code's version with the motion model's id and version, so a
    /// gap Auto fills with another motion model is another result.
    fn version(&self) -> u32 {
        let id = fnv32(self.motion.id().as_bytes());
        VERSION ^ id.rotate_left(5) ^ self.motion.version().wrapping_mul(0x9e37_79b9)
    }

    fn label(&self) -> &'static str {
        "Auto"
    }

    fn reads_prompts(&self) -> bool {
        self.motion.reads_prompts()
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        sink.progress(0, 1, "Choosing how to fill the gap");
        let (choice, framing) = decide(inputs.before, inputs.after);
        if sink.is_cancelled() {
            return Err(GenError::Cancelled);
        }
        let gap = match (choice.mode, framing) {
            (GapMode::CameraMove, Some(framing)) => between(inputs.before, inputs.after, framing),
            (GapMode::Hold | GapMode::Cut, _) => match without_motion(inputs) {
                Some(gap) => gap,
                None => self.motion.prepare(inputs, sink)?,
            },
            _ => self.motion.prepare(inputs, sink)?,
        };
        Ok(Box::new(Chosen { gap, choice }))
    }
}

#[cfg(test)]
mod tests;
