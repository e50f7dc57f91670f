//! The list of gap models the app and CLI can choose from.

use std::sync::Arc;

use super::motion::MotionModel;
use super::{CameraMove, Dissolve, GapModel, GenError, HoldOrCut, model_for};
use crate::project::{GapMode, GapSettings};

/// The available gap models, in menu order.
pub struct Registry {
    models: Vec<Arc<dyn GapModel>>,
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
        }
    }
}

impl Registry {
    /// Every model.
    pub fn models(&self) -> &[Arc<dyn GapModel>] {
        &self.models
    }

    /// The model with this id.
    pub fn get(&self, id: &str) -> Option<Arc<dyn GapModel>> {
        self.models.iter().find(|m| m.id() == id).cloned()
    }

    /// The model that fills a gap with these settings: the one it names
    /// (`model`) in the modes that measure motion (Auto, Motion), the
    /// mode's own otherwise ([`model_for`]). A named model this registry
    /// lacks is an error, not a silent substitute.
    pub fn for_gap(&self, settings: &GapSettings) -> Result<Arc<dyn GapModel>, GenError> {
        match (&settings.model, settings.mode) {
            (Some(id), GapMode::Auto | GapMode::Motion) => self
                .get(id)
                .ok_or_else(|| GenError::Unavailable(id.clone())),
            _ => Ok(model_for(settings.mode)),
        }
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
    fn finds_models_by_id() {
        let registry = Registry::default();
        assert_eq!(
            registry.get("dissolve").map(|m| m.label()),
            Some("Dissolve")
        );
        assert!(registry.get("nonesuch").is_none());
    }
}
