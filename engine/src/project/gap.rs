use std::fmt;

use serde::{Deserialize, Serialize};

use super::CardId;

/// Names a gap by the two cards it joins. Gaps are not stored as objects: a gap
/// exists wherever two neighbouring cards do not touch, and its settings are
/// found under this key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GapKey {
    /// The card before the gap.
    pub from_card: CardId,
    /// The card after the gap.
    pub to_card: CardId,
}

impl fmt::Display for GapKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gap {} → {}", self.from_card.0, self.to_card.0)
    }
}

/// How a gap is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapMode {
    /// Motion when both sides show the same scene, otherwise hold and cut.
    #[default]
    Auto,
    /// Generated in-between motion from one side to the other.
    Motion,
    /// A cross-dissolve.
    Dissolve,
    /// Fades the frame before to black by the gap's middle, then up to the
    /// frame after; the sound dips with it.
    FadeThroughBlack,
    /// The same through white.
    FadeThroughWhite,
    /// A pan/zoom between two framings.
    CameraMove,
    /// Holds the last frame before the gap, then cuts.
    Hold,
    /// Cuts at the gap's middle: each side holds until then.
    Cut,
}

impl GapMode {
    /// Every mode, in menu order.
    pub const ALL: [GapMode; 8] = [
        GapMode::Auto,
        GapMode::Motion,
        GapMode::Dissolve,
        GapMode::FadeThroughBlack,
        GapMode::FadeThroughWhite,
        GapMode::CameraMove,
        GapMode::Hold,
        GapMode::Cut,
    ];

    /// The grey a fade goes through (0 black, 255 white); None for the
    /// modes that are not fades.
    pub fn fade_level(self) -> Option<u8> {
        match self {
            GapMode::FadeThroughBlack => Some(0),
            GapMode::FadeThroughWhite => Some(255),
            _ => None,
        }
    }

    /// The mode's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            GapMode::Auto => "Auto",
            GapMode::Motion => "Motion",
            GapMode::Dissolve => "Dissolve",
            GapMode::FadeThroughBlack => "Fade through black",
            GapMode::FadeThroughWhite => "Fade through white",
            GapMode::CameraMove => "Camera move",
            GapMode::Hold => "Hold",
            GapMode::Cut => "Cut",
        }
    }
}

/// What the Auto mode chose for a gap, and why ("frame B is frame A zoomed
/// 2.1× toward the lower right"). Kept with the gap's cached frames.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AutoChoice {
    /// The mode it chose: Hold, Cut, Camera move or Motion.
    pub mode: GapMode,
    /// Why, in a sentence for the user.
    pub why: String,
}

/// A gap's own settings. A gap without an entry uses the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GapSettings {
    /// How to fill the gap.
    pub mode: GapMode,
    /// What should happen in the gap, for the model.
    pub prompt: String,
    /// The seed of the generator, so a take can be made again.
    pub seed: u64,
    /// Which generated take is shown (0 is the first).
    pub take: u32,
    /// A held frame (Hold, Cut, or Auto across a scene change) pushes in
    /// gently instead of freezing.
    pub push: bool,
    /// The gap model that fills it in Auto and Motion modes, by id
    /// ("ifnet"); None for the default (the motion model).
    pub model: Option<String>,
    /// What made the gap's frames last generated, so the film can be made
    /// again exactly (with these settings); None until the gap is generated.
    pub generated: Option<GapRecipeRecord>,
}

/// The recipe of a gap's generated frames as `project.json` records it: with
/// the gap's settings and its two boundary frames, everything they came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapRecipeRecord {
    /// The gap model's id ("motion").
    pub model: String,
    /// Its version.
    pub model_version: u32,
    /// The gap's length in frames.
    pub length_frames: i64,
    /// The frames' width and height.
    pub size: [u32; 2],
    /// The cache entry (`.cache/gaps/<key>`), which hashes the boundary
    /// frames' pixels with all of the above.
    pub key: String,
}

impl Default for GapSettings {
    fn default() -> Self {
        Self {
            mode: GapMode::default(),
            prompt: String::new(),
            seed: 0,
            take: 0,
            push: true,
            model: None,
            generated: None,
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// A gap's settings as one entry of `project.json`'s `gaps` list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GapEntry {
    pub from_card: CardId,
    pub to_card: CardId,
    #[serde(default)]
    pub mode: GapMode,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub take: u32,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub push: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<GapRecipeRecord>,
}

impl GapEntry {
    pub fn new(key: GapKey, settings: &GapSettings) -> Self {
        Self {
            from_card: key.from_card,
            to_card: key.to_card,
            mode: settings.mode,
            prompt: settings.prompt.clone(),
            seed: settings.seed,
            take: settings.take,
            push: settings.push,
            model: settings.model.clone(),
            generated: settings.generated.clone(),
        }
    }

    pub fn split(self) -> (GapKey, GapSettings) {
        (
            GapKey {
                from_card: self.from_card,
                to_card: self.to_card,
            },
            GapSettings {
                mode: self.mode,
                prompt: self.prompt,
                seed: self.seed,
                take: self.take,
                push: self.push,
                model: self.model,
                generated: self.generated,
            },
        )
    }
}
