//! The command-line commands other than opening the editor.

pub mod boards;
pub mod check;
pub mod export_timeline;
pub mod fill;
pub mod frame;
pub mod import_timeline;
pub mod interpolate;
mod job_progress;
mod png;
pub mod render;
mod time_arg;

use std::path::Path;
use std::sync::Arc;

use inbetween_engine::r#gen::Registry;
use inbetween_engine::r#gen::installed::installed_ifnet_weights;

/// `--ifnet-scale`, set once by `main` before any command runs.
pub static IFNET_SCALE: std::sync::OnceLock<f64> = std::sync::OnceLock::new();

/// The gap models: the built-in ones, and IFNet when `weights` are given
/// or installed in the user's models folder (a bad file is an error naming
/// it and the first wrong tensor).
pub fn gap_models(weights: Option<&Path>) -> anyhow::Result<Arc<Registry>> {
    let installed = weights.is_none().then(installed_ifnet_weights).flatten();
    let weights = weights.or(installed.as_deref());
    let scale = IFNET_SCALE.get().copied().unwrap_or(1.0);
    let (registry, summary) = Registry::with_weights_at(weights, scale)?;
    if let (Some(path), Some(summary)) = (weights, summary) {
        eprintln!("IFNet: {} ({summary})", path.display());
    }
    Ok(Arc::new(registry))
}
