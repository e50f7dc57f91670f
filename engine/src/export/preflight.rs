//! Checks made before anything is written, so bad input fails fast and clearly.

use std::fs::OpenOptions;
use std::path::Path;

use image::ImageReader;

use super::{ExportError, ExportRequest};
use crate::media::{self, MediaError};
use crate::project::{CardContent, Project};
use crate::time::TimeRange;
use crate::timeline::Layout;

/// The frames to export, once the project and its media are known to work.
pub(super) fn check(
    project: &Project,
    folder: &Path,
    request: &ExportRequest,
) -> Result<TimeRange, ExportError> {
    if project.cards.is_empty() {
        return Err(ExportError::EmptyFilm);
    }
    let film = Layout::of(project).film_range();
    let range = request.frames.unwrap_or(film);
    if range.is_empty() || range.start < film.start || range.end() > film.end() {
        return Err(ExportError::BadRange {
            start: range.start,
            end: range.end(),
            film_end: film.end(),
        });
    }
    for card in project
        .cards
        .iter()
        .filter(|c| c.range_in_timeline.overlaps(range))
    {
        let card_error = |problem: MediaError| ExportError::Card {
            card: card.describe(),
            problem,
        };
        match &card.content {
            CardContent::Text => {}
            CardContent::Image { media } => {
                let path = media.resolve(folder);
                if !path.is_file() {
                    return Err(card_error(MediaError::Missing { path }));
                }
                ImageReader::open(&path)
                    .and_then(|r| r.with_guessed_format())
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
                    .map_err(|message| {
                        card_error(MediaError::Open {
                            path: path.clone(),
                            message,
                        })
                    })?;
            }
            CardContent::Clip {
                media,
                source_start_frame,
                ..
            } => {
                let path = media.resolve(folder);
                let info = media::probe(&path).map_err(card_error)?;
                let video = info.video.ok_or_else(|| {
                    card_error(MediaError::NoStream {
                        path: path.clone(),
                        kind: "video",
                    })
                })?;
                let last = source_start_frame + card.range_in_timeline.duration - 1;
                let needed = project
                    .settings
                    .frame_rate
                    .convert_frames(last, video.frame_rate)
                    + 1;
                if needed > video.frame_count {
                    return Err(ExportError::ClipTooShort {
                        card: card.describe(),
                        path,
                        needed,
                        available: video.frame_count,
                    });
                }
            }
        }
    }
    check_writable(&request.output)?;
    Ok(range)
}

/// The output's folder must exist and take a new file.
fn check_writable(output: &Path) -> Result<(), ExportError> {
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let fail = |message: String| ExportError::Output {
        path: output.to_path_buf(),
        message,
    };
    if !folder.is_dir() {
        return Err(fail("its folder does not exist".to_owned()));
    }
    let probe = folder.join(format!(".inbetween-write-test-{}", std::process::id()));
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| fail(format!("its folder is not writable: {e}")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
