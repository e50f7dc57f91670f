//! A timeline made into a project folder: read and checked whole first
//! ([`super::otio_read`]), then the media copied into `media/` and
//! `project.json` written. A failure leaves nothing behind: a folder this
//! made is removed again.

use std::path::{Path, PathBuf};

use crate::project::import::copy_into_media;
use crate::project::{CardContent, MediaRef, PROJECT_FILE_NAME, Project, Severity, save, validate};

use super::otio_read::{TimelineError, read_otio};

/// What an import made.
#[derive(Debug, Clone)]
pub struct ImportedTimeline {
    /// The project as saved.
    pub project: Project,
    /// How many media files were copied in.
    pub media: usize,
    /// What was left out.
    pub warnings: Vec<String>,
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportTimelineError {
    /// The timeline is not one we can read.
    #[error(transparent)]
    Timeline(#[from] TimelineError),
    /// The folder already holds a project.
    #[error("{}: a project is already there; import into a new folder", .0.display())]
    ProjectThere(PathBuf),
    /// Reading the timeline or writing the project failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// Reads the OpenTimelineIO file `timeline` and makes the project folder
/// `folder` of it (made if missing; it must not hold a project).
pub fn import_timeline(
    timeline: &Path,
    folder: &Path,
) -> Result<ImportedTimeline, ImportTimelineError> {
    let io = |path: &Path, e: &dyn std::fmt::Display| ImportTimelineError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if folder.join(PROJECT_FILE_NAME).exists() {
        return Err(ImportTimelineError::ProjectThere(folder.to_path_buf()));
    }
    let text = std::fs::read_to_string(timeline).map_err(|e| io(timeline, &e))?;
    let read = read_otio(&text, timeline)?;
    // The rules as the project will be saved: its media in media/.
    let mut as_saved = read.project.clone();
    for_each_media(&mut as_saved, |m| {
        *m = MediaRef::new(format!("media/{}", super::file_name(m.as_str())));
    });
    let problems: Vec<String> = validate(&as_saved)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.message)
        .collect();
    if !problems.is_empty() {
        return Err(TimelineError {
            file: timeline.to_path_buf(),
            item: "the timeline".to_owned(),
            problem: problems.join("; "),
        }
        .into());
    }
    let made = !folder.exists();
    let result = write(read, folder).map_err(|(path, e)| io(&path, &e));
    if result.is_err() && made {
        let _ = std::fs::remove_dir_all(folder);
    }
    result
}

fn write(
    read: super::otio_read::ReadTimeline,
    folder: &Path,
) -> Result<ImportedTimeline, (PathBuf, String)> {
    std::fs::create_dir_all(folder).map_err(|e| (folder.to_path_buf(), e.to_string()))?;
    let mut project = read.project;
    let mut copied: Vec<(String, MediaRef)> = Vec::new();
    for file in &read.media {
        let reference = copy_into_media(folder, file).map_err(|e| (file.clone(), e.to_string()))?;
        copied.push((file.display().to_string(), reference));
    }
    for_each_media(&mut project, |media| {
        if let Some((_, to)) = copied.iter().find(|(from, _)| from == media.as_str()) {
            *media = to.clone();
        }
    });
    save(&project, folder).map_err(|e| (folder.join(PROJECT_FILE_NAME), e.to_string()))?;
    Ok(ImportedTimeline {
        project,
        media: read.media.len(),
        warnings: read.warnings,
    })
}

/// Calls `f` on every media reference of `project`.
fn for_each_media(project: &mut Project, mut f: impl FnMut(&mut MediaRef)) {
    for card in &mut project.cards {
        match &mut card.content {
            CardContent::Image { media } | CardContent::Clip { media, .. } => f(media),
            CardContent::Text => {}
        }
    }
    for lane in &mut project.audio_lanes {
        for clip in &mut lane.clips {
            f(&mut clip.media);
        }
    }
}
