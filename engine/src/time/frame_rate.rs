use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{TimeError, rescale};

/// An exact frame rate, `num / den` frames per second, kept in lowest terms.
///
/// 23.976 is not a rate: NTSC film is `24000/1001`. In JSON a rate is written
/// as a string, `"24"` or `"24000/1001"`, so it round-trips exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameRate {
    num: u32,
    den: u32,
}

impl FrameRate {
    /// 24 frames per second, film.
    pub const FPS_24: Self = Self { num: 24, den: 1 };
    /// 25 frames per second, PAL.
    pub const FPS_25: Self = Self { num: 25, den: 1 };
    /// 30 frames per second.
    pub const FPS_30: Self = Self { num: 30, den: 1 };
    /// 24000/1001 (≈23.976) frames per second, NTSC film.
    pub const NTSC_24: Self = Self {
        num: 24_000,
        den: 1001,
    };
    /// 30000/1001 (≈29.97) frames per second, NTSC video.
    pub const NTSC_30: Self = Self {
        num: 30_000,
        den: 1001,
    };
    /// 60000/1001 (≈59.94) frames per second.
    pub const NTSC_60: Self = Self {
        num: 60_000,
        den: 1001,
    };

    /// Makes a rate from a fraction, reduced to lowest terms.
    pub fn new(num: i64, den: i64) -> Result<Self, TimeError> {
        let invalid = TimeError::InvalidFrameRate { num, den };
        if num <= 0 || den <= 0 {
            return Err(invalid);
        }
        let g = gcd(num, den);
        let (n, d) = (num / g, den / g);
        match (u32::try_from(n), u32::try_from(d)) {
            (Ok(num), Ok(den)) => Ok(Self { num, den }),
            _ => Err(invalid),
        }
    }

    /// Frames per `den` seconds.
    pub fn num(self) -> u32 {
        self.num
    }

    /// Seconds per `num` frames.
    pub fn den(self) -> u32 {
        self.den
    }

    /// The rate as a float, for display only.
    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den)
    }

    /// The whole number of frame labels per second that timecode counts
    /// (24000/1001 counts 24 labels a second, 30000/1001 counts 30).
    pub fn timecode_base(self) -> u32 {
        let rounded = rescale(1, i64::from(self.num), i64::from(self.den));
        u32::try_from(rounded.max(1)).unwrap_or(u32::MAX)
    }

    /// True for the NTSC rates (30000/1001 and 60000/1001) whose timecode is
    /// written drop-frame by convention.
    pub fn is_drop_frame(self) -> bool {
        self.den == 1001 && (self.num == 30_000 || self.num == 60_000)
    }

    /// Converts a frame count at this rate to one at `other`, by the rounding
    /// rule of [`rescale`].
    pub fn convert_frames(self, frames: i64, other: FrameRate) -> i64 {
        rescale(
            frames,
            i64::from(other.num) * i64::from(self.den),
            i64::from(self.num) * i64::from(other.den),
        )
    }

    /// The audio sample at which frame `frame` starts, at `sample_rate` Hz.
    pub fn samples_at(self, frame: i64, sample_rate: u32) -> i64 {
        rescale(
            frame,
            i64::from(sample_rate) * i64::from(self.den),
            i64::from(self.num),
        )
    }

    /// The frame whose start is nearest to sample `sample` at `sample_rate` Hz.
    pub fn frame_at_sample(self, sample: i64, sample_rate: u32) -> i64 {
        rescale(
            sample,
            i64::from(self.num),
            i64::from(sample_rate) * i64::from(self.den),
        )
    }

    /// The start of frame `frame` in seconds (exact up to `f64` precision).
    pub fn seconds_at(self, frame: i64) -> f64 {
        frame as f64 * f64::from(self.den) / f64::from(self.num)
    }

    /// The frame whose start is nearest to `seconds`; non-finite input gives 0.
    pub fn frame_at_seconds(self, seconds: f64) -> i64 {
        if !seconds.is_finite() {
            return 0;
        }
        // f64::round rounds halves away from zero: the same rule as `rescale`.
        let frames = (seconds * f64::from(self.num) / f64::from(self.den)).round();
        frames.clamp(i64::MIN as f64, i64::MAX as f64) as i64
    }
}

impl Default for FrameRate {
    fn default() -> Self {
        Self::FPS_24
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl FromStr for FrameRate {
    type Err = TimeError;

    /// Reads `24`, `24000/1001`, or the customary decimals `23.976`, `29.97`
    /// and `59.94`, which name the NTSC rates. Other decimals are read exactly
    /// (`12.5` is `25/2`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unreadable = || TimeError::UnreadableFrameRate {
            text: text.to_owned(),
        };
        let t = text.trim();
        if let Some((n, d)) = t.split_once('/') {
            let n = n.trim().parse::<i64>().map_err(|_| unreadable())?;
            let d = d.trim().parse::<i64>().map_err(|_| unreadable())?;
            return Self::new(n, d);
        }
        match t {
            "23.976" | "23.98" => return Ok(Self::NTSC_24),
            "29.97" => return Ok(Self::NTSC_30),
            "59.94" => return Ok(Self::NTSC_60),
            _ => {}
        }
        if let Some((whole, frac)) = t.split_once('.') {
            if frac.is_empty() || frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(unreadable());
            }
            let scale = 10_i64.pow(frac.len() as u32);
            let whole = whole.parse::<i64>().map_err(|_| unreadable())?;
            let frac = frac.parse::<i64>().map_err(|_| unreadable())?;
            return Self::new(whole * scale + frac, scale);
        }
        let n = t.parse::<i64>().map_err(|_| unreadable())?;
        Self::new(n, 1)
    }
}

impl Serialize for FrameRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FrameRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reduces_to_lowest_terms() {
        assert_eq!(FrameRate::new(48, 2).unwrap(), FrameRate::FPS_24);
        assert_eq!(FrameRate::new(48_000, 2002).unwrap(), FrameRate::NTSC_24);
    }

    #[test]
    fn rejects_non_positive() {
        assert!(FrameRate::new(0, 1).is_err());
        assert!(FrameRate::new(24, 0).is_err());
        assert!(FrameRate::new(-24, 1).is_err());
    }

    #[test]
    fn parses_and_prints() {
        for (text, rate) in [
            ("24", FrameRate::FPS_24),
            ("24000/1001", FrameRate::NTSC_24),
            ("23.976", FrameRate::NTSC_24),
            ("29.97", FrameRate::NTSC_30),
            ("12.5", FrameRate::new(25, 2).unwrap()),
        ] {
            assert_eq!(text.parse::<FrameRate>().unwrap(), rate, "{text}");
        }
        assert_eq!(FrameRate::NTSC_30.to_string(), "30000/1001");
        assert_eq!(FrameRate::FPS_25.to_string(), "25");
        assert!("fast".parse::<FrameRate>().is_err());
        assert!("24/0".parse::<FrameRate>().is_err());
        assert!("1.2.3".parse::<FrameRate>().is_err());
    }

    #[test]
    fn timecode_base_and_drop_frame() {
        assert_eq!(FrameRate::NTSC_24.timecode_base(), 24);
        assert_eq!(FrameRate::NTSC_30.timecode_base(), 30);
        assert!(FrameRate::NTSC_30.is_drop_frame());
        assert!(!FrameRate::NTSC_24.is_drop_frame());
    }

    #[test]
    fn json_is_a_string() {
        let json = serde_json::to_string(&FrameRate::NTSC_24).unwrap();
        assert_eq!(json, "\"24000/1001\"");
        let back: FrameRate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, FrameRate::NTSC_24);
        assert!(serde_json::from_str::<FrameRate>("\"0/1\"").is_err());
    }

    fn any_rate() -> impl Strategy<Value = FrameRate> {
        (1i64..=240_000, 1i64..=1001).prop_filter_map("valid", |(n, d)| FrameRate::new(n, d).ok())
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(rate in any_rate()) {
            prop_assert_eq!(rate.to_string().parse::<FrameRate>().unwrap(), rate);
        }

        #[test]
        fn frame_starts_in_samples_are_monotonic_and_partition(
            rate in any_rate(), frame in -1_000_000i64..1_000_000, sample_rate in 8_000u32..=192_000,
        ) {
            let a = rate.samples_at(frame, sample_rate);
            let b = rate.samples_at(frame + 1, sample_rate);
            prop_assert!(b >= a);
            // Each frame gets the floor or ceiling of the exact samples per frame.
            let exact = f64::from(sample_rate) * f64::from(rate.den()) / f64::from(rate.num());
            prop_assert!(((b - a) as f64 - exact).abs() <= 1.0);
        }

        #[test]
        fn frames_to_samples_round_trips_when_samples_are_finer(
            rate in (1i64..=120, 1i64..=2).prop_filter_map("valid", |(n, d)| FrameRate::new(n, d).ok()),
            frame in -10_000_000i64..10_000_000,
        ) {
            let samples = rate.samples_at(frame, 48_000);
            prop_assert_eq!(rate.frame_at_sample(samples, 48_000), frame);
        }

        #[test]
        fn converting_to_a_faster_rate_and_back_is_identity(
            frame in -10_000_000i64..10_000_000,
        ) {
            let there = FrameRate::FPS_24.convert_frames(frame, FrameRate::new(120, 1).unwrap());
            prop_assert_eq!(there, frame * 5);
            let ntsc = FrameRate::NTSC_24.convert_frames(frame, FrameRate::new(48_000, 1001).unwrap());
            prop_assert_eq!(FrameRate::new(48_000, 1001).unwrap().convert_frames(ntsc, FrameRate::NTSC_24), frame);
        }

        #[test]
        fn seconds_round_trip(rate in any_rate(), frame in -1_000_000i64..1_000_000) {
            prop_assert_eq!(rate.frame_at_seconds(rate.seconds_at(frame)), frame);
        }
    }
}
