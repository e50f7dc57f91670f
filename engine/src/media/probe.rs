//! What is in a media file: streams, size, rate, duration, rotation.

use std::path::{Path, PathBuf};

use ffmpeg::codec::packet::side_data::Type as SideDataType;
use ffmpeg::media::Type as MediaType;
use ffmpeg_next as ffmpeg;

use super::{MediaError, init};
use crate::time::FrameRate;

/// A media file's streams, as far as Inbetween uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaInfo {
    /// The file.
    pub path: PathBuf,
    /// The container's duration in seconds (0 when unknown).
    pub duration_seconds: f64,
    /// The best video stream, if any.
    pub video: Option<VideoInfo>,
    /// The best audio stream, if any.
    pub audio: Option<AudioInfo>,
}

/// A video stream.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoInfo {
    /// Width of the decoded picture, before rotation.
    pub width: u32,
    /// Height of the decoded picture, before rotation.
    pub height: u32,
    /// The stream's frame rate.
    pub frame_rate: FrameRate,
    /// How many frames the stream holds (counted by the container, or derived
    /// from its duration).
    pub frame_count: i64,
    /// Clockwise rotation to apply for display: 0, 90, 180 or 270.
    pub rotation_degrees: u32,
    /// The codec's short name ("h264", "vp9", …).
    pub codec: String,
}

impl VideoInfo {
    /// The picture's size as displayed (after rotation).
    pub fn display_size(&self) -> (u32, u32) {
        if self.rotation_degrees % 180 == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// An audio stream.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioInfo {
    /// Samples per second.
    pub sample_rate: u32,
    /// Channel count (1 mono, 2 stereo, 6 for 5.1, …).
    pub channels: u16,
    /// The codec's short name ("aac", "opus", …).
    pub codec: String,
}

/// Reads the streams of the media file at `path`.
pub fn probe(path: &Path) -> Result<MediaInfo, MediaError> {
    let input = open_input(path)?;
    let duration_seconds = if input.duration() > 0 {
        input.duration() as f64 / f64::from(ffmpeg::ffi::AV_TIME_BASE)
    } else {
        0.0
    };
    let video = match input.streams().best(MediaType::Video) {
        Some(stream) => Some(video_info(path, &stream, duration_seconds)?),
        None => None,
    };
    let audio = input.streams().best(MediaType::Audio).map(|stream| {
        let parameters = stream.parameters();
        let (sample_rate, channels) = audio_format(&parameters);
        AudioInfo {
            sample_rate,
            channels,
            codec: parameters.id().name().to_owned(),
        }
    });
    Ok(MediaInfo {
        path: path.to_path_buf(),
        duration_seconds,
        video,
        audio,
    })
}

/// Opens `path` with FFmpeg, turning a missing file and a file FFmpeg cannot
/// read into distinct errors.
pub(crate) fn open_input(path: &Path) -> Result<ffmpeg::format::context::Input, MediaError> {
    init();
    if !path.is_file() {
        return Err(MediaError::Missing {
            path: path.to_path_buf(),
        });
    }
    ffmpeg::format::input(&path).map_err(|e| MediaError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn video_info(
    path: &Path,
    stream: &ffmpeg::format::stream::Stream,
    duration_seconds: f64,
) -> Result<VideoInfo, MediaError> {
    let parameters = stream.parameters();
    let frame_rate = stream_rate(stream).ok_or_else(|| MediaError::Open {
        path: path.to_path_buf(),
        message: "the video stream has no frame rate".to_owned(),
    })?;
    let (width, height) = video_size(&parameters);
    if width > 0 && height > 0 {
        super::check_picture_size(path, width, height)?;
    }
    let counted = stream.frames();
    let frame_count = if counted > 0 {
        counted
    } else {
        frame_rate.frame_at_seconds(duration_seconds)
    };
    Ok(VideoInfo {
        width,
        height,
        frame_rate,
        frame_count,
        rotation_degrees: rotation(stream),
        codec: parameters.id().name().to_owned(),
    })
}

/// The stream's frame rate: its average rate, else its base rate.
pub(crate) fn stream_rate(stream: &ffmpeg::format::stream::Stream) -> Option<FrameRate> {
    [stream.avg_frame_rate(), stream.rate()]
        .into_iter()
        .find_map(|r| FrameRate::new(i64::from(r.numerator()), i64::from(r.denominator())).ok())
}

fn video_size(parameters: &ffmpeg::codec::Parameters) -> (u32, u32) {
    match ffmpeg::codec::context::Context::from_parameters(parameters.clone())
        .and_then(|c| c.decoder().video())
    {
        Ok(decoder) => (decoder.width(), decoder.height()),
        Err(_) => (0, 0),
    }
}

fn audio_format(parameters: &ffmpeg::codec::Parameters) -> (u32, u16) {
    match ffmpeg::codec::context::Context::from_parameters(parameters.clone())
        .and_then(|c| c.decoder().audio())
    {
        Ok(decoder) => (decoder.rate(), decoder.channels()),
        Err(_) => (0, 0),
    }
}

/// The clockwise display rotation from the stream's display matrix (as
/// FFmpeg's own `get_rotation` reads it), rounded to a quarter turn.
fn rotation(stream: &ffmpeg::format::stream::Stream) -> u32 {
    for side_data in stream.side_data() {
        if side_data.kind() != SideDataType::DisplayMatrix {
            continue;
        }
        let data = side_data.data();
        let m = |i: usize| -> f64 {
            data.get(i * 4..i * 4 + 4)
                .and_then(|b| b.try_into().ok())
                .map_or(0.0, |b: [u8; 4]| f64::from(i32::from_ne_bytes(b)))
        };
        let scale0 = m(0).hypot(m(3));
        let scale1 = m(1).hypot(m(4));
        if scale0 == 0.0 || scale1 == 0.0 {
            return 0;
        }
        // av_display_rotation_get is -atan2(m1, m0) (counter-clockwise), and
        // ffmpeg's get_rotation negates it again: the clockwise turn to apply.
        let clockwise = (m(1) / scale1)
            .atan2(m(0) / scale0)
            .to_degrees()
            .rem_euclid(360.0);
        return ((clockwise / 90.0).round() as u32 % 4) * 90;
    }
    0
}
