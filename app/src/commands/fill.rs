//! `inbetween fill`: generate a project's gaps into its cache (or a shared
//! one), or list them as jobs for a render farm.
//!
//! Several processes may fill different gaps (or the same one) into one
//! shared cache at once: entries are written aside and renamed whole, and a
//! key filed by another process stands. Each records its gaps' recipes in
//! `project.json` by reading it afresh and changing only those recipes, so
//! edits saved meanwhile are kept.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use inbetween_engine::r#gen::{FillOutcome, GapJob, fill_gap, gap_job};
use inbetween_engine::jobs::Job;
use inbetween_engine::project::{self, GapKey, GapRecipeRecord};
use inbetween_engine::timeline::{Gap, Layout};

use super::job_progress::wait_with_bar;
use super::render::{compositor_for, gap_cache};

/// What `--list` prints, if asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Generate (no listing).
    No,
    /// A line per gap.
    Text,
    /// One JSON array of jobs.
    Json,
}

impl Listing {
    /// From `--list` and `--json`.
    pub fn from_flags(list: bool, json: bool) -> Self {
        match (list, json) {
            (false, _) => Listing::No,
            (true, false) => Listing::Text,
            (true, true) => Listing::Json,
        }
    }
}

/// One line of `--list --json`.
#[derive(serde::Serialize)]
struct ListedJob {
    /// 1-based, in film order: what `--gap N` takes.
    gap: usize,
    from_card: u64,
    to_card: u64,
    frames: i64,
    #[serde(flatten)]
    job: GapJob,
}

/// Generates every gap (or gap `only`, 1-based in film order) of the
/// project into its cache or `shared_cache`, or lists them.
pub fn run(
    project_path: &Path,
    only: Option<usize>,
    weights: Option<&Path>,
    shared_cache: Option<&Path>,
    listing: Listing,
) -> anyhow::Result<()> {
    let loaded = project::load(project_path)?;
    let gaps = Layout::of(&loaded.project).gaps().to_vec();
    if gaps.is_empty() {
        if listing == Listing::Json {
            println!("[]");
        } else {
            println!("The project has no gaps: every card cuts straight to the next.");
        }
        return Ok(());
    }
    let chosen = chosen_gaps(&gaps, only)?;
    let cache = gap_cache(&loaded.folder, shared_cache);
    let models = super::gap_models(weights)?;
    let compositor = Arc::new(compositor_for(
        &loaded.folder,
        Arc::clone(&models),
        shared_cache,
    )?);
    let project = Arc::new(loaded.project);
    if listing != Listing::No {
        let mut jobs = Vec::new();
        for (number, gap) in &chosen {
            let job = gap_job(&project, &compositor, gap, &cache, &models)?;
            jobs.push(ListedJob {
                gap: *number,
                from_card: gap.key.from_card.0,
                to_card: gap.key.to_card.0,
                frames: gap.range_in_timeline.duration,
                job,
            });
        }
        print_jobs(&jobs, listing)?;
        return Ok(());
    }
    let mut recipes = Vec::new();
    for (number, gap) in chosen {
        let started = Instant::now();
        let (p, c, k) = (Arc::clone(&project), Arc::clone(&compositor), cache.clone());
        let m = Arc::clone(&models);
        let job = Job::spawn("fill gap", Arc::new(|| {}), move |ctx| {
            fill_gap(&p, &c, &gap, &k, &m, ctx)
        })?;
        let filled = wait_with_bar(&job)??;
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
        if let Some(choice) = &filled.choice {
            println!("  Auto chose {}: {}", choice.mode.label(), choice.why);
        }
        recipes.push((gap.key, filled.recipe));
    }
    record_recipes(project_path, &project, &recipes)
}

/// The gaps to fill: all of them, or gap `only` (1-based).
fn chosen_gaps(gaps: &[Gap], only: Option<usize>) -> anyhow::Result<Vec<(usize, Gap)>> {
    Ok(match only {
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
    })
}

fn print_jobs(jobs: &[ListedJob], listing: Listing) -> anyhow::Result<()> {
    if listing == Listing::Json {
        println!("{}", serde_json::to_string_pretty(jobs)?);
        return Ok(());
    }
    for j in jobs {
        println!(
            "gap {:>3}  cards {} → {}  {:>4} frames  {} v{}  {}  {}",
            j.gap,
            j.from_card,
            j.to_card,
            j.frames,
            j.job.model,
            j.job.model_version,
            j.job.key,
            if j.job.cached {
                "cached"
            } else {
                "to generate"
            }
        );
    }
    Ok(())
}

/// Records each gap's recipe in `project.json`, so the film can be made
/// again: read afresh (another process, or the editor, may have saved it
/// since), only recipes of gaps that are still as they were filled change.
fn record_recipes(
    project_path: &Path,
    filled_from: &project::Project,
    recipes: &[(GapKey, GapRecipeRecord)],
) -> anyhow::Result<()> {
    let fresh = project::load(project_path)?;
    let mut recorded = fresh.project.clone();
    for (key, recipe) in recipes {
        let without_recipe = |p: &project::Project| {
            let mut s = p.gap_settings(*key);
            s.generated = None;
            s
        };
        let unchanged = recorded.card(key.from_card) == filled_from.card(key.from_card)
            && recorded.card(key.to_card) == filled_from.card(key.to_card)
            && without_recipe(&recorded) == without_recipe(filled_from);
        let mut settings = recorded.gap_settings(*key);
        if unchanged && settings.generated.as_ref() != Some(recipe) {
            settings.generated = Some(recipe.clone());
            recorded.gaps.insert(*key, settings);
        }
    }
    if recorded != fresh.project {
        project::save(&recorded, &fresh.folder)?;
        println!("Recorded the gaps' recipes in project.json.");
    }
    Ok(())
}
