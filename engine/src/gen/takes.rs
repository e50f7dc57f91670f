//! Takes: one gap made in each way that applies to it, to compare and pick
//! from. A take is a gap's settings with another mode (and model): Auto,
//! Motion, Camera move, IFNet and Fused when IFNet's weights are loaded,
//! Dissolve. Each
//! is filed in the cache under its own key, so every take is kept; picking
//! one sets the gap's mode and model to the take's (one undoable edit), and
//! the recipe the gap records names the model that made what it shows.
//!
//! A take is told by its mode and model, not by a number: a number would
//! change its meaning when IFNet's weights come or go.

use super::fill::{Filled, fill_gap};
use super::{GenError, Registry};
use crate::cache::GapCache;
use crate::jobs::ProgressSink;
use crate::project::{GapMode, GapSettings, Project};
use crate::render::Compositor;
use crate::timeline::Gap;

/// One way to fill a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Take {
    /// Its name ("Camera move", "IFNet").
    pub label: &'static str,
    /// The gap's settings with this take's mode and model.
    pub settings: GapSettings,
}

impl Take {
    /// True when a gap with `settings` shows this take.
    pub fn is_shown_by(&self, settings: &GapSettings) -> bool {
        self.settings.mode == settings.mode && self.settings.model == settings.model
    }
}

/// The takes of a gap with `settings`: every mode that makes movement, and
/// IFNet when `models` has it.
pub fn takes_for(settings: &GapSettings, models: &Registry) -> Vec<Take> {
    let with = |label, mode, model: Option<&str>| Take {
        label,
        settings: GapSettings {
            mode,
            model: model.map(str::to_owned),
            generated: None,
            ..settings.clone()
        },
    };
    let mut takes = vec![
        with("Auto", GapMode::Auto, None),
        with("Motion", GapMode::Motion, None),
        with("Camera move", GapMode::CameraMove, None),
    ];
    if models.get("ifnet").is_some() {
        takes.push(with("IFNet", GapMode::Motion, Some("ifnet")));
    }
    if models.get("fused").is_some() {
        takes.push(with("Fused", GapMode::Motion, Some("fused")));
    }
    takes.push(with("Dissolve", GapMode::Dissolve, None));
    takes
}

/// Fills `gap` as `take` would (into the cache; the project is not
/// changed): [`fill_gap`] on the project with the take's settings.
pub fn fill_take(
    project: &Project,
    compositor: &Compositor,
    gap: &Gap,
    take: &Take,
    cache: &GapCache,
    models: &Registry,
    sink: &dyn ProgressSink,
) -> Result<Filled, GenError> {
    let mut with_take = project.clone();
    with_take.gaps.insert(gap.key, take.settings.clone());
    fill_gap(&with_take, compositor, gap, cache, models, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_keep_the_gaps_other_settings_and_offer_ifnet_only_when_loaded() {
        let settings = GapSettings {
            prompt: "He looks up.".into(),
            push: false,
            model: Some("ifnet".into()),
            ..GapSettings::default()
        };
        let takes = takes_for(&settings, &Registry::default());
        let labels: Vec<&str> = takes.iter().map(|t| t.label).collect();
        assert_eq!(labels, ["Auto", "Motion", "Camera move", "Dissolve"]);
        assert!(
            takes
                .iter()
                .all(|t| t.settings.prompt == "He looks up." && !t.settings.push)
        );
        // The gap names IFNet in Auto mode: no take is what it shows.
        assert!(!takes.iter().any(|t| t.is_shown_by(&settings)));
        let plain = GapSettings::default();
        assert!(takes[0].is_shown_by(&plain));
        assert!(!takes[1].is_shown_by(&plain));
    }
}
