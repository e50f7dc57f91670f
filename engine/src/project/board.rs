//! What a storyboard panel says besides its picture: the shot number, the
//! scene heading, dialogue, action and notes (the card's prompt is its
//! description). Shown in the inspector, on the timeline and on the PDF
//! boards.

use serde::{Deserialize, Serialize};

/// A card's storyboard fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// The shot number ("3", "2A"). Given automatically in film order when
    /// a card is made (`project::shots`); a card put between 2 and 3 is
    /// 2A, so the numbers already handed out never change.
    #[serde(default)]
    pub shot: String,
    /// The user typed the shot number: Renumber shots keeps it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shot_set: bool,
    /// A scene heading ("INT. BURROW – DAWN").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scene: String,
    /// What is said in the shot.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dialogue: String,
    /// What happens, as a script's action lines say it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// Anything else: camera, sound, for the editor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}
