//! `--with-media`: what only our film shows, written as files beside the
//! timeline so the editor sees it too. Each text card becomes a PNG of its
//! title; each card with a camera move an H.264 MP4 of its moved frames
//! (a clip's own sound with them); each gap an NLE cannot make itself
//! (everything but a dissolve between stills or titles without moves)
//! becomes a video-only H.264 MP4 of its frames, the generated ones where
//! they are cached, else the draft. The result is a copy of the project in
//! which text cards are stills of those PNGs and moved cards and those gaps
//! are clip cards of those films, so every writer gives them to the NLE as
//! ordinary media.

use std::path::{Path, PathBuf};

use crate::audio::{Mixer, SoundBank};
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
    crate::project::litter::sweep(dir);
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (w, h) = (
        project.settings.resolution.width,
        project.settings.resolution.height,
    );
    let layout = Layout::of(project);
    let is_moved = |id: CardId| project.card(id).is_some_and(|c| c.camera_move.is_some());
    // A dissolve next to a rendered move is between clips: rendered too.
    let gaps: Vec<_> = layout
        .gaps()
        .iter()
        .filter(|g| {
            held_dissolve_after(project, &layout, g.key.from_card).is_none()
                || is_moved(g.key.from_card)
                || is_moved(g.key.to_card)
        })
        .copied()
        .collect();
    let titles: Vec<CardId> = project
        .cards
        .iter()
        .filter(|c| matches!(c.content, CardContent::Text))
        .map(|c| c.id)
        .collect();
    // Cards with a camera move: an NLE would show their picture still.
    let moved: Vec<CardId> = project
        .cards
        .iter()
        .filter(|c| c.camera_move.is_some() && c.media().is_some())
        .map(|c| c.id)
        .collect();
    let moved_frames: i64 = moved
        .iter()
        .filter_map(|id| project.card(*id))
        .map(|c| c.range_in_timeline.duration)
        .sum();
    let total = (titles.len() as i64
        + moved_frames
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

    for id in moved {
        let Some(card) = project.card(id) else {
            continue;
        };
        let name = format!(
            "shot-{}-card{}-move.mp4",
            file_safe(&card.board.shot, id),
            id.0
        );
        let path = dir.join(&name);
        let duration = card.range_in_timeline.duration;
        // A clip's own sound goes with its picture.
        let sound = own_sound(project, compositor, card);
        write_film(
            project,
            &path,
            sound.as_ref().map(|(alone, mixer)| (alone, mixer)),
            duration,
            progress,
            &mut done,
            total,
            |i| Ok((compositor.card_frame(project, card, i, w, h)?, true)),
        )?;
        if let Some(c) = out.card_mut(id) {
            let muted = match card.content {
                CardContent::Clip { muted, .. } => muted,
                _ => true,
            };
            c.content = CardContent::Clip {
                media: MediaRef::new(path.display().to_string()),
                source_start_frame: 0,
                gain_db: 0.0,
                muted,
            };
            c.camera_move = None;
        }
        files.push(path);
    }

    for gap in gaps {
        let name = format!(
            "gap-{}-{}.mp4",
            file_safe(&shot(gap.key.from_card), gap.key.from_card),
            file_safe(&shot(gap.key.to_card), gap.key.to_card)
        );
        let path = dir.join(&name);
        let duration = gap.range_in_timeline.duration;
        let generated = write_film(
            project,
            &path,
            None,
            duration,
            progress,
            &mut done,
            total,
            |i| Ok(compositor.gap_frame(project, &gap, i, w, h)?),
        )?;
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

/// Writes `frames` frames from `frame` (each with whether it was
/// generated) as a video-only H.264 MP4 at `path`, with `sound` as its
/// sound track when given, through a temporary file renamed when complete;
/// whether every frame was generated.
#[allow(clippy::too_many_arguments)]
fn write_film(
    project: &Project,
    path: &Path,
    sound: Option<(&Project, &Mixer)>,
    frames: i64,
    progress: &dyn ProgressSink,
    done: &mut u64,
    total: u64,
    mut frame: impl FnMut(i64) -> Result<(image::RgbaImage, bool), WithMediaError>,
) -> Result<bool, WithMediaError> {
    let write_err = |e: &dyn std::fmt::Display| WithMediaError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let (w, h) = (
        project.settings.resolution.width,
        project.settings.resolution.height,
    );
    let mut write = || -> Result<bool, WithMediaError> {
        let mut writer = FilmWriter::create(
            &partial,
            w,
            h,
            project.settings.frame_rate,
            sound.is_some(),
            &VideoCodecSettings::default(),
        )
        .map_err(|e| write_err(&e))?;
        let mut all_generated = true;
        // The sound is mixed a frame at a time beside the picture, never
        // as one buffer for the card.
        let mut stream = sound.map(|(alone, mixer)| mixer.stream(alone, 0));
        for i in 0..frames {
            if progress.is_cancelled() {
                return Err(WithMediaError::Cancelled);
            }
            let (image, generated) = frame(i)?;
            all_generated &= generated;
            writer.write_frame(&image).map_err(|e| write_err(&e))?;
            if let Some(stream) = &mut stream {
                writer
                    .write_audio(&stream.until(i + 1))
                    .map_err(|e| write_err(&e))?;
            }
            *done += 1;
            progress.progress(*done, total, "Writing moves and gaps");
        }
        writer.finish().map_err(|e| write_err(&e))?;
        std::fs::rename(&partial, path).map_err(|e| write_err(&e))?;
        Ok(all_generated)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

/// A clip card's own sound, as the film mixes it: the card alone, from
/// frame 0, and its mixer (None for a still, a muted clip or one without
/// sound).
fn own_sound(project: &Project, compositor: &Compositor, card: &Card) -> Option<(Project, Mixer)> {
    if !matches!(card.content, CardContent::Clip { muted: false, .. }) {
        return None;
    }
    let mut alone = Project {
        settings: project.settings.clone(),
        ..Project::default()
    };
    alone.settings.fade_in_frames = 0;
    alone.settings.fade_out_frames = 0;
    let mut shifted = card.clone();
    shifted.range_in_timeline.start = 0;
    alone.cards.push(shifted);
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_project(&alone, compositor.folder(), &mut bank);
    if mixer.voices().is_empty() {
        return None;
    }
    Some((alone, mixer))
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
