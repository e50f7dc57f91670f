//! `inbetween import-timeline`: an OpenTimelineIO file made into a project
//! folder (`engine::interchange::import_timeline`).

use std::path::Path;

use anyhow::bail;
use inbetween_engine::interchange::import_timeline::import_timeline;

/// Makes the project `folder` of the timeline `timeline`.
pub fn run(timeline: &Path, folder: &Path) -> anyhow::Result<()> {
    let is_otio = timeline
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("otio"));
    if !is_otio {
        bail!(
            "{}: only OpenTimelineIO files (.otio) are read; OpenTimelineIO's otioconvert \
             turns FCPXML and EDLs into one",
            timeline.display()
        );
    }
    let imported = import_timeline(timeline, folder)?;
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }
    let p = &imported.project;
    println!(
        "Made {}: {} cards, {} audio lanes, {} markers, {} media files copied",
        folder.display(),
        p.cards.len(),
        p.audio_lanes.len(),
        p.markers.len(),
        imported.media
    );
    Ok(())
}
