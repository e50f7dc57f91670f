//! The list of gap models the app and CLI can choose from: the catalogue
//! of every model Inbetween knows (loaded or not), and the registry of
//! those this session can run.

use std::path::Path;
use std::sync::Arc;

use super::fused::FusedModel;
use super::ifnet::{IfNetModel, WeightsError};
use super::motion::MotionModel;
use super::{AutoModel, CameraMove, Dissolve, GapModel, GenError, HoldOrCut, model_for};
use crate::project::{GapMode, GapSettings};

/// What the editor and the CLI know of a model before it is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelInfo {
    /// Its id, as a gap's `model` setting and `--model` name it.
    pub id: &'static str,
    /// Its name in menus.
    pub label: &'static str,
    /// It runs only once the user supplies a weights file.
    pub needs_weights: bool,
    /// The gap's prompt changes what it makes.
    pub reads_prompts: bool,
    /// It can be chosen as the model of an Auto or Motion gap (it measures
    /// motion); the others are the designed modes' own.
    pub for_motion_gaps: bool,
}

/// Every model Inbetween knows, in menu order. A new model gets a line
/// here and a folder under `gen/` (see ARCHITECTURE.md).
pub const CATALOGUE: [ModelInfo; 6] = [
    ModelInfo {
        id: "motion",
        label: "Motion (built in)",
        needs_weights: false,
        reads_prompts: false,
        for_motion_gaps: true,
    },
    ModelInfo {
        id: "ifnet",
        label: "IFNet (neural)",
        needs_weights: true,
        reads_prompts: false,
        for_motion_gaps: true,
    },
    ModelInfo {
        id: "fused",
        label: "Fused (motion + IFNet)",
        needs_weights: true,
        reads_prompts: false,
        for_motion_gaps: true,
    },
    ModelInfo {
        id: "dissolve",
        label: "Dissolve",
        needs_weights: false,
        reads_prompts: false,
        for_motion_gaps: false,
    },
    ModelInfo {
        id: "camera",
        label: "Camera move",
        needs_weights: false,
        reads_prompts: false,
        for_motion_gaps: false,
    },
    ModelInfo {
        id: "hold",
        label: "Hold / Cut",
        needs_weights: false,
        reads_prompts: false,
        for_motion_gaps: false,
    },
];

/// The model that upgrades Auto and Motion gaps in the background when it
/// is loaded ([`Registry::upgraded`]): the fused model, better than either
/// of its parts on interp-dev (BENCHMARKS.md) but as slow as IFNet.
pub const UPGRADE: &str = "fused";

/// What the catalogue says of the model `id`.
pub fn model_info(id: &str) -> Option<&'static ModelInfo> {
    CATALOGUE.iter().find(|m| m.id == id)
}

/// The available gap models, in menu order.
pub struct Registry {
    models: Vec<Arc<dyn GapModel>>,
    /// Gaps are upgraded in the background ([`Registry::upgraded`]).
    upgrades: bool,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            models: vec![
                Arc::new(MotionModel::default()),
                Arc::new(Dissolve),
                Arc::new(CameraMove),
                Arc::new(HoldOrCut),
            ],
            upgrades: true,
        }
    }
}

impl Registry {
    /// The built-in models, and IFNet (and the fused model, which needs
    /// it) when `ifnet_weights` names a weights
    /// file that loads; the loaded network's summary. A file that does not
    /// load is an error naming it (and the first wrong tensor).
    pub fn with_weights(
        ifnet_weights: Option<&Path>,
    ) -> Result<(Self, Option<String>), WeightsError> {
        Self::with_weights_at(ifnet_weights, 1.0)
    }

    /// [`Registry::with_weights`], IFNet run at `scale` (RIFE's argument:
    /// 0.5 estimates flows at half size, for speed).
    pub fn with_weights_at(
        ifnet_weights: Option<&Path>,
        scale: f64,
    ) -> Result<(Self, Option<String>), WeightsError> {
        let mut registry = Self::default();
        let Some(path) = ifnet_weights else {
            return Ok((registry, None));
        };
        let model = IfNetModel::load(path)?.with_scale(scale);
        let summary = model.summary();
        registry.register(Arc::new(FusedModel::new(model.clone())));
        registry.register(Arc::new(model));
        Ok((registry, Some(summary)))
    }

    /// Every model.
    pub fn models(&self) -> &[Arc<dyn GapModel>] {
        &self.models
    }

    /// The model with this id.
    pub fn get(&self, id: &str) -> Option<Arc<dyn GapModel>> {
        self.models.iter().find(|m| m.id() == id).cloned()
    }

    /// The model that fills a gap with these settings: in Motion mode the
    /// one it names (`model`); in Auto mode Auto, with the named model for
    /// where things move; the mode's own otherwise ([`model_for`]). A named model this registry
    /// lacks is an error, not a silent substitute.
    pub fn for_gap(&self, settings: &GapSettings) -> Result<Arc<dyn GapModel>, GenError> {
        let named = |id: &String| {
            self.get(id)
                .ok_or_else(|| GenError::Unavailable(id.clone()))
        };
        match (&settings.model, settings.mode) {
            (Some(id), GapMode::Motion) => named(id),
            // Auto still chooses; where things move, the named model fills.
            (Some(id), GapMode::Auto) => Ok(Arc::new(AutoModel::new(named(id)?))),
            _ => Ok(model_for(settings.mode)),
        }
    }

    /// The settings of a better version of a gap with `settings`, made in
    /// the background once the fast one shows ([`UPGRADE`]): an Auto or
    /// Motion gap that names no model, filled by the fused model, when
    /// IFNet's weights are loaded. None otherwise (the gap is already as
    /// good as this registry makes it, or the user chose its model).
    pub fn upgraded(&self, settings: &GapSettings) -> Option<GapSettings> {
        let moving = matches!(settings.mode, GapMode::Auto | GapMode::Motion);
        let possible = self.upgrades && self.get(UPGRADE).is_some();
        (moving && settings.model.is_none() && possible).then(|| GapSettings {
            model: Some(UPGRADE.to_owned()),
            generated: None,
            ..settings.clone()
        })
    }

    /// The same models, upgrading gaps in the background or not (the
    /// editor's Preferences; on by default).
    pub fn with_upgrades(mut self, upgrades: bool) -> Self {
        self.upgrades = upgrades;
        self
    }

    /// Adds a model (a later one with the same id replaces the earlier).
    pub fn register(&mut self, model: Arc<dyn GapModel>) {
        self.models.retain(|m| m.id() != model.id());
        self.models.push(model);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_says_what_each_model_says_of_itself() {
        let registry = Registry::default();
        for model in registry.models() {
            let info = model_info(model.id()).expect("every built-in model is in the catalogue");
            assert!(!info.needs_weights, "{}", info.id);
            assert_eq!(info.reads_prompts, model.reads_prompts(), "{}", info.id);
        }
        // IFNet from weights made here, loaded as a user's file is.
        let layout = super::super::ifnet::NetLayout {
            widths: vec![10, 6, 4],
            prelu: false,
            generation: crate::r#gen::ifnet::Generation::Rife4,
        };
        let tensors = super::super::ifnet::random_weights(&layout, 5).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.safetensors");
        super::super::ifnet::Weights::save(&tensors, &path).unwrap();
        let (loaded, summary) = Registry::with_weights(Some(&path)).unwrap();
        assert!(summary.is_some());
        for id in ["ifnet", "fused"] {
            let model = loaded.get(id).expect("registered with the weights");
            let info = model_info(model.id()).unwrap();
            assert!(info.needs_weights && info.for_motion_gaps, "{id}");
            assert_eq!(info.reads_prompts, model.reads_prompts());
        }
        assert_eq!(CATALOGUE.iter().filter(|m| m.for_motion_gaps).count(), 3);
    }

    #[test]
    fn a_weights_file_that_does_not_load_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.safetensors");
        std::fs::write(&path, b"not weights").unwrap();
        let Err(e) = Registry::with_weights(Some(&path)) else {
            panic!("a broken file loads");
        };
        assert!(e.to_string().contains("broken.safetensors"), "{e}");
        let (plain, summary) = Registry::with_weights(None).unwrap();
        assert!(summary.is_none() && plain.get("ifnet").is_none());
    }

    #[test]
    fn finds_models_by_id() {
        let registry = Registry::default();
        assert_eq!(
            registry.get("dissolve").map(|m| m.label()),
            Some("Dissolve")
        );
        assert!(registry.get("nonesuch").is_none());
    }
}
