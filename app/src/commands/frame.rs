//! `inbetween frame`: one film frame as a PNG.

use std::path::Path;

use inbetween_engine::project;

use super::png::write_png;
use super::render::{compositor_for, frame_size};
use super::time_arg::parse_frame;
use crate::cli::PresetArg;

/// Renders the frame at `at` (timecode or frame number) of the project to `output`.
pub fn run(
    project_path: &Path,
    at: &str,
    output: &Path,
    preset: Option<PresetArg>,
    weights: Option<&Path>,
) -> anyhow::Result<()> {
    let loaded = project::load(project_path)?;
    let p = &loaded.project;
    let frame = parse_frame(at, p.settings.frame_rate)?;
    let (width, height) = frame_size(p, preset);
    let compositor = compositor_for(&loaded.folder, super::gap_models(weights)?, None)?;
    let image = compositor.render(p, frame, width, height)?;
    write_png(&image, output)?;
    println!(
        "Wrote frame {frame} ({}) at {width}x{height}: {}",
        inbetween_engine::time::RationalTime::new(frame, p.settings.frame_rate),
        output.display()
    );
    Ok(())
}
