use std::path::PathBuf;

use crate::media::MediaError;
use crate::render::RenderError;

/// Why an export did not produce a film. Nothing is ever left at the output path.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The project has no cards.
    #[error("the project has no cards: there is nothing to export")]
    EmptyFilm,
    /// The asked-for frames are empty or outside the film.
    #[error("frames {start}..{end} are not inside the film, which runs 0..{film_end}")]
    BadRange {
        /// First frame asked for.
        start: i64,
        /// End (exclusive) asked for.
        end: i64,
        /// The film's end.
        film_end: i64,
    },
    /// A card's media cannot be used.
    #[error("{card}: {problem}")]
    Card {
        /// The card, described.
        card: String,
        /// What is wrong with its media (part of this message, so not a `source`).
        problem: MediaError,
    },
    /// A clip card shows more frames than its media has.
    #[error(
        "{card} shows source frames up to {needed} but its media has only {available} frames (trim the card or its source start): {}",
        path.display()
    )]
    ClipTooShort {
        /// The card, described.
        card: String,
        /// The media file.
        path: PathBuf,
        /// The last source frame the card needs (at the media's rate), plus one.
        needed: i64,
        /// How many frames the media has.
        available: i64,
    },
    /// The output path cannot be written.
    #[error("cannot write the output ({message}): {}", path.display())]
    Output {
        /// The output path.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A frame could not be composed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Encoding or writing the film failed (a full disk, say).
    #[error(transparent)]
    Write(MediaError),
    /// The user cancelled.
    #[error("the export was cancelled")]
    Cancelled,
}
