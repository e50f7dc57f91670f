//! `--with-media`: what only our film shows, written as files beside the
//! timeline so the editor sees it too. Each text card becomes a PNG of its
//! title; each gap an NLE cannot make itself (everything but a dissolve
//! between stills or titles) becomes a video-only H.264 MP4 of its frames,
//! the generated ones where they are cached, else the draft. The result is
//! a copy of the project in which text cards are stills of those PNGs and
//! those gaps are clip cards of those films, so every writer gives them to
//! the NLE as ordinary media.

use std::path::{Path, PathBuf};

use crate::jobs::ProgressSink;
use crate::media::{FilmWriter, VideoCodecSettings};
use crate::project::{Board, Card, CardContent, CardId, MediaRef, Project, atomic_write};
use crate::render::Compositor;
use crate::timeline::Layout;

use super::held_dissolve_after;

/// The project as the timeline shows it with its media, and what to tell
/// the user.
pub struct WithMedia {
    /// The copy whose titles and gaps are media files.
    pub project: Project,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Gaps that showed their draft because they are not generated yet.
    pub drafts: Vec<String>,
}

/// Why the media could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WithMediaError {
    /// A frame could not be drawn.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// A file could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Stopped by the user.
    #[error("cancelled")]
    Cancelled,
}

/// Writes the titles and gaps of `project` into `dir` (made if missing) at
/// the project's resolution, and returns the project that uses them.
pub fn with_media(
    project: &Project,
    compositor: &Compositor,
    dir: &Path,
    progress: &dyn ProgressSink,
) -> Result<WithMedia, WithMediaError> {
    let write_err = |path: &Path, e: &dyn std::fmt::Display| WithMediaError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, &e))?;
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (w, h) = (
        project.settings.resolution.width,
        project.settings.resolution.height,
    );
    let layout = Layout::of(project);
    let gaps: Vec<_> = layout
        .gaps()
        .iter()
        .filter(|g| held_dissolve_after(project, &layout, g.key.from_card).is_none())
        .copied()
        .collect();
    let titles: Vec<CardId> = project
        .cards
        .iter()
        .filter(|c| matches!(c.content, CardContent::Text))
        .map(|c| c.id)
        .collect();
    let total = (titles.len() as i64
        + gaps
            .iter()
            .map(|g| g.range_in_timeline.duration)
            .sum::<i64>()) as u64;
    let mut done = 0u64;
    let mut out = project.clone();
    let mut files = Vec::new();
    let mut drafts = Vec::new();
    let shot = |id: CardId| {
        project
            .card(id)
            .map_or_else(String::new, |c| c.board.shot.clone())
    };

    for id in titles {
        let Some(card) = project.card(id) else {
            continue;
        };
        if progress.is_cancelled() {
            return Err(WithMediaError::Cancelled);
        }
        let image = compositor.card_frame(project, card, 0, w, h)?;
        let mut path = dir.join(format!(
            "shot-{}-title.png",
            file_safe(&card.board.shot, id)
        ));
        if files.contains(&path) {
            // Two cards typed with one shot number.
            path = dir.join(format!(
                "shot-{}-card{}-title.png",
                file_safe(&card.board.shot, id),
                id.0
            ));
        }
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, image::ImageFormat::Png)
            .map_err(|e| write_err(&path, &e))?;
        atomic_write(&path, bytes.get_ref()).map_err(|e| write_err(&path, &e))?;
        if let Some(c) = out.card_mut(id) {
            c.content = CardContent::Image {
                media: MediaRef::new(path.display().to_string()),
            };
        }
        files.push(path);
        done += 1;
        progress.progress(done, total, "Writing titles");
    }

    for gap in gaps {
        let name = format!(
            "gap-{}-{}.mp4",
            file_safe(&shot(gap.key.from_card), gap.key.from_card),
            file_safe(&shot(gap.key.to_card), gap.key.to_card)
        );
        let path = dir.join(&name);
        let partial = dir.join(format!(".{name}.partial-{}", std::process::id()));
        let mut write = || -> Result<bool, WithMediaError> {
            let mut writer = FilmWriter::create(
                &partial,
                w,
                h,
                project.settings.frame_rate,
                false,
                &VideoCodecSettings::default(),
            )
            .map_err(|e| write_err(&path, &e))?;
            let mut all_generated = true;
            for i in 0..gap.range_in_timeline.duration {
                if progress.is_cancelled() {
                    return Err(WithMediaError::Cancelled);
                }
                let (frame, generated) = compositor.gap_frame(project, &gap, i, w, h)?;
                all_generated &= generated;
                writer
                    .write_frame(&frame)
                    .map_err(|e| write_err(&path, &e))?;
                done += 1;
                progress.progress(done, total, "Writing gaps");
            }
            writer.finish().map_err(|e| write_err(&path, &e))?;
            std::fs::rename(&partial, &path).map_err(|e| write_err(&path, &e))?;
            Ok(all_generated)
        };
        let generated = write().inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })?;
        let label = format!("{}–{}", shot(gap.key.from_card), shot(gap.key.to_card));
        if !generated {
            drafts.push(label.clone());
        }
        let settings = project.gap_settings(gap.key);
        let id = out.next_card_id();
        out.cards.push(Card {
            id,
            range_in_timeline: gap.range_in_timeline,
            prompt: settings.prompt.clone(),
            fit: Default::default(),
            content: CardContent::Clip {
                media: MediaRef::new(path.display().to_string()),
                source_start_frame: 0,
                gain_db: 0.0,
                muted: true,
            },
            board: Board {
                shot: format!("Gap {label}"),
                notes: format!("Inbetween gap: {}", settings.mode.label()),
                ..Board::default()
            },
            camera_move: None,
        });
        files.push(path);
    }
    out.sort();
    Ok(WithMedia {
        project: out,
        files,
        drafts,
    })
}

/// A shot number as part of a file name ("2A"; the card id when it has
/// none, or characters a file name should not hold).
fn file_safe(shot: &str, id: CardId) -> String {
    let safe: String = shot
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if safe.is_empty() {
        format!("card{}", id.0)
    } else {
        safe
    }
}
