use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, " {}"), self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a card on the story track; unique within a project, never reused by edits.
    CardId,
    "card"
);
id_type!(
    /// Identifies an audio lane.
    LaneId,
    "lane"
);
id_type!(
    /// Identifies an audio clip, unique across all lanes.
    AudioClipId,
    "audio clip"
);

/// The smallest id above every id in `ids` (1 for none).
pub(crate) fn next_id(ids: impl Iterator<Item = u64>) -> u64 {
    ids.max().map_or(1, |m| m.saturating_add(1))
}
