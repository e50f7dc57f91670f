//! `inbetween boards`: the story's panels as a PDF (`engine::boards`).

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use inbetween_engine::boards::{self, BoardsRequest, Grid, Orientation, Paper};
use inbetween_engine::jobs::Job;
use inbetween_engine::project;

use super::job_progress::wait_with_bar;
use super::render::compositor_for;
use crate::cli::{OrientationArg, PaperArg};

/// How the boards are laid out.
pub struct Options {
    /// Panels per page.
    pub grid: Grid,
    /// The paper.
    pub paper: PaperArg,
    /// Which way up.
    pub orientation: OrientationArg,
    /// Gaps as small panels between cards.
    pub gaps: bool,
}

/// Writes the boards of the project at `path` to `output` (atomically).
pub fn run(
    path: &Path,
    output: &Path,
    options: Options,
    weights: Option<&Path>,
) -> anyhow::Result<()> {
    let is_pdf = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        bail!(
            "{}: the boards are a PDF; name the file .pdf",
            output.display()
        );
    }
    let loaded = project::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let compositor = compositor_for(&loaded.folder, super::gap_models(weights)?, None)?;
    let request = BoardsRequest {
        grid: options.grid,
        paper: match options.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        orientation: match options.orientation {
            OrientationArg::Landscape => Orientation::Landscape,
            OrientationArg::Portrait => Orientation::Portrait,
        },
        gaps: options.gaps,
        date: boards::today(),
    };
    let project = loaded.project;
    let job = Job::spawn("boards", Arc::new(|| {}), move |ctx| {
        boards::boards(&project, &compositor, &request, ctx)
    })?;
    let made = wait_with_bar(&job)??;
    for warning in &made.warnings {
        eprintln!("warning: {warning}");
    }
    project::atomic_write(output, &made.pdf)
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "Wrote {}: {} panels on {} pages ({} layout)",
        output.display(),
        made.panels,
        made.pages,
        options.grid.name()
    );
    Ok(())
}
