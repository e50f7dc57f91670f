use crate::project::CardId;

/// Why an edit was not made. The project is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit names a card the project does not have.
    #[error("there is no {0}")]
    NoSuchCard(CardId),
    /// The edit names an audio lane or clip the project does not have.
    #[error("there is no {0}")]
    NoSuchSound(String),
    /// An audio clip would start before the film or last no time.
    #[error("{0} must start at frame 0 or later and last at least a frame")]
    BadSoundPlace(String),
    /// The result would put two cards over each other.
    #[error("{moving} would overlap {other}")]
    Overlap {
        /// The card the edit changes.
        moving: CardId,
        /// The card in the way.
        other: CardId,
    },
    /// The result would start a card before frame 0.
    #[error("{0} would start before the film starts")]
    BeforeStart(CardId),
    /// The result would leave a card with no frames.
    #[error("{0} would last less than one frame")]
    TooShort(CardId),
    /// An insert point falls inside a card.
    #[error("frame {frame} is inside {card}; insert at a card's edge or in a gap")]
    InsideCard {
        /// The insert point.
        frame: i64,
        /// The card it falls in.
        card: CardId,
    },
    /// A split point is not strictly inside the card.
    #[error("{card} can only be split strictly inside it, not at frame {frame}")]
    SplitOutside {
        /// The card.
        card: CardId,
        /// The requested frame.
        frame: i64,
    },
    /// A clip's edit (slip, its sound) names a card that is not a clip.
    #[error("{0} is not a clip")]
    NotAClip(CardId),
    /// A clip trimmed or slipped to before its media starts.
    #[error("{0} cannot start before the first frame of its media")]
    BeforeMediaStart(CardId),
    /// An inserted card reuses an id.
    #[error("{0} already exists")]
    DuplicateId(CardId),
    /// Settings that cannot be used (a zero-sized frame, …).
    #[error("invalid settings: {0}")]
    InvalidSettings(String),
}
