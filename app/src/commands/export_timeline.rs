//! `inbetween export-timeline`: the cut for an editor, as an
//! OpenTimelineIO file (`engine::interchange`).

use std::path::Path;

use anyhow::{Context, bail};
use inbetween_engine::interchange::otio::to_otio;
use inbetween_engine::project;

/// Writes the project at `path` as the timeline `output` names by its
/// extension (`.otio`), atomically (nothing is left at `output` on failure).
pub fn run(path: &Path, output: &Path) -> anyhow::Result<()> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let text = match extension.as_deref() {
        Some("otio") => {
            let loaded = project::load(path)?;
            to_otio(&loaded.project, &loaded.folder)
        }
        Some(other @ ("fcpxml" | "edl" | "xml")) => bail!(
            "{}: .{other} is not written yet; this version writes OpenTimelineIO (.otio), \
             which DaVinci Resolve (18 and later) and OpenTimelineIO's adapters read",
            output.display()
        ),
        _ => bail!(
            "{}: the timeline's format is told by its extension: .otio",
            output.display()
        ),
    };
    project::atomic_write(output, text.as_bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!("Wrote {}", output.display());
    Ok(())
}
