use serde::{Deserialize, Serialize};

use super::{Board, CameraMove, CardId, MediaRef};
use crate::time::TimeRange;

/// A story card: a text prompt, a still image or a video clip, placed on the
/// story track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Unique within the project.
    pub id: CardId,
    /// Where the card sits on the film, in project frames.
    pub range_in_timeline: TimeRange,
    /// What happens in this shot. A text card shows it as a title; for every
    /// card it is also what the gap model is told about the shot.
    #[serde(default)]
    pub prompt: String,
    /// How an image or clip of another shape fills the film's frame.
    #[serde(default)]
    pub fit: Fit,
    /// What the card shows.
    pub content: CardContent,
    /// Its shot number, scene heading, dialogue, action and notes.
    #[serde(default)]
    pub board: Board,
    /// A camera move over its picture (stills and clips; a text card's is
    /// ignored), or None for a still camera.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera_move: Option<CameraMove>,
}

/// What a card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CardContent {
    /// A title card showing the prompt.
    Text,
    /// A still image.
    Image {
        /// The image file.
        media: MediaRef,
    },
    /// A trimmed video clip, with its own sound.
    Clip {
        /// The video file.
        media: MediaRef,
        /// The first source frame shown, counted at the project's rate from the
        /// start of the file. The clip shows `[source_start_frame,
        /// source_start_frame + duration)` of its source.
        #[serde(default)]
        source_start_frame: i64,
        /// Gain applied to the clip's own sound, in dB.
        #[serde(default)]
        gain_db: f32,
        /// Silences the clip's own sound.
        #[serde(default)]
        muted: bool,
    },
}

/// How a picture of another shape fills the film's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// Show all of the picture, with bars where the shapes differ.
    #[default]
    Fit,
    /// Fill the frame, cropping what does not fit.
    Fill,
}

impl Card {
    /// The card's kind, as a word for messages and the UI.
    pub fn kind_name(&self) -> &'static str {
        match self.content {
            CardContent::Text => "text",
            CardContent::Image { .. } => "image",
            CardContent::Clip { .. } => "clip",
        }
    }

    /// The media file the card uses, if any.
    pub fn media(&self) -> Option<&MediaRef> {
        match &self.content {
            CardContent::Text => None,
            CardContent::Image { media } | CardContent::Clip { media, .. } => Some(media),
        }
    }

    /// For a clip, the source frames it shows (at the project's rate).
    pub fn source_range(&self) -> Option<TimeRange> {
        match self.content {
            CardContent::Clip {
                source_start_frame, ..
            } => Some(TimeRange::new(
                source_start_frame,
                self.range_in_timeline.duration,
            )),
            _ => None,
        }
    }

    /// A short human name: `card 3 (image "A rabbit wakes")`.
    pub fn describe(&self) -> String {
        let prompt: String = self.prompt.chars().take(32).collect();
        let ellipsis = if self.prompt.chars().nth(32).is_some() {
            "…"
        } else {
            ""
        };
        format!("{} ({} \"{prompt}{ellipsis}\")", self.id, self.kind_name())
    }
}
