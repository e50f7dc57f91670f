//! The gap models the editor can use: the built-in ones, and IFNet (and the
//! fused model) when the user has set a weights file in Preferences or
//! installed one (remembered between runs), with the background upgrade on
//! or off.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::{self, Ui};
use inbetween_engine::r#gen::{Registry, model_info};

/// Where the weights file is kept in eframe's storage.
pub const WEIGHTS_KEY: &str = "ifnet weights";
/// Where IFNet's scale is kept in eframe's storage.
pub const SCALE_KEY: &str = "ifnet scale";
/// Where the background upgrade setting is kept in eframe's storage.
pub const UPGRADE_KEY: &str = "upgrade gaps";

/// The registry and what the weights setting came to.
pub struct GapModels {
    /// The models generation and playback use.
    pub registry: Arc<Registry>,
    /// The IFNet weights file set in Preferences.
    pub weights: Option<PathBuf>,
    /// What loading it gave: the network's summary, or why it was refused.
    pub status: Option<Result<String, String>>,
    /// The scale IFNet runs at (1, or 0.5 for half-size flows).
    pub scale: f64,
    /// Auto and Motion gaps are made again with the fused model in the
    /// background (`Registry::upgraded`).
    pub upgrades: bool,
}

impl Default for GapModels {
    fn default() -> Self {
        Self {
            registry: Arc::new(Registry::default()),
            weights: None,
            status: None,
            scale: 1.0,
            upgrades: true,
        }
    }
}

/// What the user asked for in Preferences.
pub enum WeightsAction {
    /// Open the file dialog.
    Choose,
    /// Forget the weights (IFNet leaves the model list).
    Clear,
    /// Run IFNet at this scale.
    Scale(f64),
    /// Upgrade gaps in the background, or not.
    Upgrades(bool),
}

impl GapModels {
    /// The built-in models, and IFNet when `weights` load.
    pub fn with_weights(weights: Option<PathBuf>, scale: f64, upgrades: bool) -> Self {
        let (registry, status) = match Registry::with_weights_at(weights.as_deref(), scale) {
            Ok((registry, summary)) => (registry, summary.map(Ok)),
            Err(e) => (Registry::default(), Some(Err(e.to_string()))),
        };
        Self {
            registry: Arc::new(registry.with_upgrades(upgrades)),
            weights,
            status,
            scale,
            upgrades,
        }
    }

    /// The ids of the models this session can run.
    pub fn available(&self) -> Vec<&'static str> {
        self.registry.models().iter().map(|m| m.id()).collect()
    }

    /// The Preferences window's contents.
    pub fn preferences_ui(&self, ui: &mut Ui) -> Option<WeightsAction> {
        let mut action = None;
        ui.heading("Neural gap model (IFNet)");
        ui.label(
            "IFNet (RIFE's interpolation network) fills Auto and Motion gaps \
             when a gap's Model is set to it (IFNet, or Fused: IFNet and the \
             motion model together), and Fused improves the others in the \
             background. Inbetween ships no weights: \
             scripts/install-weights installs Practical-RIFE 4.25's (MIT), which \
             are then found without being set here; or choose a RIFE checkpoint \
             (PyTorch .pkl/.pth, or .safetensors from scripts/convert-rife.py).",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Weights file:");
            let shown = self
                .weights
                .as_deref()
                .map_or_else(|| "none".to_owned(), |p| p.display().to_string());
            ui.monospace(shown).labelled_by(label.id);
        });
        match &self.status {
            Some(Ok(summary)) => {
                ui.label(format!("Loaded: {summary}"));
            }
            Some(Err(reason)) => {
                ui.colored_label(ui.visuals().error_fg_color, reason);
            }
            None => {
                ui.label("No weights: only the built-in models are offered.");
            }
        }
        let mut half = self.scale < 1.0;
        if ui
            .checkbox(&mut half, "Faster: flows at half size (scale 0.5)")
            .on_hover_text(
                "RIFE's scale 0.5: several times faster on large frames, a little less precise",
            )
            .changed()
        {
            action = Some(WeightsAction::Scale(if half { 0.5 } else { 1.0 }));
        }
        let mut upgrades = self.upgrades;
        if ui
            .add_enabled(
                self.status.as_ref().is_some_and(Result::is_ok),
                egui::Checkbox::new(
                    &mut upgrades,
                    "Improve Auto and Motion gaps in the background (fused model)",
                ),
            )
            .on_hover_text(
                "Once every gap shows, gaps where things move are made again with the \
                 motion model and IFNet together (better on interp-dev, but as slow as \
                 IFNet); each shows the faster version until its better one is done",
            )
            .changed()
        {
            action = Some(WeightsAction::Upgrades(upgrades));
        }
        ui.horizontal(|ui| {
            if ui.button("Choose weights…").clicked() {
                action = Some(WeightsAction::Choose);
            }
            if ui
                .add_enabled(self.weights.is_some(), egui::Button::new("Clear"))
                .clicked()
            {
                action = Some(WeightsAction::Clear);
            }
        });
        action
    }
}

/// The label a model has in the gap inspector's Model menu (None: the
/// built-in motion model, the default).
pub fn model_label(id: Option<&str>) -> String {
    let id = id.unwrap_or("motion");
    model_info(id).map_or_else(|| id.to_owned(), |m| m.label.to_owned())
}
