use std::fmt;

use super::FrameRate;

/// SMPTE-style timecode, `HH:MM:SS:FF`, or `HH:MM:SS;FF` when drop-frame.
///
/// Timecode labels frames; it is not a clock. At 24000/1001 fps it counts 24
/// labels a second (non-drop-frame), so it runs slightly slower than wall time.
/// At 30000/1001 and 60000/1001 it is drop-frame: labels `;00` and `;01` (and
/// `;02`, `;03` at 60) are skipped at the start of each minute except every
/// tenth, which keeps it within a frame of wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timecode {
    /// True for frames before the origin (written with a leading `-`).
    pub negative: bool,
    /// Hours (may exceed 23; timecode here does not wrap at a day).
    pub hours: u32,
    /// Minutes, 0–59.
    pub minutes: u32,
    /// Seconds, 0–59.
    pub seconds: u32,
    /// Frame label within the second, `0..timecode_base`.
    pub frames: u32,
    /// Written with `;` and counted drop-frame.
    pub drop_frame: bool,
}

/// Why a timecode string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimecodeError {
    /// Not four fields of digits separated by `:` or `;`.
    #[error("cannot read timecode {text:?}: expected HH:MM:SS:FF")]
    Malformed {
        /// The text as given.
        text: String,
    },
    /// A field is out of its range (minutes ≥ 60, frames ≥ the rate's base, …).
    #[error("timecode {text:?} is out of range: {reason}")]
    OutOfRange {
        /// The text as given.
        text: String,
        /// Which field and why.
        reason: String,
    },
}

impl Timecode {
    /// The timecode of frame `frame` at `rate`.
    pub fn from_frames(frame: i64, rate: FrameRate) -> Self {
        let base = i64::from(rate.timecode_base());
        let drop_frame = rate.is_drop_frame();
        let negative = frame < 0;
        let mut n = frame.unsigned_abs().min(i64::MAX as u64) as i64;
        if drop_frame {
            n = label_from_drop_frame_count(n, base);
        }
        let frames = n % base;
        let total_seconds = n / base;
        let to_u32 = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        Self {
            negative,
            hours: to_u32(total_seconds / 3600),
            minutes: to_u32(total_seconds / 60 % 60),
            seconds: to_u32(total_seconds % 60),
            frames: to_u32(frames),
            drop_frame,
        }
    }

    /// The frame this timecode labels at `rate`.
    pub fn to_frames(self, rate: FrameRate) -> i64 {
        let base = i64::from(rate.timecode_base());
        let total_minutes = i64::from(self.hours) * 60 + i64::from(self.minutes);
        let label = (total_minutes * 60 + i64::from(self.seconds)) * base + i64::from(self.frames);
        let count = if rate.is_drop_frame() {
            let dropped = drop_per_minute(base) * (total_minutes - total_minutes / 10);
            label - dropped
        } else {
            label
        };
        if self.negative { -count } else { count }
    }

    /// Reads `HH:MM:SS:FF` (or `;FF`, or `-HH:…`) against `rate`, checking
    /// each field's range. `MM:SS:FF` and `SS:FF` are accepted as shorthand.
    pub fn parse(text: &str, rate: FrameRate) -> Result<Self, TimecodeError> {
        let malformed = || TimecodeError::Malformed {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let (negative, body) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut fields = Vec::with_capacity(4);
        for part in body.split([':', ';', '.']) {
            if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            fields.push(part.parse::<u32>().map_err(|_| malformed())?);
        }
        if !(2..=4).contains(&fields.len()) {
            return Err(malformed());
        }
        while fields.len() < 4 {
            fields.insert(0, 0);
        }
        let (hours, minutes, seconds, frames) = (fields[0], fields[1], fields[2], fields[3]);
        let out_of_range = |reason: String| TimecodeError::OutOfRange {
            text: text.to_owned(),
            reason,
        };
        let base = rate.timecode_base();
        if minutes >= 60 {
            return Err(out_of_range(format!("minutes {minutes} ≥ 60")));
        }
        if seconds >= 60 {
            return Err(out_of_range(format!("seconds {seconds} ≥ 60")));
        }
        if frames >= base {
            return Err(out_of_range(format!(
                "frame {frames} ≥ {base} at {rate} fps"
            )));
        }
        let drop_frame = rate.is_drop_frame();
        let dropped_label = drop_frame
            && seconds == 0
            && minutes % 10 != 0
            && i64::from(frames) < drop_per_minute(i64::from(base));
        if dropped_label {
            return Err(out_of_range(format!(
                "frame {frames} does not exist at {minutes} minutes in drop-frame timecode"
            )));
        }
        Ok(Self {
            negative,
            hours,
            minutes,
            seconds,
            frames,
            drop_frame,
        })
    }
}

impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        let sep = if self.drop_frame { ';' } else { ':' };
        write!(
            f,
            "{sign}{:02}:{:02}:{:02}{sep}{:02}",
            self.hours, self.minutes, self.seconds, self.frames
        )
    }
}

/// Frame labels skipped each minute in drop-frame timecode (2 at 30, 4 at 60).
fn drop_per_minute(base: i64) -> i64 {
    base / 15
}

/// Maps a running frame count to the label count it is written as in
/// drop-frame timecode (the inverse of the `dropped` subtraction in `to_frames`).
fn label_from_drop_frame_count(count: i64, base: i64) -> i64 {
    let drop = drop_per_minute(base);
    let per_minute = base * 60 - drop;
    let per_ten_minutes = base * 600 - drop * 9;
    let tens = count / per_ten_minutes;
    let rest = count % per_ten_minutes;
    let skipped_minutes = if rest > drop {
        (rest - drop) / per_minute
    } else {
        0
    };
    count + drop * 9 * tens + drop * skipped_minutes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tc(frame: i64, rate: FrameRate) -> String {
        Timecode::from_frames(frame, rate).to_string()
    }

    #[test]
    fn non_drop_frame() {
        assert_eq!(tc(0, FrameRate::FPS_24), "00:00:00:00");
        assert_eq!(tc(23, FrameRate::FPS_24), "00:00:00:23");
        assert_eq!(tc(24 * 3600 + 25, FrameRate::FPS_24), "01:00:01:01");
        assert_eq!(tc(-30, FrameRate::FPS_25), "-00:00:01:05");
        assert_eq!(tc(24, FrameRate::NTSC_24), "00:00:01:00");
    }

    #[test]
    fn drop_frame_skips_labels_at_minute_starts() {
        let r = FrameRate::NTSC_30;
        assert_eq!(tc(1799, r), "00:00:59;29");
        assert_eq!(tc(1800, r), "00:01:00;02");
        assert_eq!(tc(17_981, r), "00:09:59;29");
        assert_eq!(tc(17_982, r), "00:10:00;00");
        assert_eq!(tc(1800, FrameRate::NTSC_60).chars().last(), Some('0'));
        assert_eq!(tc(3600, FrameRate::NTSC_60), "00:01:00;04");
    }

    #[test]
    fn parses_and_validates() {
        let r = FrameRate::FPS_24;
        assert_eq!(Timecode::parse("00:00:02:12", r).unwrap().to_frames(r), 60);
        assert_eq!(Timecode::parse("2:12", r).unwrap().to_frames(r), 60);
        assert_eq!(Timecode::parse("-00:00:00:01", r).unwrap().to_frames(r), -1);
        assert!(matches!(
            Timecode::parse("00:00:00:24", r),
            Err(TimecodeError::OutOfRange { .. })
        ));
        assert!(matches!(
            Timecode::parse("00:61:00:00", r),
            Err(TimecodeError::OutOfRange { .. })
        ));
        assert!(matches!(
            Timecode::parse("ab:cd", r),
            Err(TimecodeError::Malformed { .. })
        ));
        assert!(matches!(
            Timecode::parse("1:2:3:4:5", r),
            Err(TimecodeError::Malformed { .. })
        ));
        assert!(matches!(
            Timecode::parse("00:01:00;00", FrameRate::NTSC_30),
            Err(TimecodeError::OutOfRange { .. })
        ));
        assert!(Timecode::parse("00:10:00;00", FrameRate::NTSC_30).is_ok());
    }

    fn rate() -> impl Strategy<Value = FrameRate> {
        prop_oneof![
            Just(FrameRate::FPS_24),
            Just(FrameRate::FPS_25),
            Just(FrameRate::FPS_30),
            Just(FrameRate::NTSC_24),
            Just(FrameRate::NTSC_30),
            Just(FrameRate::NTSC_60),
            Just(FrameRate::new(50, 1).unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(frame in -10_000_000i64..10_000_000, rate in rate()) {
            let text = tc(frame, rate);
            let parsed = Timecode::parse(&text, rate).unwrap();
            prop_assert_eq!(parsed.to_frames(rate), frame, "{}", text);
        }

        #[test]
        fn labels_increase_with_frames(frame in 0i64..10_000_000, rate in rate()) {
            let a = Timecode::from_frames(frame, rate);
            let b = Timecode::from_frames(frame + 1, rate);
            let key = |t: Timecode| (t.hours, t.minutes, t.seconds, t.frames);
            prop_assert!(key(b) > key(a));
        }

        #[test]
        fn drop_frame_stays_within_a_frame_of_wall_time_at_each_ten_minutes(tens in 0i64..144) {
            let rate = FrameRate::NTSC_30;
            let frame = tens * 17_982;
            let t = Timecode::from_frames(frame, rate);
            prop_assert_eq!((t.minutes % 10, t.seconds, t.frames), (0, 0, 0));
        }
    }
}
