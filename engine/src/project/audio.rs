use serde::{Deserialize, Serialize};

use super::{AudioClipId, LaneId, MediaRef};
use crate::time::TimeRange;

/// A lane of sound under the story track: music, voice or effects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioLane {
    /// Unique among lanes.
    pub id: LaneId,
    /// The lane's name in the UI ("Music").
    pub name: String,
    /// What the lane carries.
    #[serde(default)]
    pub kind: LaneKind,
    /// Gain of the whole lane, in dB.
    #[serde(default)]
    pub gain_db: f32,
    /// Silences the lane.
    #[serde(default)]
    pub muted: bool,
    /// Plays only soloed lanes when any lane is soloed.
    #[serde(default)]
    pub solo: bool,
    /// The lane's clips, in timeline order.
    #[serde(default)]
    pub clips: Vec<AudioClip>,
}

/// What an audio lane carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    /// Score and songs.
    #[default]
    Music,
    /// Dialogue and narration.
    Voice,
    /// Sound effects and ambience.
    Effects,
}

/// A trimmed piece of an audio file placed on a lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioClip {
    /// Unique across all lanes.
    pub id: AudioClipId,
    /// The audio file (or a video file whose sound is used).
    pub media: MediaRef,
    /// Where the clip sounds on the film, in project frames.
    pub range_in_timeline: TimeRange,
    /// The first source frame heard, at the project's rate from the file's start.
    #[serde(default)]
    pub source_start_frame: i64,
    /// Gain in dB.
    #[serde(default)]
    pub gain_db: f32,
    /// Length of the fade-in, in frames.
    #[serde(default)]
    pub fade_in_frames: i64,
    /// Length of the fade-out, in frames.
    #[serde(default)]
    pub fade_out_frames: i64,
}
