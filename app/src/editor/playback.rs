//! The playhead and the playback clock: where the film is, at what speed it
//! plays, looping, and how many frames were dropped.

use std::time::{Duration, Instant};

use inbetween_engine::time::FrameRate;

/// The fastest shuttle (J/L pressed three times): four times real time.
const MAX_SHUTTLE: i32 = 4;

/// Playback state. The film's frame follows a clock started at the last
/// play, seek or speed change, so playback holds the project's rate however
/// fast the frames are drawn.
#[derive(Debug, Clone)]
pub struct Playback {
    /// The playhead when stopped, or where the clock started.
    anchor_frame: i64,
    /// When the clock started (None when stopped).
    anchor_time: Option<Instant>,
    /// Frames per frame-time: 1 is real time, negative plays backwards.
    speed: i32,
    /// Loops between the in and out points (or the whole film).
    pub looping: bool,
    /// The in point (first frame of the loop), if marked.
    pub mark_in: Option<i64>,
    /// The out point (frame after the loop), if marked.
    pub mark_out: Option<i64>,
    /// The film frame last shown, to count the frames never shown.
    last_shown: Option<i64>,
    /// Frames skipped during playback because they were not ready in time.
    pub dropped: u64,
    /// Bumped whenever the clock restarts or stops, so the sound can follow.
    serial: u64,
    /// Time played since the clock started, by the sound output's clock
    /// (the master when there is sound); None: by the wall clock.
    audio_clock: Option<Duration>,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            anchor_frame: 0,
            anchor_time: None,
            speed: 1,
            looping: false,
            mark_in: None,
            mark_out: None,
            last_shown: None,
            dropped: 0,
            serial: 0,
            audio_clock: None,
        }
    }
}

impl Playback {
    /// Follows the sound's clock (time played since the clock last started)
    /// instead of the wall clock; None goes back to the wall clock.
    pub fn follow_audio_clock(&mut self, played: Option<Duration>) {
        self.audio_clock = played;
    }

    /// Where and how the clock last (re)started: a new value means the
    /// sound must start again from `frame` (or stop).
    pub fn anchor(&self) -> (u64, i64, bool, i32) {
        (
            self.serial,
            self.anchor_frame,
            self.is_playing(),
            self.speed,
        )
    }

    /// True while playing.
    pub fn is_playing(&self) -> bool {
        self.anchor_time.is_some()
    }

    /// The playback speed (1 is real time).
    pub fn speed(&self) -> i32 {
        self.speed
    }

    /// The range played: in to out, or the film.
    pub fn range(&self, film_end: i64) -> (i64, i64) {
        let start = self.mark_in.unwrap_or(0).clamp(0, film_end.max(0));
        let end = self
            .mark_out
            .unwrap_or(film_end)
            .clamp(start, film_end.max(start));
        (start, end.max(start + 1))
    }

    /// The playhead at `now`. While playing it advances with the clock and
    /// either loops or stops at the end (or the start, backwards).
    pub fn frame(&mut self, now: Instant, rate: FrameRate, film_end: i64) -> i64 {
        let Some(started) = self.anchor_time else {
            return self.anchor_frame;
        };
        let elapsed = self
            .audio_clock
            .unwrap_or_else(|| now.saturating_duration_since(started))
            .as_secs_f64();
        let moved = (elapsed * rate.as_f64() * f64::from(self.speed)).floor() as i64;
        let frame = self.anchor_frame + moved;
        let (start, end) = self.range(film_end);
        if (start..end).contains(&frame) {
            return frame;
        }
        if self.looping && self.speed > 0 && frame >= end {
            // Restart the clock at the loop's start.
            self.anchor_frame = start;
            self.anchor_time = Some(now);
            self.serial += 1;
            self.audio_clock = None;
            self.last_shown = None;
            return start;
        }
        if self.looping && self.speed < 0 && frame < start {
            self.anchor_frame = end - 1;
            self.anchor_time = Some(now);
            self.serial += 1;
            self.audio_clock = None;
            self.last_shown = None;
            return end - 1;
        }
        let stopped = if frame >= end { end - 1 } else { start };
        self.stop_at(stopped);
        stopped
    }

    /// Plays (from the start when the playhead is at the end) or pauses.
    pub fn toggle(&mut self, now: Instant, rate: FrameRate, film_end: i64) {
        if self.is_playing() {
            let frame = self.frame(now, rate, film_end);
            self.stop_at(frame);
        } else {
            let (start, end) = self.range(film_end);
            if self.anchor_frame >= end - 1 || self.anchor_frame < start {
                self.anchor_frame = start;
            }
            self.speed = 1;
            self.play_from(self.anchor_frame, now);
        }
    }

    /// J/K/L: direction -1, 0 or +1. Again in the same direction plays faster.
    pub fn shuttle(&mut self, direction: i8, now: Instant, rate: FrameRate, film_end: i64) {
        let frame = self.frame(now, rate, film_end);
        if direction == 0 {
            self.stop_at(frame);
            return;
        }
        let direction = i32::from(direction.signum());
        let speed = if self.is_playing() && self.speed.signum() == direction {
            (self.speed * 2).clamp(-MAX_SHUTTLE, MAX_SHUTTLE)
        } else {
            direction
        };
        self.speed = speed;
        self.play_from(frame, now);
    }

    /// Moves the playhead to `frame`; playback, if on, goes on from there.
    pub fn seek(&mut self, frame: i64, now: Instant) {
        self.anchor_frame = frame.max(0);
        self.last_shown = None;
        if self.is_playing() {
            self.anchor_time = Some(now);
            self.serial += 1;
            self.audio_clock = None;
        }
    }

    /// Stops at `frame`.
    pub fn stop_at(&mut self, frame: i64) {
        self.anchor_frame = frame.max(0);
        self.anchor_time = None;
        self.serial += 1;
        self.audio_clock = None;
        self.last_shown = None;
    }

    fn play_from(&mut self, frame: i64, now: Instant) {
        self.anchor_frame = frame;
        self.anchor_time = Some(now);
        self.serial += 1;
        self.audio_clock = None;
        self.last_shown = None;
    }

    /// Notes that film frame `frame` was shown; while playing, the frames
    /// passed over since the last one shown count as dropped.
    pub fn shown(&mut self, frame: i64) {
        if self.is_playing()
            && let Some(last) = self.last_shown
        {
            let skipped = (frame - last).abs() - 1;
            let step = i64::from(self.speed.unsigned_abs()) - 1;
            // At 2x or 4x every other (or every fourth) frame is skipped by design.
            self.dropped += (skipped - step).max(0) as u64;
        }
        self.last_shown = Some(frame);
    }

    /// How long until the next frame is due (for scheduling a repaint).
    pub fn next_frame_in(&self, rate: FrameRate) -> Duration {
        Duration::from_secs_f64(1.0 / (rate.as_f64() * f64::from(self.speed.unsigned_abs().max(1))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate() -> FrameRate {
        FrameRate::new(24, 1).unwrap()
    }

    #[test]
    fn playing_follows_the_clock_and_stops_at_the_end() {
        let mut p = Playback::default();
        let t0 = Instant::now();
        p.toggle(t0, rate(), 100);
        assert!(p.is_playing());
        assert_eq!(p.frame(t0 + Duration::from_millis(500), rate(), 100), 12);
        assert_eq!(p.frame(t0 + Duration::from_secs(10), rate(), 100), 99);
        assert!(!p.is_playing(), "stopped at the last frame");
        // Play again from the end: starts over.
        p.toggle(t0, rate(), 100);
        assert_eq!(p.frame(t0, rate(), 100), 0);
    }

    #[test]
    fn looping_wraps_between_the_marks() {
        let mut p = Playback {
            looping: true,
            mark_in: Some(10),
            mark_out: Some(34),
            ..Playback::default()
        };
        let t0 = Instant::now();
        p.seek(10, t0);
        p.toggle(t0, rate(), 100);
        assert_eq!(p.frame(t0 + Duration::from_millis(999), rate(), 100), 33);
        assert_eq!(p.frame(t0 + Duration::from_millis(1001), rate(), 100), 10);
        assert!(p.is_playing());
    }

    #[test]
    fn shuttle_speeds_up_and_k_stops() {
        let mut p = Playback::default();
        let t0 = Instant::now();
        p.seek(50, t0);
        p.shuttle(1, t0, rate(), 100);
        p.shuttle(1, t0, rate(), 100);
        assert_eq!(p.speed(), 2);
        assert_eq!(p.frame(t0 + Duration::from_millis(500), rate(), 100), 74);
        p.shuttle(-1, t0 + Duration::from_millis(500), rate(), 100);
        assert_eq!(p.speed(), -1);
        p.shuttle(0, t0 + Duration::from_millis(1000), rate(), 100);
        assert!(!p.is_playing());
        assert_eq!(p.frame(t0 + Duration::from_secs(5), rate(), 100), 62);
    }

    #[test]
    fn the_sound_clock_leads_the_picture_when_there_is_one() {
        let mut p = Playback::default();
        let t0 = Instant::now();
        p.toggle(t0, rate(), 100);
        let (serial, frame, playing, speed) = p.anchor();
        assert_eq!((frame, playing, speed), (0, true, 1));
        // The sound has played 1 s while the wall clock says 0.5 s.
        p.follow_audio_clock(Some(Duration::from_secs(1)));
        assert_eq!(p.frame(t0 + Duration::from_millis(500), rate(), 100), 24);
        p.follow_audio_clock(None);
        assert_eq!(p.frame(t0 + Duration::from_millis(500), rate(), 100), 12);
        // A seek restarts the clock: the sound must follow.
        p.seek(50, t0);
        assert_ne!(p.anchor().0, serial);
        assert_eq!(p.anchor().1, 50);
    }

    #[test]
    fn frames_passed_over_while_playing_count_as_dropped() {
        let mut p = Playback::default();
        let t0 = Instant::now();
        p.toggle(t0, rate(), 100);
        p.shown(0);
        p.shown(1);
        p.shown(4);
        assert_eq!(p.dropped, 2);
        p.stop_at(4);
        p.shown(40);
        assert_eq!(p.dropped, 2, "a seek while stopped drops nothing");
    }
}
