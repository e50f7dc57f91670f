//! `inbetween interpolate`: the frame at t between two images.

use std::path::Path;

use anyhow::bail;
use inbetween_engine::r#gen::{GapInputs, Registry};

use super::png::write_png;
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::GapSettings;

/// Writes the frame at `t` between `a` and `b` to `output`, made by `model`.
pub fn run(a: &Path, b: &Path, t: f64, output: &Path, model: &str) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&t) {
        bail!("--t must be between 0 and 1, not {t}");
    }
    let registry = Registry::default();
    let Some(model) = registry.get(model) else {
        let known: Vec<_> = registry.models().iter().map(|m| m.id()).collect();
        bail!(
            "there is no gap model {model:?}; the models are: {}",
            known.join(", ")
        );
    };
    let before = load_image(a)?;
    let mut after = load_image(b)?;
    if after.dimensions() != before.dimensions() {
        eprintln!(
            "note: {} is {}x{} and {} is {}x{}; the second is resampled to the first's size",
            a.display(),
            before.width(),
            before.height(),
            b.display(),
            after.width(),
            after.height()
        );
        after = image::imageops::resize(
            &after,
            before.width(),
            before.height(),
            image::imageops::FilterType::CatmullRom,
        );
    }
    let settings = GapSettings::default();
    let inputs = GapInputs::frames(&before, &after, &settings);
    let frame = match t {
        0.0 => before,
        1.0 => after,
        _ => model.prepare(&inputs, &NoProgress)?.frame_at(t),
    };
    write_png(&frame, output)?;
    println!(
        "Wrote the frame at t = {t} ({}): {}",
        model.label(),
        output.display()
    );
    Ok(())
}
