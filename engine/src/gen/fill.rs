//! Generating a gap's frames into the project's cache, and serving them back
//! to the compositor.

use image::RgbaImage;

use std::sync::Arc;

use super::Registry;
use super::confidence::clean_score;
use super::plan::gap_t;
use super::{GapInputs, GapModel, GenError};
use crate::cache::{GapCache, GapRecipe};
use crate::jobs::ProgressSink;
use crate::project::{AutoChoice, GapRecipeRecord, GapSettings, Project};
use crate::render::{Compositor, GapFrameRequest, GapFrames};
use crate::timeline::Gap;

/// What filling a gap did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FillOutcome {
    /// Its frames were generated and stored.
    Generated,
    /// Its frames were already in the cache (nothing it depends on changed).
    AlreadyCached,
}

/// A filled gap: what filling did and the recipe of its frames, for the
/// project to record (`GapSettings::generated`).
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// Generated now, or found in the cache.
    pub outcome: FillOutcome,
    /// What the frames were made from.
    pub recipe: GapRecipeRecord,
    /// What the Auto mode chose, and why (Auto gaps only).
    pub choice: Option<AutoChoice>,
    /// How clean its middle frame is, 0 (ghosted) to 1
    /// ([`super::confidence::clean_score`]); None when its sides hardly differ.
    pub clean: Option<f32>,
}

/// A gap as a job for a render farm: what would fill it and whether its
/// frames are already in the cache (`inbetween fill --list --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GapJob {
    /// The cache key its frames are filed under.
    pub key: String,
    /// The model that fills it.
    pub model: String,
    /// That model's version.
    pub model_version: u32,
    /// True when its frames are in the cache already.
    pub cached: bool,
}

/// What filling `gap` would do, without doing it: its recipe's key and
/// model (the boundary frames are drawn to know the key).
pub fn gap_job(
    project: &Project,
    compositor: &Compositor,
    gap: &Gap,
    cache: &GapCache,
    models: &Registry,
) -> Result<GapJob, GenError> {
    let sides = Sides::of(project, compositor, gap, models)?;
    let key = sides.recipe().key();
    Ok(GapJob {
        cached: cache.contains(&key),
        key,
        model: sides.model.id().to_owned(),
        model_version: sides.model.version(),
    })
}

/// What a gap's frames are made from: its model and settings and its
/// boundary frames at the project's resolution.
struct Sides {
    model: Arc<dyn GapModel>,
    settings: GapSettings,
    before: RgbaImage,
    after: RgbaImage,
    length: i64,
}

impl Sides {
    fn of(
        project: &Project,
        compositor: &Compositor,
        gap: &Gap,
        models: &Registry,
    ) -> Result<Self, GenError> {
        let settings = project.gap_settings(gap.key);
        let model = models.for_gap(&settings)?;
        let size = project.settings.resolution;
        let (before, after) = compositor
            .gap_boundaries(project, gap, size.width, size.height)
            .map_err(|e| GenError::Model(e.to_string()))?;
        Ok(Self {
            model,
            settings,
            before,
            after,
            length: gap.range_in_timeline.duration,
        })
    }

    fn recipe(&self) -> GapRecipe<'_> {
        recipe(
            &*self.model,
            &self.before,
            &self.after,
            &self.settings,
            self.length,
        )
    }
}

/// The recipe of frames `model` makes from these sides.
fn recipe<'a>(
    model: &dyn GapModel,
    before: &'a RgbaImage,
    after: &'a RgbaImage,
    settings: &'a GapSettings,
    length_frames: i64,
) -> GapRecipe<'a> {
    GapRecipe {
        before,
        after,
        settings,
        length_frames,
        model_id: model.id(),
        model_version: model.version(),
        reads_prompts: model.reads_prompts(),
    }
}

/// Generates `gap`'s frames at the project's resolution with the model its
/// settings ask for (of `models`), and stores them in `cache`. Cancelling leaves no entry.
pub fn fill_gap(
    project: &Project,
    compositor: &Compositor,
    gap: &Gap,
    cache: &GapCache,
    models: &Registry,
    sink: &dyn ProgressSink,
) -> Result<Filled, GenError> {
    let sides = Sides::of(project, compositor, gap, models)?;
    let Sides {
        model,
        settings,
        before,
        after,
        length,
    } = &sides;
    let (model, length) = (&**model, *length);
    let recipe = sides.recipe();
    let record = recipe.record();
    if cache.contains(&record.key) {
        let clean = cache
            .frame(&record.key, length / 2)
            .and_then(|middle| clean_score(before, after, &middle));
        return Ok(Filled {
            outcome: FillOutcome::AlreadyCached,
            choice: cache.choice(&record.key),
            recipe: record,
            clean,
        });
    }
    let inputs = GapInputs {
        before,
        after,
        before_prompt: project
            .card(gap.key.from_card)
            .map_or("", |c| c.prompt.as_str()),
        after_prompt: project
            .card(gap.key.to_card)
            .map_or("", |c| c.prompt.as_str()),
        settings,
        length_frames: length,
    };
    let prepared = model.prepare(&inputs, sink)?;
    let choice = prepared.choice();
    let total = length as u64;
    let mut failure = None;
    let mut middle = None;
    let stored = cache
        .store_with_choice(&recipe, choice.as_ref(), |index| {
            if sink.is_cancelled() {
                return None;
            }
            match prepared.try_frame_at(gap_t(index, length)) {
                Ok(frame) => {
                    sink.progress(index as u64 + 1, total, "Generating");
                    if index == length / 2 {
                        middle = Some(frame.clone());
                    }
                    Some(frame)
                }
                Err(e) => {
                    // Stops the store, which leaves no entry.
                    failure = Some(e);
                    None
                }
            }
        })
        .map_err(|e| {
            GenError::Model(format!(
                "cannot store the frames in {} ({e})",
                cache.root().display()
            ))
        })?;
    if let Some(e) = failure {
        return Err(e);
    }
    if stored {
        Ok(Filled {
            outcome: FillOutcome::Generated,
            recipe: record,
            choice,
            clean: middle.and_then(|m| clean_score(before, after, &m)),
        })
    } else {
        Err(GenError::Cancelled)
    }
}

/// Generated frames from a project's cache, for the compositor.
pub struct CachedGaps {
    cache: GapCache,
    models: Arc<Registry>,
}

impl CachedGaps {
    /// Frames from `cache`, made by `models`.
    pub fn new(cache: GapCache, models: Arc<Registry>) -> Self {
        Self { cache, models }
    }
}

impl GapFrames for CachedGaps {
    /// The upgraded gap's frame when it is made ([`Registry::upgraded`]),
    /// the gap's own otherwise.
    fn frame(&self, request: &GapFrameRequest<'_>) -> Option<RgbaImage> {
        let cached = |settings: &GapSettings| {
            let model = self.models.for_gap(settings).ok()?;
            let recipe = recipe(
                &*model,
                request.before,
                request.after,
                settings,
                request.gap.range_in_timeline.duration,
            );
            self.cache.frame(&recipe.key(), request.frame_in_gap)
        };
        self.models
            .upgraded(request.settings)
            .and_then(|better| cached(&better))
            .or_else(|| cached(request.settings))
    }
}
