use std::path::PathBuf;

/// Why a media file could not be read or written. Messages end with the file.
#[derive(Debug, Clone, thiserror::Error)]
pub enum MediaError {
    /// The file is not there (moved, renamed, deleted).
    #[error("the media file is missing: {}", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// FFmpeg or the image decoder could not open it: corrupt, truncated, or
    /// not a media file at all.
    #[error("cannot open the media file ({message}): {}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// The picture is larger than Inbetween decodes (see
    /// [`super::PICTURE_MAX_SIDE`]): refused before any of it is decoded.
    #[error(
        "the picture is {width}x{height}, larger than Inbetween reads ({max} pixels a side); scale it down first: {}",
        path.display(),
        max = super::PICTURE_MAX_SIDE
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its declared width.
        width: u32,
        /// Its declared height.
        height: u32,
    },
    /// The sound the project plays of this file would take Inbetween past
    /// the decoded sound it holds (see `audio::SOUND_MAX_SECONDS`).
    #[error(
        "the project plays {seconds} s of this file's sound, and Inbetween holds at most {max_seconds} s of decoded sound in all ({held_seconds} s held for other files); shorten the clips that use it or split the file: {}",
        path.display()
    )]
    SoundTooLong {
        /// The file.
        path: PathBuf,
        /// How much of its sound the project plays, from its start.
        seconds: i64,
        /// The most Inbetween holds.
        max_seconds: i64,
        /// What other files already hold.
        held_seconds: i64,
    },
    /// The file has no stream of the kind asked for.
    #[error("the file has no {kind} stream: {}", path.display())]
    NoStream {
        /// The file.
        path: PathBuf,
        /// "video" or "audio".
        kind: &'static str,
    },
    /// No decoder for the stream's codec in this FFmpeg build.
    #[error("the {kind} codec {codec} is not supported by this FFmpeg: {}", path.display())]
    UnsupportedCodec {
        /// The file.
        path: PathBuf,
        /// "video" or "audio".
        kind: &'static str,
        /// The codec's name.
        codec: String,
    },
    /// Decoding failed part-way (corrupt data).
    #[error("cannot decode frame {frame} ({message}): {}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// The frame being decoded.
        frame: i64,
        /// What the decoder said.
        message: String,
    },
    /// A frame past the clip's last frame was asked for.
    #[error("frame {frame} is past the end of the clip, which has {frame_count} frames: {}", path.display())]
    PastEnd {
        /// The file.
        path: PathBuf,
        /// The frame asked for.
        frame: i64,
        /// How many frames the clip has.
        frame_count: i64,
    },
    /// Writing a film failed (the disk is full, the folder is read-only, …).
    #[error("cannot write the film ({message}): {}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl MediaError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            MediaError::Missing { path }
            | MediaError::Open { path, .. }
            | MediaError::TooLarge { path, .. }
            | MediaError::SoundTooLong { path, .. }
            | MediaError::NoStream { path, .. }
            | MediaError::UnsupportedCodec { path, .. }
            | MediaError::Decode { path, .. }
            | MediaError::PastEnd { path, .. }
            | MediaError::Write { path, .. } => path,
        }
    }
}
