//! `inbetween fill`: generate a project's gaps into its cache.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{FillOutcome, fill_gap};
use inbetween_engine::jobs::Job;
use inbetween_engine::project;
use inbetween_engine::timeline::Layout;

use super::job_progress::wait_with_bar;
use super::render::compositor_for;

/// Generates every gap (or gap `only`, 1-based in film order) of the project.
pub fn run(project_path: &Path, only: Option<usize>, weights: Option<&Path>) -> anyhow::Result<()> {
    let loaded = project::load(project_path)?;
    let gaps = Layout::of(&loaded.project).gaps().to_vec();
    if gaps.is_empty() {
        println!("The project has no gaps: every card cuts straight to the next.");
        return Ok(());
    }
    let chosen: Vec<(usize, _)> = match only {
        Some(n) if n == 0 || n > gaps.len() => bail!(
            "there is no gap {n}: the project has gaps 1 to {}",
            gaps.len()
        ),
        Some(n) => vec![(n, gaps[n - 1])],
        None => gaps
            .iter()
            .copied()
            .enumerate()
            .map(|(i, g)| (i + 1, g))
            .collect(),
    };
    let cache = GapCache::for_project(&loaded.folder);
    let models = super::gap_models(weights)?;
    let compositor = Arc::new(compositor_for(&loaded.folder, Arc::clone(&models))?);
    let project = Arc::new(loaded.project.clone());
    let mut recorded = loaded.project;
    for (number, gap) in chosen {
        let started = Instant::now();
        let (p, c, k) = (Arc::clone(&project), Arc::clone(&compositor), cache.clone());
        let m = Arc::clone(&models);
        let job = Job::spawn("fill gap", Arc::new(|| {}), move |ctx| {
            fill_gap(&p, &c, &gap, &k, &m, ctx)
        })?;
        let filled = wait_with_bar(&job)??;
        let mut settings = project.gap_settings(gap.key);
        if settings.generated.as_ref() != Some(&filled.recipe) {
            settings.generated = Some(filled.recipe);
            recorded.gaps.insert(gap.key, settings);
        }
        let mode = project.gap_settings(gap.key).mode.label();
        let what = format!(
            "Gap {number} (cards {} → {}, {} frames, {mode})",
            gap.key.from_card.0, gap.key.to_card.0, gap.range_in_timeline.duration
        );
        match filled.outcome {
            FillOutcome::Generated => println!(
                "{what}: generated in {:.1} s",
                started.elapsed().as_secs_f64()
            ),
            FillOutcome::AlreadyCached => println!("{what}: up to date"),
        }
    }
    // Each gap's recipe goes into project.json, so the film can be made again.
    if recorded != *project {
        project::save(&recorded, &loaded.folder)?;
        println!("Recorded the gaps' recipes in project.json.");
    }
    Ok(())
}
