//! The cut handed to an editor: the project as an NLE timeline.
//!
//! - [`otio`]: OpenTimelineIO's JSON (`.otio`), as OTIO 0.18 writes it.
//! - [`edl`]: a CMX3600 EDL (`.edl`).
//! - [`fcpxml`]: Final Cut Pro XML 1.10 (`.fcpxml`), which DaVinci Resolve reads.
//! - [`with_media`]: titles and generated gaps written as files, for any of them.
//! - [`otio_read`] and [`import_timeline`]: an OpenTimelineIO file back into a project.
//!
//! A new format gets a file here that turns a [`crate::project::Project`]
//! into its text, and a line in the CLI's `export-timeline`.

pub mod edl;
pub mod fcpxml;
pub mod import_timeline;
pub mod otio;
pub mod otio_read;
pub mod with_media;

use std::path::{Path, PathBuf};

use self::edl::{AUDIO_TRACKS, to_edl};
use self::fcpxml::to_fcpxml;
use self::otio::to_otio;

use crate::project::{CardContent, CardId, GapMode, Project};
use crate::timeline::{Gap, Layout};

/// The gap after card `id` when an NLE can show it as a dissolve: a
/// Dissolve gap between two cards whose pictures can be held longer than
/// they last (stills and titles; a clip's frames beyond its range are
/// other pictures). A still's camera move is not an NLE's: the timeline
/// holds the still unmoved, unless `--with-media` renders the move.
fn held_dissolve_after(project: &Project, layout: &Layout, id: CardId) -> Option<Gap> {
    let holdable = |id: CardId| {
        project
            .card(id)
            .is_some_and(|c| !matches!(c.content, CardContent::Clip { .. }))
    };
    layout.gap_after(id).copied().filter(|g| {
        project.gap_settings(g.key).mode == GapMode::Dissolve
            && holdable(g.key.from_card)
            && holdable(g.key.to_card)
    })
}

/// A media path's file name (`media/a b.png` → `a b.png`).
fn file_name(media: &str) -> &str {
    media.rsplit('/').next().unwrap_or_default()
}

/// Where a project's media file is, as an absolute path.
fn absolute(folder: &Path, media: &str) -> PathBuf {
    let path = folder.join(media);
    std::path::absolute(&path).unwrap_or(path)
}

/// How long a media file is, in frames at `rate`, when it can be probed
/// (None for a missing or unreadable file).
fn media_frames(folder: &Path, media: &str, rate: crate::time::FrameRate) -> Option<i64> {
    let info = crate::media::probe(&absolute(folder, media)).ok()?;
    let frames = match &info.video {
        Some(v) if v.frame_count > 1 => v.frame_rate.convert_frames(v.frame_count, rate),
        _ => rate.frame_at_seconds(info.duration_seconds),
    };
    (frames > 0).then_some(frames)
}

/// What an NLE calls a card's clip: "Shot 3"; a gap written as a file by
/// [`with_media`] is named for its gap ("Gap 2–3").
fn clip_name(card: &crate::project::Card) -> String {
    let shot = &card.board.shot;
    if shot.starts_with("Gap ") {
        shot.clone()
    } else {
        format!("Shot {shot}")
    }
}

/// The timeline formats an editor can be handed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineFormat {
    /// OpenTimelineIO JSON (`.otio`).
    Otio,
    /// Final Cut Pro XML 1.10 (`.fcpxml`).
    Fcpxml,
    /// CMX3600 (`.edl`).
    Edl,
}

impl TimelineFormat {
    /// Every format, in the order menus list them.
    pub const ALL: [TimelineFormat; 3] = [Self::Otio, Self::Fcpxml, Self::Edl];

    /// The format a file's extension names, if any.
    pub fn of(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| f.extension() == extension)
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Otio => "otio",
            Self::Fcpxml => "fcpxml",
            Self::Edl => "edl",
        }
    }

    /// Its name in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Otio => "OpenTimelineIO (.otio)",
            Self::Fcpxml => "Final Cut Pro XML 1.10 (.fcpxml, DaVinci Resolve)",
            Self::Edl => "CMX3600 EDL (.edl)",
        }
    }

    /// The timeline of `project` (its media in `folder`), and what the
    /// format had to leave out.
    pub fn write(self, project: &Project, folder: &Path) -> (String, Vec<String>) {
        match self {
            Self::Otio => (to_otio(project, folder), Vec::new()),
            Self::Fcpxml => (to_fcpxml(project, folder), Vec::new()),
            Self::Edl => {
                let lanes = project.audio_lanes.len();
                let warnings = if lanes > AUDIO_TRACKS {
                    vec![format!(
                        "an EDL carries {AUDIO_TRACKS} audio tracks; {} of {lanes} lanes are left out",
                        lanes - AUDIO_TRACKS
                    )]
                } else {
                    Vec::new()
                };
                (to_edl(project, folder), warnings)
            }
        }
    }

    /// The folder `--with-media` writes into beside `output`: `cut.otio` →
    /// `cut_media/`.
    pub fn media_dir(output: &Path) -> PathBuf {
        let stem = output
            .file_stem()
            .map_or_else(|| "timeline".into(), |s| s.to_string_lossy().into_owned());
        output.with_file_name(format!("{stem}_media"))
    }
}
