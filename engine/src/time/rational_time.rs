use std::fmt;

use super::{FrameRate, Timecode};

/// An instant counted in whole frames at an exact rate: frame `value` of a
/// stream running at `rate`.
///
/// The project stores plain frame counts at its own rate; `RationalTime` is what
/// crosses a boundary where the rate matters (media at another rate, audio
/// samples, seconds, timecode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RationalTime {
    /// Frames since the origin.
    pub value: i64,
    /// The rate that `value` counts at.
    pub rate: FrameRate,
}

impl RationalTime {
    /// Frame `value` at `rate`.
    pub fn new(value: i64, rate: FrameRate) -> Self {
        Self { value, rate }
    }

    /// The same instant counted at `rate`, rounded by the crate's one rule.
    pub fn rescaled_to(self, rate: FrameRate) -> Self {
        Self::new(self.rate.convert_frames(self.value, rate), rate)
    }

    /// Seconds since the origin.
    pub fn to_seconds(self) -> f64 {
        self.rate.seconds_at(self.value)
    }

    /// The nearest frame to `seconds` at `rate`.
    pub fn from_seconds(seconds: f64, rate: FrameRate) -> Self {
        Self::new(rate.frame_at_seconds(seconds), rate)
    }

    /// The audio sample at which this frame starts, at `sample_rate` Hz.
    pub fn to_samples(self, sample_rate: u32) -> i64 {
        self.rate.samples_at(self.value, sample_rate)
    }

    /// This instant as timecode (drop-frame for the NTSC video rates).
    pub fn to_timecode(self) -> Timecode {
        Timecode::from_frames(self.value, self.rate)
    }

    /// This time moved by `frames` at its own rate, saturating at the ends of `i64`.
    pub fn offset(self, frames: i64) -> Self {
        Self::new(self.value.saturating_add(frames), self.rate)
    }
}

impl fmt::Display for RationalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_timecode().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescales_between_rates() {
        let t = RationalTime::new(48, FrameRate::FPS_24);
        assert_eq!(t.rescaled_to(FrameRate::FPS_25).value, 50);
        assert_eq!(t.to_seconds(), 2.0);
        assert_eq!(t.to_samples(48_000), 96_000);
    }

    #[test]
    fn from_seconds_rounds_to_nearest() {
        assert_eq!(
            RationalTime::from_seconds(0.99999, FrameRate::FPS_24).value,
            24
        );
        assert_eq!(
            RationalTime::from_seconds(-0.5 / 24.0, FrameRate::FPS_24).value,
            -1
        );
        assert_eq!(
            RationalTime::from_seconds(f64::NAN, FrameRate::FPS_24).value,
            0
        );
    }

    #[test]
    fn displays_as_timecode() {
        let t = RationalTime::new(24 * 61 + 3, FrameRate::FPS_24);
        assert_eq!(t.to_string(), "00:01:01:03");
    }
}
