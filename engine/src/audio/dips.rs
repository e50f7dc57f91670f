//! Where the whole mix dips with the picture: the film's fade in and fade
//! out, and each gap that fades through black or white. The gain follows
//! the picture's own mix, so the sound is silent exactly when the picture
//! is the colour.

use super::SAMPLE_RATE;
use crate::project::Project;
use crate::timeline::Layout;

/// A dip of the master gain: down to silence over `down`, silent until
/// `up` starts, back to full over `up` (film samples, half-open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dip {
    /// Full at the first sample, silent at the second.
    pub down: (i64, i64),
    /// Silent at the first sample, full at the second.
    pub up: (i64, i64),
}

impl Dip {
    /// The gain it applies at film sample `t` (1 outside it).
    pub fn gain_at(&self, t: i64) -> f32 {
        let ramp = |(a, b): (i64, i64)| (t - a) as f32 / (b - a).max(1) as f32;
        if t < self.down.0 || t >= self.up.1 {
            1.0
        } else if t < self.down.1 {
            1.0 - ramp(self.down)
        } else if t < self.up.0 {
            0.0
        } else {
            ramp(self.up)
        }
    }

    /// The film samples it changes.
    pub fn span(&self) -> (i64, i64) {
        (self.down.0, self.up.1)
    }
}

/// The dips of `project`'s mix, in film order.
pub fn dips(project: &Project) -> Vec<Dip> {
    let rate = project.settings.frame_rate;
    let at = |frame: i64| rate.samples_at(frame, SAMPLE_RATE);
    let settings = &project.settings;
    let mut out = Vec::new();
    if settings.fade_in_frames > 0 {
        out.push(Dip {
            down: (0, 0),
            up: (0, at(settings.fade_in_frames)),
        });
    }
    for gap in Layout::of(project).gaps() {
        if project.gap_settings(gap.key).mode.fade_level().is_none() {
            continue;
        }
        let (start, end) = (
            at(gap.range_in_timeline.start),
            at(gap.range_in_timeline.end()),
        );
        let middle = start + (end - start) / 2;
        out.push(Dip {
            down: (start, middle),
            up: (middle, end),
        });
    }
    if settings.fade_out_frames > 0 {
        let end = at(project.duration_frames());
        let from = at(project.duration_frames() - settings.fade_out_frames).max(0);
        out.push(Dip {
            down: (from, end),
            up: (end, end),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_down_stays_silent_and_comes_back() {
        let dip = Dip {
            down: (100, 200),
            up: (300, 500),
        };
        assert_eq!(dip.gain_at(99), 1.0);
        assert_eq!(dip.gain_at(100), 1.0);
        assert_eq!(dip.gain_at(150), 0.5);
        assert_eq!(dip.gain_at(250), 0.0);
        assert_eq!(dip.gain_at(400), 0.5);
        assert_eq!(dip.gain_at(500), 1.0);
        // A fade in: silent at the first sample.
        let fade_in = Dip {
            down: (0, 0),
            up: (0, 48_000),
        };
        assert_eq!(fade_in.gain_at(0), 0.0);
        assert_eq!(fade_in.gain_at(24_000), 0.5);
    }
}
