//! Files dropped on the timeline (or imported) become cards: the file is
//! copied into the project's `media/` folder, so the project stays portable,
//! and checked before a card refers to it.

use std::fs;
use std::path::{Path, PathBuf};

use inbetween_engine::media::{load_image, probe};
use inbetween_engine::project::{AudioClip, AudioClipId, Card, CardContent, CardId, Fit, MediaRef};
use inbetween_engine::time::{FrameRate, TimeRange};

/// How long a still's card is when it is imported.
const STILL_SECONDS: f64 = 2.0;

/// Extensions read as still images.
pub const STILLS: [&str; 5] = ["png", "jpg", "jpeg", "webp", "gif"];
/// Extensions read as video clips (others are probed).
pub const CLIPS: [&str; 6] = ["mp4", "mov", "mkv", "webm", "m4v", "avi"];
/// Extensions read as sound files.
pub const SOUNDS: [&str; 7] = ["wav", "flac", "mp3", "ogg", "oga", "m4a", "aac"];

/// What a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// A still image.
    Image,
    /// A video clip.
    Clip,
    /// Sound alone.
    Sound,
    /// Not known by its name.
    Other,
}

impl MediaKind {
    /// The kind `file`'s name says.
    pub fn by_name(file: &Path) -> Self {
        let extension = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        let extension = extension.as_str();
        if STILLS.contains(&extension) {
            MediaKind::Image
        } else if CLIPS.contains(&extension) {
            MediaKind::Clip
        } else if SOUNDS.contains(&extension) {
            MediaKind::Sound
        } else {
            MediaKind::Other
        }
    }

    /// Its name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Clip => "clip",
            MediaKind::Sound => "sound",
            MediaKind::Other => "file",
        }
    }
}

/// A card for `file`, starting at `start`: copies the file into
/// `folder/media/` (under a free name) and reads it to be sure it works.
pub fn card_for_file(
    folder: &Path,
    file: &Path,
    id: CardId,
    start: i64,
    rate: FrameRate,
) -> Result<Card, String> {
    let (content, duration) = content_for_file(folder, file, rate)?;
    Ok(Card {
        id,
        range_in_timeline: TimeRange::new(start, duration),
        prompt: String::new(),
        fit: Fit::Fit,
        content,
    })
}

/// What a card showing `file` holds, and its natural length in frames (a
/// still: two seconds; a clip: all of it). The file is read first, then
/// copied into `folder/media/` (nothing is copied for a file that does not
/// work).
pub fn content_for_file(
    folder: &Path,
    file: &Path,
    rate: FrameRate,
) -> Result<(CardContent, i64), String> {
    let name = file.display();
    let (duration, kind) = if MediaKind::by_name(file) == MediaKind::Image {
        load_image(file).map_err(|e| format!("{name}: {e}"))?;
        (rate.frame_at_seconds(STILL_SECONDS).max(1), Kind::Image)
    } else {
        let info = probe(file).map_err(|e| format!("{name}: {e}"))?;
        if info.video.is_none() {
            return Err(format!(
                "{name}: has no picture (sound goes on audio lanes)"
            ));
        }
        (
            rate.frame_at_seconds(info.duration_seconds).max(1),
            Kind::Clip,
        )
    };
    let relative = copy_into_media(folder, file)
        .map_err(|e| format!("{name}: cannot copy it into the project ({e})"))?;
    let media = MediaRef::new(relative);
    let content = match kind {
        Kind::Image => CardContent::Image { media },
        Kind::Clip => CardContent::Clip {
            media,
            source_start_frame: 0,
            gain_db: 0.0,
            muted: false,
        },
    };
    Ok((content, duration))
}

/// True when `file` is sound alone (it goes on an audio lane, not the story
/// track): by its name, or, for other names, because it has no picture.
pub fn is_sound(file: &Path) -> bool {
    match MediaKind::by_name(file) {
        MediaKind::Sound => true,
        MediaKind::Image | MediaKind::Clip => false,
        MediaKind::Other => {
            probe(file).is_ok_and(|info| info.video.is_none() && info.audio.is_some())
        }
    }
}

/// An audio clip of `file` (copied into `media/`), all of it, from `start`.
pub fn sound_clip_for_file(
    folder: &Path,
    file: &Path,
    id: AudioClipId,
    start: i64,
    rate: FrameRate,
) -> Result<AudioClip, String> {
    let name = file.display();
    let info = probe(file).map_err(|e| format!("{name}: {e}"))?;
    if info.audio.is_none() {
        return Err(format!("{name}: has no sound"));
    }
    let relative = copy_into_media(folder, file)
        .map_err(|e| format!("{name}: cannot copy it into the project ({e})"))?;
    Ok(AudioClip {
        id,
        media: MediaRef::new(relative),
        range_in_timeline: TimeRange::new(
            start,
            rate.frame_at_seconds(info.duration_seconds).max(1),
        ),
        source_start_frame: 0,
        gain_db: 0.0,
        fade_in_frames: 0,
        fade_out_frames: 0,
    })
}

enum Kind {
    Image,
    Clip,
}

/// Copies `file` to `folder/media/<name>` (adding "-2", "-3"… when taken)
/// and returns the path relative to the project folder.
fn copy_into_media(folder: &Path, file: &Path) -> std::io::Result<String> {
    let media = folder.join("media");
    fs::create_dir_all(&media)?;
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("media");
    let extension = file.extension().and_then(|s| s.to_str()).unwrap_or("");
    let dotted = if extension.is_empty() {
        String::new()
    } else {
        format!(".{extension}")
    };
    let mut target: PathBuf = media.join(format!("{stem}{dotted}"));
    let mut n = 2;
    while target.exists() {
        if same_file(&target, file) {
            break;
        }
        target = media.join(format!("{stem}-{n}{dotted}"));
        n += 1;
    }
    if !target.exists() {
        fs::copy(file, &target)?;
    }
    let name = target.file_name().and_then(|s| s.to_str()).unwrap_or(stem);
    Ok(format!("media/{name}"))
}

/// True when both paths hold the same bytes (re-importing a file reuses it).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) if x.len() == y.len() => fs::read(a).ok() == fs::read(b).ok(),
        _ => false,
    }
}
