//! `inbetween export-timeline`: the cut for an editor, as an
//! OpenTimelineIO file, Final Cut Pro XML or a CMX3600 EDL
//! (`engine::interchange`).

use std::path::Path;

use anyhow::{Context, bail};
use inbetween_engine::interchange::edl::{AUDIO_TRACKS, to_edl};
use inbetween_engine::interchange::fcpxml::to_fcpxml;
use inbetween_engine::interchange::otio::to_otio;
use inbetween_engine::project;

/// Writes the project at `path` as the timeline `output` names by its
/// extension (`.otio`, `.fcpxml`, `.edl`), atomically (nothing is left at `output` on failure).
pub fn run(path: &Path, output: &Path) -> anyhow::Result<()> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let text = match extension.as_deref() {
        Some("otio") => {
            let loaded = project::load(path)?;
            to_otio(&loaded.project, &loaded.folder)
        }
        Some("edl") => {
            let loaded = project::load(path)?;
            let lanes = loaded.project.audio_lanes.len();
            if lanes > AUDIO_TRACKS {
                eprintln!(
                    "warning: an EDL carries {AUDIO_TRACKS} audio tracks; {} of {lanes} lanes are left out",
                    lanes - AUDIO_TRACKS
                );
            }
            to_edl(&loaded.project, &loaded.folder)
        }
        Some("fcpxml") => {
            let loaded = project::load(path)?;
            to_fcpxml(&loaded.project, &loaded.folder)
        }
        _ => bail!(
            "{}: the timeline's format is told by its extension: .otio, .fcpxml or .edl",
            output.display()
        ),
    };
    project::atomic_write(output, text.as_bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!("Wrote {}", output.display());
    Ok(())
}
