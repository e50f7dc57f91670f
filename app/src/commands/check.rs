//! `inbetween check`: validate a project and print what is in it.

use std::fmt::Write as _;
use std::path::Path;

use inbetween_engine::project::{self, CardContent, LoadedProject};
use inbetween_engine::time::{FrameRate, RationalTime};
use inbetween_engine::timeline::Layout;

/// What `check` found in a project that opened.
pub struct CheckReport {
    /// The summary to print.
    pub text: String,
    /// Warnings and missing media: the project opens, but not everything is right.
    pub warning_count: usize,
}

/// Loads the project at `path` and describes it. An error means the project
/// cannot be opened; its message names the file and the problem.
pub fn check(path: &Path) -> Result<CheckReport, project::ProjectError> {
    let loaded = project::load(path)?;
    Ok(report(&loaded))
}

/// The summary of a loaded project, as `check` prints it.
pub fn report(loaded: &LoadedProject) -> CheckReport {
    let p = &loaded.project;
    let rate = p.settings.frame_rate;
    let layout = Layout::of(p);
    let missing = p.missing_media(&loaded.folder);
    let mut out = String::new();
    let s = &p.settings;
    let duration = p.duration_frames();
    let _ = writeln!(out, "{} ({})", s.name, loaded.folder.display());
    let _ = writeln!(
        out,
        "  {} at {} fps, aspect {}; duration {} ({} frames)",
        s.resolution,
        rate,
        s.aspect,
        timecode(duration, rate),
        duration
    );
    let lanes = p.audio_lanes.len();
    let _ = writeln!(
        out,
        "  {} cards, {} gaps, {} audio {}, {} {}",
        p.cards.len(),
        layout.gaps().len(),
        lanes,
        plural(lanes, "lane", "lanes"),
        p.markers.len(),
        plural(p.markers.len(), "marker", "markers")
    );
    let settings = &p.settings;
    if settings.fade_in_frames > 0 || settings.fade_out_frames > 0 {
        let _ = writeln!(
            out,
            "  fades in over {} and out over {}",
            seconds(settings.fade_in_frames, rate).trim(),
            seconds(settings.fade_out_frames, rate).trim()
        );
    }
    if let Some(from) = loaded.upgraded_from {
        let _ = writeln!(
            out,
            "  upgraded from schema version {from} in memory; saving writes version {}",
            project::CURRENT_SCHEMA_VERSION
        );
    }

    let _ = writeln!(out, "\nCards");
    for card in &p.cards {
        let r = card.range_in_timeline;
        let media = match &card.content {
            CardContent::Text => String::new(),
            CardContent::Image { media } => media.to_string(),
            CardContent::Clip {
                media,
                source_start_frame,
                ..
            } => format!("{media} from {}", timecode(*source_start_frame, rate)),
        };
        let _ = writeln!(
            out,
            "  {:>3}  shot {:<4}  {}  {:>7}  {:<5}  {:<40}  {}",
            card.id.0,
            card.board.shot,
            timecode(r.start, rate),
            seconds(r.duration, rate),
            card.kind_name(),
            media,
            quote(&card.prompt)
        );
        if let Some(m) = &card.camera_move {
            let _ = writeln!(out, "       camera: {}", m.describe());
        }
    }

    let _ = writeln!(out, "\nGaps");
    if layout.gaps().is_empty() {
        let _ = writeln!(out, "  none: every card cuts straight to the next");
    }
    for gap in layout.gaps() {
        let settings = p.gap_settings(gap.key);
        let _ = writeln!(
            out,
            "  {:>3} → {:<3}  {}  {:>7}  {:<18}  seed {}  {}",
            gap.key.from_card.0,
            gap.key.to_card.0,
            timecode(gap.range_in_timeline.start, rate),
            seconds(gap.range_in_timeline.duration, rate),
            settings.mode.label(),
            settings.seed,
            quote(&settings.prompt)
        );
    }

    let uses = p.media_uses().len();
    let _ = writeln!(out, "\nMedia");
    if missing.is_empty() {
        let _ = writeln!(
            out,
            "  {uses} {} used, all present",
            plural(uses, "file", "files")
        );
    } else {
        for (who, media) in &missing {
            let _ = writeln!(out, "  warning: missing {media}, used by {who}");
        }
    }
    for warning in &loaded.warnings {
        let _ = writeln!(out, "  {warning}");
    }
    let text = out
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    CheckReport {
        text,
        warning_count: missing.len() + loaded.warnings.len(),
    }
}

fn timecode(frames: i64, rate: FrameRate) -> String {
    RationalTime::new(frames, rate).to_timecode().to_string()
}

fn seconds(frames: i64, rate: FrameRate) -> String {
    format!("{:.2} s", rate.seconds_at(frames))
}

fn quote(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let short: String = text.chars().take(48).collect();
    let more = if text.chars().count() > 48 { "…" } else { "" };
    format!("\"{short}{more}\"")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
