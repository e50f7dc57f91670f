//! Gap models: what fills the frames between two cards.
//!
//! A [`GapModel`] is given a gap's inputs (the last frame before it, the first
//! frame after it, both cards' prompts, the gap's own settings and its
//! length) and prepares the gap once ([`GapModel::prepare`], where a motion
//! model estimates motion); the prepared gap then gives the frame at any
//! t ∈ (0, 1). The [`Registry`] lists the models the app and CLI can choose.
//!
//! The models: [`AutoModel`] (the default mode's: it looks at the two sides
//! and holds, cuts, moves the camera between two framings or measures
//! motion, saying why), [`motion`] (measured motion), [`Dissolve`],
//! [`CameraMove`] (a pan and zoom between the two framings) and
//! [`HoldOrCut`]; and, when the user has weights for it, the neural
//! [`ifnet`] (RIFE's network).
//! [`fill_gap`] runs one for a gap and files its frames in the cache.

pub mod confidence;
pub mod estimate;
mod fill;
mod framing;
pub mod installed;
pub mod models;
mod pixels;
mod plan;
mod registry;
pub mod scene;
mod takes;
#[cfg(test)]
mod test_pictures;
pub mod warp;

use image::RgbaImage;

pub use fill::{CachedGaps, FillOutcome, Filled, GapJob, fill_gap, gap_job};
pub use models::auto::{AutoModel, decide};
pub use models::camera::{CameraMove, PUSH, pushed};
pub use models::dissolve::Dissolve;
pub(crate) use models::hold;
pub use models::hold::HoldOrCut;
pub use models::{camera, fused, ifnet, motion};
pub use plan::{gap_t, model_for};
pub use registry::{CATALOGUE, ModelInfo, Registry, UPGRADE, model_info};
pub use takes::{Take, fill_take, takes_for};

use crate::jobs::ProgressSink;
use crate::project::{AutoChoice, GapSettings};

/// Everything a gap's frames depend on.
#[derive(Debug, Clone)]
pub struct GapInputs<'a> {
    /// The last frame before the gap (t = 0).
    pub before: &'a RgbaImage,
    /// The first frame after the gap (t = 1).
    pub after: &'a RgbaImage,
    /// The prompt of the card before.
    pub before_prompt: &'a str,
    /// The prompt of the card after.
    pub after_prompt: &'a str,
    /// The gap's mode, prompt, seed and take.
    pub settings: &'a GapSettings,
    /// How many frames the gap has.
    pub length_frames: i64,
}

impl<'a> GapInputs<'a> {
    /// Inputs from two frames alone: no prompts, one frame long.
    pub fn frames(before: &'a RgbaImage, after: &'a RgbaImage, settings: &'a GapSettings) -> Self {
        Self {
            before,
            after,
            before_prompt: "",
            after_prompt: "",
            settings,
            length_frames: 1,
        }
    }
}

/// Why a gap could not be filled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenError {
    /// The two boundary frames are not the same size.
    #[error("the frames on either side of the gap differ in size ({0}x{1} and {2}x{3})")]
    SizeMismatch(u32, u32, u32, u32),
    /// An empty frame.
    #[error("a boundary frame is empty")]
    Empty,
    /// The job was cancelled.
    #[error("generation was cancelled")]
    Cancelled,
    /// The model failed inside (a tensor operation refused its inputs).
    #[error("the gap model failed: {0}")]
    Model(String),
    /// The gap asks for a model this session does not have (IFNet without
    /// its weights configured).
    #[error("the gap asks for the {0:?} model, which is not available (are its weights set?)")]
    Unavailable(String),
}

/// A gap model.
pub trait GapModel: Send + Sync {
    /// A stable identifier, recorded in each result's recipe ("dissolve").
    fn id(&self) -> &'static str;
    /// Bumped whenever the model's output for the same inputs changes, so
    /// cached results made by an older version are not reused.
    fn version(&self) -> u32;
    /// The model's name in the UI.
    fn label(&self) -> &'static str;
    /// True when the gap's prompt changes what the model makes. The built-in
    /// models read pictures only, so a prompt they ignore is not part of the
    /// gap's cache key.
    fn reads_prompts(&self) -> bool {
        false
    }
    /// Does the per-gap work once (motion estimation, for a motion model).
    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError>;
}

/// A gap ready to give frames.
pub trait PreparedGap: Send {
    /// The frame at `t`, strictly between 0 (the frame before) and 1 (the frame after).
    fn frame_at(&self, t: f64) -> RgbaImage;

    /// The same, for a model whose frames can fail (a network running out
    /// of memory): the fill and the CLI call this one.
    fn try_frame_at(&self, t: f64) -> Result<RgbaImage, GenError> {
        Ok(self.frame_at(t))
    }

    /// What the Auto mode chose for this gap, and why (None for the other
    /// models).
    fn choice(&self) -> Option<AutoChoice> {
        None
    }
}

/// A 32-bit FNV-1a hash: the fingerprints that go into models' versions.
pub(crate) fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// A still the repository ships (the demo's, Big Buck Bunny, CC BY 3.0: see
/// `assets/ATTRIBUTION.md`), for tests that need a real picture and nothing
/// beside the clone.
#[cfg(test)]
pub(crate) fn demo_still(name: &str) -> RgbaImage {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../projects/demo/media")
        .join(name);
    image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgba8()
}

/// Checks the boundary frames a model is given.
pub(crate) fn check_inputs(inputs: &GapInputs<'_>) -> Result<(), GenError> {
    let (a, b) = (inputs.before.dimensions(), inputs.after.dimensions());
    if a.0 == 0 || a.1 == 0 || b.0 == 0 || b.1 == 0 {
        return Err(GenError::Empty);
    }
    if a != b {
        return Err(GenError::SizeMismatch(a.0, a.1, b.0, b.1));
    }
    Ok(())
}
