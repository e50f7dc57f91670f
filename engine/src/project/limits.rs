//! The bounds of a project that every command can handle: what `check`
//! accepts, rendering, mixing, exporting and filling take without running
//! out of memory or overflowing. [`super::validate`] enforces them.

use crate::time::FrameRate;

/// The slowest frame rate, in frames a second.
pub const MIN_FPS: f64 = 1.0;
/// The fastest frame rate, in frames a second.
pub const MAX_FPS: f64 = 240.0;
/// The longest film: every card, sound and marker ends within 24 hours.
pub const MAX_FILM_SECONDS: f64 = 24.0 * 3600.0;
/// The most characters of one text (a prompt, a board field, a name).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// The most characters of a media path.
pub const MAX_PATH_CHARS: usize = 4096;
/// The largest project file read (256 MiB): beyond any project within the
/// other limits that a person makes, and never read whole past it.
pub const MAX_PROJECT_FILE_BYTES: u64 = 256 << 20;
/// How much of a bad value a message quotes.
pub const EXCERPT_CHARS: usize = 40;

/// The frame after the last one a film at `rate` may have.
pub fn max_film_frames(rate: FrameRate) -> i64 {
    rate.frame_at_seconds(MAX_FILM_SECONDS)
}

/// The first [`EXCERPT_CHARS`] characters of `text`, with "…" when there is
/// more: what a message quotes of a value.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_of_film_and_short_excerpts() {
        assert_eq!(max_film_frames(FrameRate::FPS_24), 24 * 86_400);
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(1000);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
    }
}
