use std::path::PathBuf;

use crate::media::VideoCodecSettings;
use crate::project::Resolution;
use crate::time::TimeRange;

/// What kind of file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// An MP4: H.264 (yuv420p, BT.709) and AAC stereo 48 kHz, faststart.
    Mp4,
    /// A folder of PNG files, `frame_000000.png` onwards.
    PngSequence,
    /// The sound alone: the master mix as a WAV file (16-bit, 48 kHz, stereo).
    Wav,
}

/// The standard film sizes, by height, at the project's rate and shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// 720 lines (1280x720 for 16:9).
    P720,
    /// 1080 lines (1920x1080 for 16:9).
    P1080,
}

impl Preset {
    /// The frame size for a project of `resolution`'s shape: the preset's
    /// height, the width that keeps the shape, rounded to an even number.
    pub fn frame_size(self, resolution: Resolution) -> (u32, u32) {
        let height = match self {
            Preset::P720 => 720,
            Preset::P1080 => 1080,
        };
        let width = (f64::from(height) * f64::from(resolution.width)
            / f64::from(resolution.height.max(1)))
        .round() as u32;
        ((width & !1).max(2), height)
    }
}

/// One export: where, what, which frames.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The film file (MP4) or folder (PNG sequence) to create.
    pub output: PathBuf,
    /// MP4 or PNG sequence.
    pub format: ExportFormat,
    /// Frame width in pixels (even for MP4).
    pub width: u32,
    /// Frame height in pixels (even for MP4).
    pub height: u32,
    /// The film frames to export; `None` for the whole film.
    pub frames: Option<TimeRange>,
    /// H.264 settings (MP4 only).
    pub codec: VideoCodecSettings,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    /// Where it is.
    pub output: PathBuf,
    /// How many frames it holds.
    pub frames: i64,
    /// Its length in seconds.
    pub seconds: f64,
}
