//! `inbetween export-timeline`: the cut for an editor, as an
//! OpenTimelineIO file, Final Cut Pro XML or a CMX3600 EDL
//! (`engine::interchange`), with `--with-media` the titles and gaps as
//! files beside it.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use inbetween_engine::interchange::TimelineFormat;
use inbetween_engine::interchange::with_media::with_media;
use inbetween_engine::jobs::Job;
use inbetween_engine::project;

use super::job_progress::wait_with_bar;
use super::render::compositor_for;

/// Writes the project at `path` as the timeline `output` names by its
/// extension (`.otio`, `.fcpxml`, `.edl`), atomically (nothing is left at
/// `output` on failure); with `media`, its titles and gaps as files too.
pub fn run(path: &Path, output: &Path, media: bool, weights: Option<&Path>) -> anyhow::Result<()> {
    let format = TimelineFormat::of(output).ok_or_else(|| {
        anyhow!(
            "{}: the timeline's format is told by its extension: .otio, .fcpxml or .edl",
            output.display()
        )
    })?;
    let loaded = project::load(path)?;
    let mut project = loaded.project;
    if media {
        let dir = TimelineFormat::media_dir(output);
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
