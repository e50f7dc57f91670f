use serde::{Deserialize, Serialize};

/// A named point on the film (a beat, a note to self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    /// The frame it marks.
    pub frame: i64,
    /// Its text.
    #[serde(default)]
    pub label: String,
}
