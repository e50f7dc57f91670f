//! The document's rules, checked on load and by `inbetween check`.

use std::collections::HashSet;
use std::fmt;

use super::{Aspect, CardContent, GapKey, Project, Resolution, limits};
use crate::time::{RationalTime, TimeRange};

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document cannot be used until it is fixed.
    Error,
    /// The document works, but something is off.
    Warning,
}

/// One broken rule, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and where.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{word}: {}", self.message)
    }
}

/// Every problem in `project`, errors first. Missing media is not checked here
/// (it needs the folder; see [`Project::missing_media`]).
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut out = Problems::default();
    check_settings(project, &mut out);
    check_cards(project, &mut out);
    check_gaps(project, &mut out);
    check_audio(project, &mut out);
    let max_end = limits::max_film_frames(project.settings.frame_rate);
    for m in &project.markers {
        if m.frame < 0 || m.frame >= max_end {
            out.error(format!(
                "marker {:?} is at frame {}, outside the film's 24 hours",
                limits::excerpt(&m.label),
                m.frame
            ));
        }
        check_text("a marker's label", &m.label, &mut out);
    }
    let mut problems = out.0;
    problems.sort_by_key(|p| p.severity);
    problems
}

#[derive(Default)]
struct Problems(Vec<Problem>);

/// A text longer than [`limits::MAX_TEXT_CHARS`] is refused, quoted short.
fn check_text(what: &str, text: &str, out: &mut Problems) {
    if text.len() > limits::MAX_TEXT_CHARS && text.chars().count() > limits::MAX_TEXT_CHARS {
        out.error(format!(
            "{what} is {} characters long, more than {} (it begins {:?})",
            text.chars().count(),
            limits::MAX_TEXT_CHARS,
            limits::excerpt(text)
        ));
    }
}

impl Problems {
    fn error(&mut self, message: String) {
        self.0.push(Problem {
            severity: Severity::Error,
            message,
        });
    }

    fn warning(&mut self, message: String) {
        self.0.push(Problem {
            severity: Severity::Warning,
            message,
        });
    }
}

fn check_settings(project: &Project, out: &mut Problems) {
    let Resolution { width, height } = project.settings.resolution;
    let side = Resolution::MIN_SIDE..=Resolution::MAX_SIDE;
    if !side.contains(&width) || !side.contains(&height) {
        out.error(format!(
            "the resolution {width}x{height} is out of range ({} to {} pixels a side)",
            Resolution::MIN_SIDE,
            Resolution::MAX_SIDE
        ));
    } else if width % 2 != 0 || height % 2 != 0 {
        out.warning(format!(
            "the resolution {width}x{height} has an odd side; films are exported at even sizes"
        ));
    }
    let settings = &project.settings;
    let fps = settings.frame_rate.as_f64();
    if !(limits::MIN_FPS..=limits::MAX_FPS).contains(&fps) {
        out.error(format!(
            "the frame rate {} ({fps:.3} fps) is outside {} to {} fps",
            settings.frame_rate,
            limits::MIN_FPS,
            limits::MAX_FPS
        ));
    }
    let aspect = settings.aspect.as_f64();
    if !(Aspect::MIN..=Aspect::MAX).contains(&aspect) {
        out.error(format!(
            "the aspect {} is outside {}:1 to {}:1",
            settings.aspect,
            Aspect::MIN,
            Aspect::MAX
        ));
    }
    check_text("the project's name", &settings.name, out);
    for (what, frames) in [
        ("fade in", settings.fade_in_frames),
        ("fade out", settings.fade_out_frames),
    ] {
        if frames < 0 {
            out.error(format!(
                "the film's {what} lasts {frames} frames; it cannot be negative"
            ));
        } else if frames > limits::max_film_frames(settings.frame_rate) {
            out.error(format!(
                "the film's {what} lasts {frames} frames, more than 24 hours"
            ));
        }
    }
    let duration = project.duration_frames();
    if settings
        .fade_in_frames
        .saturating_add(settings.fade_out_frames)
        > duration
        && duration > 0
    {
        out.warning(format!(
            "the film's fades ({} frames in, {} out) are longer than the film ({duration} frames)",
            settings.fade_in_frames, settings.fade_out_frames
        ));
    }
}

/// A card's, clip's or marker's place: at least a frame long, inside the
/// film's first 24 hours (`max_end`, frames at the project's rate).
fn check_range(what: &str, range: TimeRange, max_end: i64, out: &mut Problems) {
    let end = range.start.checked_add(range.duration);
    if end.is_none_or(|end| end > max_end) || range.start > max_end {
        out.error(format!(
            "{what} starts at frame {} and lasts {} frames, beyond the film's longest (24 hours, {max_end} frames)",
            range.start, range.duration
        ));
    }
    if range.duration <= 0 {
        out.error(format!(
            "{what} has a duration of {} frames; it must last at least one frame",
            range.duration
        ));
    }
    if range.start < 0 {
        out.error(format!(
            "{what} starts at frame {}, before the film starts",
            range.start
        ));
    }
}

fn check_cards(project: &Project, out: &mut Problems) {
    let max_end = limits::max_film_frames(project.settings.frame_rate);
    let mut seen = HashSet::new();
    for card in &project.cards {
        let what = card.describe();
        if !seen.insert(card.id) {
            out.error(format!("two cards have the id {}", card.id.0));
        }
        check_range(&what, card.range_in_timeline, max_end, out);
        if let Some(problem) = card.media().and_then(|m| m.problem()) {
            out.error(format!(
                "{what}: {problem} ({:?})",
                limits::excerpt(card.media().map(|m| m.as_str()).unwrap_or(""))
            ));
        }
        check_text(&format!("{what}'s prompt"), &card.prompt, out);
        let board = &card.board;
        for (field, text) in [
            ("shot number", &board.shot),
            ("scene", &board.scene),
            ("dialogue", &board.dialogue),
            ("action", &board.action),
            ("notes", &board.notes),
        ] {
            check_text(&format!("{what}'s {field}"), text, out);
        }
        if let CardContent::Clip {
            source_start_frame, ..
        } = card.content
            && source_start_frame < 0
        {
            out.error(format!(
                "{what} is trimmed to start at source frame {source_start_frame}, before its media starts"
            ));
        }
        if let Some(problem) = card.camera_move.as_ref().and_then(|m| m.problem()) {
            out.error(format!("{what}'s camera move: {problem}"));
        }
    }
    let mut by_start: Vec<_> = project.cards.iter().collect();
    by_start.sort_by_key(|c| (c.range_in_timeline.start, c.id));
    for pair in by_start.windows(2) {
        let [a, b] = pair else { continue };
        let shared = a.range_in_timeline.intersection(b.range_in_timeline);
        if !shared.is_empty() {
            let rate = project.settings.frame_rate;
            out.error(format!(
                "{} and {} overlap for {} frames from {} (frame {})",
                a.describe(),
                b.describe(),
                shared.duration,
                RationalTime::new(shared.start, rate),
                shared.start
            ));
        }
    }
}

fn check_gaps(project: &Project, out: &mut Problems) {
    let ids: HashSet<_> = project.cards.iter().map(|c| c.id).collect();
    for key in project.gaps.keys() {
        let GapKey { from_card, to_card } = *key;
        if !ids.contains(&from_card) || !ids.contains(&to_card) {
            out.warning(format!(
                "settings for the {key} name a card that does not exist; they are ignored"
            ));
        } else if from_card == to_card {
            out.warning(format!(
                "settings for the {key} join a card to itself; they are ignored"
            ));
        }
    }
}

fn check_audio(project: &Project, out: &mut Problems) {
    let max_end = limits::max_film_frames(project.settings.frame_rate);
    let mut lanes = HashSet::new();
    let mut clips = HashSet::new();
    for lane in &project.audio_lanes {
        if !lanes.insert(lane.id) {
            out.error(format!("two audio lanes have the id {}", lane.id.0));
        }
        for clip in &lane.clips {
            let what = format!("{} on {} \"{}\"", clip.id, lane.id, lane.name);
            if !clips.insert(clip.id) {
                out.error(format!("two audio clips have the id {}", clip.id.0));
            }
            check_range(&what, clip.range_in_timeline, max_end, out);
            if let Some(problem) = clip.media.problem() {
                out.error(format!(
                    "{what}: {problem} ({:?})",
                    limits::excerpt(clip.media.as_str())
                ));
            }
            if clip.source_start_frame < 0 {
                out.error(format!(
                    "{what} starts before its media starts (source frame {})",
                    clip.source_start_frame
                ));
            }
            if clip.fade_in_frames < 0 || clip.fade_out_frames < 0 {
                out.error(format!("{what} has a negative fade"));
            } else if clip.fade_in_frames.saturating_add(clip.fade_out_frames)
                > clip.range_in_timeline.duration
            {
                out.error(format!(
                    "{what} fades in for {} and out for {} frames but lasts only {}",
                    clip.fade_in_frames, clip.fade_out_frames, clip.range_in_timeline.duration
                ));
            }
        }
    }
}
