//! Times as people type them: frames (`48`, `48f`), seconds (`2s`, `1.5s`)
//! or timecode (`00:00:02:00`, `2:00`). The inspector's timing fields and
//! the command line's frame arguments read them here, so both accept the
//! same forms and round seconds to frames by the one rule ([`rescale`]).

use super::{FrameRate, Timecode, TimecodeError, rescale};

/// Why a typed time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeEntryError {
    /// None of the three forms.
    #[error(
        "cannot read {text:?} as a time: write frames (48), seconds (2s, 1.5s) or timecode (00:00:02:00)"
    )]
    Unreadable {
        /// What was typed (at most 40 characters of it).
        text: String,
    },
    /// A timecode with a field out of range (`00:00:99:00`).
    #[error(transparent)]
    Timecode(#[from] TimecodeError),
}

/// The number of frames `text` names at `rate`. Seconds are rounded to the
/// nearest frame, halves away from zero. A leading `-` makes any form
/// negative (callers that need a length check the sign).
pub fn parse_frames(text: &str, rate: FrameRate) -> Result<i64, TimeEntryError> {
    let error = || TimeEntryError::Unreadable {
        text: text.chars().take(40).collect(),
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(error());
    }
    if let Ok(frames) = trimmed
        .strip_suffix('f')
        .unwrap_or(trimmed)
        .trim_end()
        .parse::<i64>()
    {
        return Ok(frames);
    }
    if let Some(seconds) = trimmed.strip_suffix('s') {
        return seconds_to_frames(seconds.trim_end(), rate).ok_or_else(error);
    }
    match Timecode::parse(trimmed, rate) {
        Ok(tc) => Ok(tc.to_frames(rate)),
        // Four numbers in range would have been a timecode: say which is not.
        Err(e @ TimecodeError::OutOfRange { .. }) => Err(e.into()),
        Err(TimecodeError::Malformed { .. }) => Err(error()),
    }
}

/// `1.5` seconds as frames at `rate`, exactly: the decimal is read as a
/// fraction, not a float.
fn seconds_to_frames(text: &str, rate: FrameRate) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    if whole.len() > 12 || fraction.len() > 9 {
        return None;
    }
    let scale = 10i64.pow(fraction.len() as u32);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let tenths = whole.checked_mul(scale)?.checked_add(fraction)?;
    // seconds · num / den frames, with seconds = tenths / scale.
    let den = scale.checked_mul(i64::from(rate.den()))?;
    let frames = rescale(tenths, i64::from(rate.num()), den);
    Some(if negative { -frames } else { frames })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_seconds_and_timecode() {
        let rate = FrameRate::FPS_24;
        assert_eq!(parse_frames("48", rate), Ok(48));
        assert_eq!(parse_frames(" 48f ", rate), Ok(48));
        assert_eq!(parse_frames("2s", rate), Ok(48));
        assert_eq!(parse_frames("1.5s", rate), Ok(36));
        assert_eq!(parse_frames(".5s", rate), Ok(12));
        assert_eq!(parse_frames("00:00:02:00", rate), Ok(48));
        assert_eq!(parse_frames("2:12", rate), Ok(60));
        assert_eq!(parse_frames("-1s", rate), Ok(-24));
    }

    #[test]
    fn seconds_round_by_the_one_rule() {
        // 0.02 s at 25 fps is half a frame: away from zero.
        assert_eq!(parse_frames("0.02s", FrameRate::FPS_25), Ok(1));
        assert_eq!(parse_frames("-0.02s", FrameRate::FPS_25), Ok(-1));
        // 1 s at 23.976 is 23.976 frames: 24.
        assert_eq!(parse_frames("1s", FrameRate::NTSC_24), Ok(24));
        assert_eq!(parse_frames("10s", FrameRate::NTSC_24), Ok(240));
        assert_eq!(parse_frames("100s", FrameRate::NTSC_24), Ok(2398));
    }

    #[test]
    fn nonsense_is_refused_with_a_short_excerpt() {
        let rate = FrameRate::FPS_24;
        for bad in [
            "",
            "soon",
            "2m",
            "1.2.3s",
            "s",
            "00:61:00:00",
            "1e3s",
            "2 s s",
        ] {
            assert!(parse_frames(bad, rate).is_err(), "{bad:?}");
        }
        let wrong = parse_frames("00:00:99:00", rate).unwrap_err().to_string();
        assert!(wrong.contains("seconds 99"), "{wrong}");
        let long = "x".repeat(10_000);
        let message = parse_frames(&long, rate).unwrap_err().to_string();
        assert!(message.len() < 200, "{message}");
    }
}
