//! Bringing files into a project: each is read first (a picture decoded, a
//! clip or sound probed), then copied into the project's `media/` folder so
//! the project stays portable. A file whose bytes are already in `media/`
//! (under any name) is not copied again. Slow work (probing, hashing,
//! copying): run it on a worker, as the editor's import job does.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::jobs::ProgressSink;
use crate::media::{load_image, probe};
use crate::time::FrameRate;

use super::{CardContent, MEDIA_FOLDER_NAME, MediaRef, Project};

/// How long a still's card is when it is imported.
pub const STILL_SECONDS: f64 = 2.0;

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

/// What an imported file became, now in `media/`.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// A picture or clip, for a card: what it shows and its natural length
    /// in project frames (a still: two seconds; a clip: all of it).
    Card {
        /// What the card shows.
        content: CardContent,
        /// Its natural length.
        duration_frames: i64,
    },
    /// Sound alone, for an audio lane: the file and all of its length.
    Sound {
        /// The file in `media/`.
        media: MediaRef,
        /// Its length in project frames.
        duration_frames: i64,
    },
}

/// Why a file was not imported: what is wrong, in a user's words, ending
/// with the file's path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    /// The file.
    pub file: PathBuf,
    message: String,
}

impl ImportError {
    fn new(file: &Path, problem: impl std::fmt::Display) -> Self {
        Self {
            file: file.to_path_buf(),
            message: format!("{problem}: {}", file.display()),
        }
    }

    /// A media error, whose message already ends with the path.
    fn media(file: &Path, error: &crate::media::MediaError) -> Self {
        Self {
            file: file.to_path_buf(),
            message: error.to_string(),
        }
    }
}

/// Imports each of `files` into the project in `folder` (times at `rate`),
/// reporting progress a file at a time; stops early when cancelled (the
/// files not reached are left out).
pub fn import_files(
    folder: &Path,
    files: &[PathBuf],
    rate: FrameRate,
    sink: &dyn ProgressSink,
) -> Vec<(PathBuf, Result<Imported, ImportError>)> {
    let mut out = Vec::new();
    for (done, file) in files.iter().enumerate() {
        if sink.is_cancelled() {
            break;
        }
        sink.progress(done as u64, files.len() as u64, "Importing");
        out.push((file.clone(), import_file(folder, file, rate)));
    }
    sink.progress(files.len() as u64, files.len() as u64, "Imported");
    out
}

/// Reads `file` (a picture, clip or sound) and copies it into
/// `folder/media/`; nothing is copied for a file that does not work.
pub fn import_file(folder: &Path, file: &Path, rate: FrameRate) -> Result<Imported, ImportError> {
    let frames = |seconds: f64| rate.frame_at_seconds(seconds).max(1);
    let kind = MediaKind::by_name(file);
    let (duration_frames, what) = if kind == MediaKind::Image {
        load_image(file).map_err(|e| ImportError::media(file, &e))?;
        (frames(STILL_SECONDS), MediaKind::Image)
    } else {
        let info = probe(file).map_err(|e| ImportError::media(file, &e))?;
        match (&info.video, &info.audio) {
            (Some(_), _) if kind != MediaKind::Sound => {
                (frames(info.duration_seconds), MediaKind::Clip)
            }
            (_, Some(_)) => (frames(info.duration_seconds), MediaKind::Sound),
            _ => return Err(ImportError::new(file, "has neither picture nor sound")),
        }
    };
    let media = copy_into_media(folder, file)
        .map_err(|e| ImportError::new(file, format!("cannot copy it into the project ({e})")))?;
    Ok(match what {
        MediaKind::Image => Imported::Card {
            content: CardContent::Image { media },
            duration_frames,
        },
        MediaKind::Clip => Imported::Card {
            content: CardContent::Clip {
                media,
                source_start_frame: 0,
                gain_db: 0.0,
                muted: false,
            },
            duration_frames,
        },
        MediaKind::Sound | MediaKind::Other => Imported::Sound {
            media,
            duration_frames,
        },
    })
}

/// Copies `file` into `folder/media/` and returns its reference there. A
/// file in `media/` with the same bytes is used as it is, whatever its
/// name; otherwise the file keeps its name ("-2", "-3"… when taken).
pub fn copy_into_media(folder: &Path, file: &Path) -> std::io::Result<MediaRef> {
    let media = folder.join(MEDIA_FOLDER_NAME);
    fs::create_dir_all(&media)?;
    if let Some(same) = same_content_in(&media, file)? {
        return Ok(reference(&same));
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("media");
    let dotted = match file.extension().and_then(|s| s.to_str()) {
        Some(extension) => format!(".{extension}"),
        None => String::new(),
    };
    let mut target = media.join(format!("{stem}{dotted}"));
    let mut n = 2;
    while target.exists() {
        target = media.join(format!("{stem}-{n}{dotted}"));
        n += 1;
    }
    fs::copy(file, &target)?;
    Ok(reference(&target))
}

/// `media/<name>` for a file in the media folder.
fn reference(path: &Path) -> MediaRef {
    let name = path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    MediaRef::new(format!("{MEDIA_FOLDER_NAME}/{name}"))
}

/// A file in `media` holding exactly `file`'s bytes (`file` itself, when it
/// is already there). Only files of the same length are read.
fn same_content_in(media: &Path, file: &Path) -> std::io::Result<Option<PathBuf>> {
    let length = fs::metadata(file)?.len();
    let mut candidates: Vec<PathBuf> = fs::read_dir(media)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == length))
        .collect();
    candidates.sort();
    let hash = content_hash(file)?;
    for candidate in candidates {
        if content_hash(&candidate)? == hash && same_bytes(&candidate, file)? {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// A 64-bit FNV-1a hash of a file's bytes, read in blocks.
fn content_hash(path: &Path) -> std::io::Result<u64> {
    let mut reader = fs::File::open(path)?;
    let mut block = vec![0u8; 1 << 16];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    loop {
        let n = reader.read(&mut block)?;
        if n == 0 {
            return Ok(hash);
        }
        for b in &block[..n] {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// True when both files hold the same bytes (a hash match is confirmed),
/// read a block at a time: neither is ever held whole.
fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut block_a, mut block_b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut block_a)?;
        if n != read_full(&mut b, &mut block_b)? || block_a[..n] != block_b[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Reads until `block` is full or the file ends; how much was read.
fn read_full(file: &mut fs::File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Copies every media file `project` uses from the project folder `from`
/// into `to` (Save As), a file at a time with progress; files already there
/// are kept. The first file that cannot be copied stops it, named.
pub fn copy_media(
    project: &Project,
    from: &Path,
    to: &Path,
    sink: &dyn ProgressSink,
) -> Result<(), ImportError> {
    if from == to {
        return Ok(());
    }
    let uses = project.media_uses();
    for (done, (user, media)) in uses.iter().enumerate() {
        if sink.is_cancelled() {
            return Err(ImportError::new(to, "Save As was cancelled"));
        }
        sink.progress(done as u64, uses.len() as u64, "Copying media");
        let (source, target) = (from.join(media.as_str()), to.join(media.as_str()));
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| ImportError::new(parent, format!("cannot make the folder ({e})")))?;
        }
        fs::copy(&source, &target)
            .map_err(|e| ImportError::new(&source, format!("cannot copy it for {user} ({e})")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;

    fn rate() -> FrameRate {
        FrameRate::new(24, 1).unwrap()
    }

    fn picture(path: &Path, shade: u8) {
        image::RgbaImage::from_pixel(8, 6, image::Rgba([shade, 90, 200, 255]))
            .save(path)
            .unwrap();
    }

    #[test]
    fn a_picture_becomes_a_two_second_card_copied_into_media() {
        let (project, outside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let file = outside.path().join("sky.png");
        picture(&file, 10);
        let imported = import_file(project.path(), &file, rate()).unwrap();
        let Imported::Card {
            content: CardContent::Image { media },
            duration_frames,
        } = imported
        else {
            panic!("an image card: {imported:?}");
        };
        assert_eq!(media.as_str(), "media/sky.png");
        assert_eq!(duration_frames, 48);
        assert!(project.path().join("media/sky.png").is_file());
    }

    #[test]
    fn the_same_bytes_are_reused_under_any_name_and_other_bytes_get_a_new_name() {
        let (project, outside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (a, copy, other) = (
            outside.path().join("a.png"),
            outside.path().join("copy of a.png"),
            outside.path().join("sub").join("a.png"),
        );
        picture(&a, 10);
        fs::copy(&a, &copy).unwrap();
        fs::create_dir_all(other.parent().unwrap()).unwrap();
        picture(&other, 200);
        let first = copy_into_media(project.path(), &a).unwrap();
        assert_eq!(first.as_str(), "media/a.png");
        assert_eq!(
            copy_into_media(project.path(), &copy).unwrap(),
            first,
            "same bytes"
        );
        let again = project.path().join("media/a.png");
        assert_eq!(
            copy_into_media(project.path(), &again).unwrap(),
            first,
            "already there"
        );
        let second = copy_into_media(project.path(), &other).unwrap();
        assert_eq!(second.as_str(), "media/a-2.png", "other bytes, same name");
        assert_eq!(
            fs::read_dir(project.path().join("media")).unwrap().count(),
            2
        );
    }

    #[test]
    fn a_broken_file_is_named_and_nothing_is_copied() {
        let (project, outside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let broken = outside.path().join("broken.png");
        fs::write(&broken, b"not a png").unwrap();
        let text = outside.path().join("notes.txt");
        fs::write(&text, b"just words").unwrap();
        let files = [broken.clone(), text.clone()];
        let results = import_files(project.path(), &files, rate(), &NoProgress);
        assert_eq!(results.len(), 2);
        for (file, result) in &results {
            let e = result.as_ref().unwrap_err();
            assert_eq!(&e.file, file);
            assert!(e.to_string().ends_with(&file.display().to_string()), "{e}");
        }
        let copied = fs::read_dir(project.path().join(MEDIA_FOLDER_NAME))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(copied, 0);
    }
}
