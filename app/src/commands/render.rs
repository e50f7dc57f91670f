//! `inbetween render`: the film to an MP4 or a PNG sequence, with a progress bar.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use inbetween_engine::export::{self, ExportFormat, ExportRequest};
use inbetween_engine::r#gen::{CachedGaps, Registry};
use inbetween_engine::jobs::Job;
use inbetween_engine::media::VideoCodecSettings;
use inbetween_engine::project::{self, Project};
use inbetween_engine::render::Compositor;

use super::job_progress::wait_with_bar;
use super::time_arg::parse_range;
use crate::cli::{FormatArg, PresetArg};

/// A compositor that shows the project's generated gaps where they exist
/// (made by one of `models`).
pub fn compositor_for(
    folder: &Path,
    models: Arc<Registry>,
    cache: Option<&Path>,
) -> anyhow::Result<Compositor> {
    let cache = gap_cache(folder, cache);
    Ok(Compositor::new(folder)?.with_gap_frames(Arc::new(CachedGaps::new(cache, models))))
}

/// The gap cache in `shared` when one is given (`--cache DIR`), otherwise
/// the project's own `.cache/gaps`.
pub fn gap_cache(folder: &Path, shared: Option<&Path>) -> inbetween_engine::cache::GapCache {
    match shared {
        Some(dir) => inbetween_engine::cache::GapCache::at(dir),
        None => inbetween_engine::cache::GapCache::for_project(folder),
    }
}

/// The frame size for a preset, or the project's own size.
pub fn frame_size(project: &Project, preset: Option<PresetArg>) -> (u32, u32) {
    match preset {
        Some(p) => p.preset().frame_size(project.settings.resolution),
        None => (
            project.settings.resolution.width,
            project.settings.resolution.height,
        ),
    }
}

/// The format named by `--format`, or by the output's extension.
fn format_of(output: &Path, format: Option<FormatArg>) -> anyhow::Result<ExportFormat> {
    if let Some(f) = format {
        return Ok(match f {
            FormatArg::Mp4 => ExportFormat::Mp4,
            FormatArg::Png => ExportFormat::PngSequence,
            FormatArg::Wav => ExportFormat::Wav,
        });
    }
    match output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("mp4" | "m4v" | "mov") => Ok(ExportFormat::Mp4),
        Some("wav") => Ok(ExportFormat::Wav),
        _ => bail!(
            "cannot tell the format from the name {}: end it in .mp4 (or .wav for the sound alone), or give --format png for a folder of PNGs",
            output.display()
        ),
    }
}

/// Exports the project (gap frames from `cache` when given, else the
/// project's own); prints progress on stderr and a summary on stdout.
pub fn run(
    project_path: &Path,
    output: &Path,
    preset: Option<PresetArg>,
    frames: Option<&str>,
    format: Option<FormatArg>,
    (weights, cache): (Option<&Path>, Option<&Path>),
) -> anyhow::Result<()> {
    let loaded = project::load(project_path)?;
    let format = format_of(output, format)?;
    let (width, height) = frame_size(&loaded.project, preset);
    let range = frames
        .map(|f| parse_range(f, loaded.project.settings.frame_rate))
        .transpose()?;
    let request = ExportRequest {
        output: output.to_path_buf(),
        format,
        width,
        height,
        frames: range,
        codec: VideoCodecSettings::default(),
    };
    let compositor = compositor_for(&loaded.folder, super::gap_models(weights)?, cache)?;
    let project = loaded.project;
    let started = Instant::now();
    let job = Job::spawn("export", Arc::new(|| {}), move |ctx| {
        export::export(&project, &compositor, &request, ctx)
    })?;
    let report = wait_with_bar(&job)?;
    let report = report?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "Wrote {}: {} frames, {:.2} s at {width}x{height}, in {took:.1} s ({:.1} frames/s)",
        report.output.display(),
        report.frames,
        report.seconds,
        report.frames as f64 / took.max(1e-9)
    );
    Ok(())
}
