//! `inbetween interpolate`: the frame at t between two images.

use std::path::Path;

use anyhow::bail;
use inbetween_engine::r#gen::{CATALOGUE, GapInputs, model_for, model_info};

use super::png::write_png;
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::{GapMode, GapSettings};

/// Writes the frame at `t` between `a` and `b` to `output`, filled as a gap
/// in `mode` is, by `model` when one is named and by the mode's own otherwise.
pub fn run(
    a: &Path,
    b: &Path,
    t: f64,
    output: &Path,
    mode: &str,
    model: Option<&str>,
    weights: Option<&Path>,
) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&t) {
        bail!("--t must be between 0 and 1, not {t}");
    }
    let Some(mode) = parse_mode(mode) else {
        let known: Vec<_> = GapMode::ALL.iter().map(|m| mode_name(*m)).collect();
        bail!(
            "there is no gap mode {mode:?}; the modes are: {}",
            known.join(", ")
        );
    };
    let registry = super::gap_models(weights)?;
    let model = match model {
        None => model_for(mode),
        Some(id) => match registry.get(id) {
            Some(model) => model,
            None if model_info(id).is_some_and(|m| m.needs_weights) => {
                bail!(
                    "the {id} model needs its weights: install them with scripts/install-weights, \
                     or add --weights FILE"
                )
            }
            None => {
                let known: Vec<_> = CATALOGUE
                    .iter()
                    .map(|m| match m.needs_weights {
                        true => format!("{} (with weights)", m.id),
                        false => m.id.to_owned(),
                    })
                    .collect();
                bail!(
                    "there is no gap model {id:?}; the models are: {}",
                    known.join(", ")
                );
            }
        },
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
    let settings = GapSettings {
        mode,
        ..GapSettings::default()
    };
    let inputs = GapInputs::frames(&before, &after, &settings);
    let frame = match t {
        0.0 => before,
        1.0 => after,
        _ => model.prepare(&inputs, &NoProgress)?.try_frame_at(t)?,
    };
    write_png(&frame, output)?;
    println!(
        "Wrote the frame at t = {t} ({}): {}",
        model.label(),
        output.display()
    );
    Ok(())
}

/// A mode's name on the command line: its label, lower case, hyphenated.
fn mode_name(mode: GapMode) -> String {
    mode.label().to_lowercase().replace(' ', "-")
}

fn parse_mode(name: &str) -> Option<GapMode> {
    let name = name.to_lowercase().replace('_', "-");
    GapMode::ALL.into_iter().find(|m| mode_name(*m) == name)
}
