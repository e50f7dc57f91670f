//! `inbetween frame`: one film frame as a PNG.

use std::path::Path;

use anyhow::Context;
use inbetween_engine::project;

use super::render::{compositor_for, frame_size};
use super::time_arg::parse_frame;
use crate::cli::PresetArg;

/// Renders the frame at `at` (timecode or frame number) of the project to `output`.
pub fn run(
    project_path: &Path,
    at: &str,
    output: &Path,
    preset: Option<PresetArg>,
) -> anyhow::Result<()> {
    let loaded = project::load(project_path)?;
    let p = &loaded.project;
    let frame = parse_frame(at, p.settings.frame_rate)?;
    let (width, height) = frame_size(p, preset);
    let compositor = compositor_for(&loaded.folder)?;
    let image = compositor.render(p, frame, width, height)?;
    // Write beside the target and rename, so a failure leaves no broken PNG.
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = output.with_file_name(format!(".{name}.partial-{}.png", std::process::id()));
    let written = image
        .save_with_format(&temp, image::ImageFormat::Png)
        .with_context(|| format!("cannot write the frame: {}", output.display()))
        .and_then(|()| {
            std::fs::rename(&temp, output)
                .with_context(|| format!("cannot write the frame: {}", output.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    println!(
        "Wrote frame {frame} ({}) at {width}x{height}: {}",
        inbetween_engine::time::RationalTime::new(frame, p.settings.frame_rate),
        output.display()
    );
    Ok(())
}
