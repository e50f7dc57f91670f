//! Generating a gap's frames into the project's cache, and serving them back
//! to the compositor.

use image::RgbaImage;

use std::sync::Arc;

use super::Registry;
use super::plan::gap_t;
use super::{GapInputs, GenError};
use crate::cache::{GapCache, GapRecipe};
use crate::jobs::ProgressSink;
use crate::project::{GapRecipeRecord, Project};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// Generated now, or found in the cache.
    pub outcome: FillOutcome,
    /// What the frames were made from.
    pub recipe: GapRecipeRecord,
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
    let settings = project.gap_settings(gap.key);
    let model = models.for_gap(&settings)?;
    let size = project.settings.resolution;
    let (before, after) = compositor
        .gap_boundaries(project, gap, size.width, size.height)
        .map_err(|e| GenError::Model(e.to_string()))?;
    let recipe = GapRecipe {
        before: &before,
        after: &after,
        settings: &settings,
        length_frames: gap.range_in_timeline.duration,
        model_id: model.id(),
        model_version: model.version(),
        reads_prompts: model.reads_prompts(),
    };
    let key = recipe.key();
    Ok(GapJob {
        cached: cache.contains(&key),
        key,
        model: model.id().to_owned(),
        model_version: model.version(),
    })
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
    let settings = project.gap_settings(gap.key);
    let model = models.for_gap(&settings)?;
    let size = project.settings.resolution;
    let (before, after) = compositor
        .gap_boundaries(project, gap, size.width, size.height)
        .map_err(|e| GenError::Model(e.to_string()))?;
    let length = gap.range_in_timeline.duration;
    let recipe = GapRecipe {
        before: &before,
        after: &after,
        settings: &settings,
        length_frames: length,
        model_id: model.id(),
        model_version: model.version(),
        reads_prompts: model.reads_prompts(),
    };
    let record = recipe.record();
    if cache.contains(&record.key) {
        return Ok(Filled {
            outcome: FillOutcome::AlreadyCached,
            recipe: record,
        });
    }
    let inputs = GapInputs {
        before: &before,
        after: &after,
        before_prompt: project
            .card(gap.key.from_card)
            .map_or("", |c| c.prompt.as_str()),
        after_prompt: project
            .card(gap.key.to_card)
            .map_or("", |c| c.prompt.as_str()),
        settings: &settings,
        length_frames: length,
    };
    let prepared = model.prepare(&inputs, sink)?;
    let total = length as u64;
    let mut failure = None;
    let stored = cache
        .store(&recipe, |index| {
            if sink.is_cancelled() {
                return None;
            }
            match prepared.try_frame_at(gap_t(index, length)) {
                Ok(frame) => {
                    sink.progress(index as u64 + 1, total, "Generating");
                    Some(frame)
                }
                Err(e) => {
                    // Stops the store, which leaves no entry.
                    failure = Some(e);
                    None
                }
            }
        })
        .map_err(|e| GenError::Model(format!("cannot store the frames ({e})")))?;
    if let Some(e) = failure {
        return Err(e);
    }
    if stored {
        Ok(Filled {
            outcome: FillOutcome::Generated,
            recipe: record,
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
    fn frame(&self, request: &GapFrameRequest<'_>) -> Option<RgbaImage> {
        let model = self.models.for_gap(request.settings).ok()?;
        let recipe = GapRecipe {
            before: request.before,
            after: request.after,
            settings: request.settings,
            length_frames: request.gap.range_in_timeline.duration,
            model_id: model.id(),
            model_version: model.version(),
            reads_prompts: model.reads_prompts(),
        };
        self.cache.frame(&recipe.key(), request.frame_in_gap)
    }
}
