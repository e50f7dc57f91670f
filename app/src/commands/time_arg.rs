//! Reading times and frame ranges from the command line.

use anyhow::bail;
use inbetween_engine::time::{FrameRate, TimeRange, parse_frames};

/// A frame given as a number (`120`), seconds (`5s`, `2.5s`) or timecode
/// (`00:00:05:00`, `5:00`), read as the editor's timing fields read it.
pub fn parse_frame(text: &str, rate: FrameRate) -> anyhow::Result<i64> {
    Ok(parse_frames(text, rate)?)
}

/// A half-open range `A..B` of frames, seconds or timecodes: B is the first frame not included.
pub fn parse_range(text: &str, rate: FrameRate) -> anyhow::Result<TimeRange> {
    let Some((a, b)) = text.split_once("..") else {
        bail!(
            "{text:?} is not a range: write START..END, such as 0..48 or 00:00:01:00..00:00:03:00"
        );
    };
    let (start, end) = (parse_frame(a, rate)?, parse_frame(b, rate)?);
    if end <= start {
        bail!("the range {text:?} is empty: its end must come after its start");
    }
    Ok(TimeRange::from_start_end(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_timecodes() {
        let rate = FrameRate::FPS_24;
        assert_eq!(parse_frame("120", rate).unwrap(), 120);
        assert_eq!(parse_frame("00:00:05:00", rate).unwrap(), 120);
        assert_eq!(parse_frame("5:12", rate).unwrap(), 132);
        assert_eq!(parse_frame("2.5s", rate).unwrap(), 60);
        assert!(parse_frame("soon", rate).is_err());
        assert_eq!(parse_range("24..48", rate).unwrap(), TimeRange::new(24, 24));
        assert_eq!(
            parse_range("1:00..2:00", rate).unwrap(),
            TimeRange::new(24, 24)
        );
        assert!(parse_range("48..24", rate).is_err());
        assert!(parse_range("48", rate).is_err());
    }
}
