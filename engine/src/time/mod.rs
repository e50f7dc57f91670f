//! Time: exact frame rates, integer frame counts, half-open ranges, timecode,
//! and times as typed (frames, seconds or timecode).
//!
//! Every time in the project document is an integer count of *project frames*.
//! Conversions to other units (seconds, audio samples, another frame rate) happen
//! only at I/O boundaries and all follow one rule, implemented once in
//! [`rescale`]: **round to the nearest unit, halves away from zero**. This is
//! FFmpeg's default (`av_rescale`, `AV_ROUND_NEAR_INF`), so our conversions
//! agree with the media layer's.
//!
//! Because the rule is applied to *instants* (a frame's start), the conversion of
//! consecutive frame starts is monotonic and the per-frame sample counts always
//! add up to the total: a film of `n` frames is exactly `samples_at(n)` samples.

mod entry;
mod frame_rate;
mod rational_time;
mod rescale;
mod time_range;
mod timecode;

pub use entry::{TimeEntryError, parse_frames};
pub use frame_rate::FrameRate;
pub use rational_time::RationalTime;
pub use rescale::rescale;
pub use time_range::TimeRange;
pub use timecode::{Timecode, TimecodeError};

/// An error in time arithmetic or parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// A frame rate must be a positive fraction.
    #[error("invalid frame rate {num}/{den}: both parts must be positive")]
    InvalidFrameRate {
        /// Numerator as given.
        num: i64,
        /// Denominator as given.
        den: i64,
    },
    /// A frame rate string that is not `N`, `N/D` or a decimal number.
    #[error("cannot read frame rate {text:?}: expected a number such as 24, 25 or 24000/1001")]
    UnreadableFrameRate {
        /// The text that failed to parse.
        text: String,
    },
}
