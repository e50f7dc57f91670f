//! `inbetween export-timeline`: the cut for an editor, as an
//! OpenTimelineIO file, Final Cut Pro XML or a CMX3600 EDL
//! (`engine::interchange`), with `--with-media` the titles and gaps as
//! files beside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use inbetween_engine::interchange::edl::{AUDIO_TRACKS, to_edl};
use inbetween_engine::interchange::fcpxml::to_fcpxml;
use inbetween_engine::interchange::otio::to_otio;
use inbetween_engine::interchange::with_media::with_media;
use inbetween_engine::jobs::Job;
use inbetween_engine::project::{self, Project};

use super::job_progress::wait_with_bar;
use super::render::compositor_for;

/// The timeline formats, by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OpenTimelineIO JSON.
    Otio,
    /// Final Cut Pro XML 1.10.
    Fcpxml,
    /// CMX3600.
    Edl,
}

impl Format {
    /// The format `output`'s extension names.
    pub fn of(output: &Path) -> anyhow::Result<Self> {
        let extension = output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        Ok(match extension.as_deref() {
            Some("otio") => Format::Otio,
            Some("fcpxml") => Format::Fcpxml,
            Some("edl") => Format::Edl,
            _ => bail!(
                "{}: the timeline's format is told by its extension: .otio, .fcpxml or .edl",
                output.display()
            ),
        })
    }

    /// The timeline's text, and what to warn about.
    pub fn write(self, project: &Project, folder: &Path) -> (String, Vec<String>) {
        match self {
            Format::Otio => (to_otio(project, folder), Vec::new()),
            Format::Fcpxml => (to_fcpxml(project, folder), Vec::new()),
            Format::Edl => {
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
}

/// The folder `--with-media` writes into: `cut.otio` → `cut_media/`.
pub fn media_dir(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map_or_else(|| "timeline".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}_media"))
}

/// Writes the project at `path` as the timeline `output` names by its
/// extension (`.otio`, `.fcpxml`, `.edl`), atomically (nothing is left at
/// `output` on failure); with `media`, its titles and gaps as files too.
pub fn run(path: &Path, output: &Path, media: bool, weights: Option<&Path>) -> anyhow::Result<()> {
    let format = Format::of(output)?;
    let loaded = project::load(path)?;
    let mut project = loaded.project;
    if media {
        let dir = media_dir(output);
        let compositor = compositor_for(&loaded.folder, super::gap_models(weights)?, None)?;
        let source = project.clone();
        let job_dir = dir.clone();
        let job = Job::spawn("timeline media", Arc::new(|| {}), move |ctx| {
            with_media(&source, &compositor, &job_dir, ctx)
        })?;
        let made = wait_with_bar(&job)??;
        for gap in &made.drafts {
            eprintln!(
                "warning: gap {gap} is not generated yet; its film is the draft crossfade \
                 (run `inbetween fill` first for the generated frames)"
            );
        }
        println!("Wrote {} files into {}", made.files.len(), dir.display());
        project = made.project;
    }
    let (text, warnings) = format.write(&project, &loaded.folder);
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    project::atomic_write(output, text.as_bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!("Wrote {}", output.display());
    Ok(())
}
