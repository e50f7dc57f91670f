//! The gap models the editor can use: the built-in ones, and IFNet when the
//! user has set a weights file in Preferences (remembered between runs).

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::{self, Ui};
use inbetween_engine::r#gen::{Registry, model_info};

/// Where the weights file is kept in eframe's storage.
pub const WEIGHTS_KEY: &str = "ifnet weights";
/// Where IFNet's scale is kept in eframe's storage.
pub const SCALE_KEY: &str = "ifnet scale";

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
}

impl Default for GapModels {
    fn default() -> Self {
        Self {
            registry: Arc::new(Registry::default()),
            weights: None,
            status: None,
            scale: 1.0,
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
}

impl GapModels {
    /// The built-in models, and IFNet when `weights` load.
    pub fn with_weights(weights: Option<PathBuf>, scale: f64) -> Self {
        let (registry, status) = match Registry::with_weights_at(weights.as_deref(), scale) {
            Ok((registry, summary)) => (registry, summary.map(Ok)),
            Err(e) => (Registry::default(), Some(Err(e.to_string()))),
        };
        Self {
            registry: Arc::new(registry),
            weights,
            status,
            scale,
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
             when a gap's Model is set to it. Inbetween ships no weights: \
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
