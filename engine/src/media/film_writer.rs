//! Writing a film: H.264 (libx264, yuv420p, BT.709, tagged) and AAC stereo
//! 48 kHz in an MP4 with the index at the front (`faststart`).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use ffmpeg::format::Pixel;
use ffmpeg::format::Sample;
use ffmpeg::format::sample::Type as SampleType;
use ffmpeg::software::scaling;
use ffmpeg::{ChannelLayout, Dictionary, Rational, codec, encoder};
use ffmpeg_next as ffmpeg;
use image::RgbaImage;

use super::ffi::{YuvMatrix, set_yuv_matrix};
use super::{AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, MediaError, init};
use crate::time::FrameRate;

/// libx264's settings for a film.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoCodecSettings {
    /// x264 preset: `ultrafast` … `veryslow`.
    pub preset: String,
    /// Constant rate factor: lower is better and bigger (18–23 is typical).
    pub crf: u8,
}

impl Default for VideoCodecSettings {
    fn default() -> Self {
        Self {
            preset: "medium".to_owned(),
            crf: 20,
        }
    }
}

/// The AAC bit rate of exported sound.
const AUDIO_BIT_RATE: usize = 192_000;

/// Encodes RGBA frames and interleaved stereo samples into an MP4 file.
/// Frames and sound may be written in any interleaving; the muxer orders them.
pub struct FilmWriter {
    path: PathBuf,
    output: ffmpeg::format::context::Output,
    video: encoder::Video,
    video_stream: usize,
    video_time_base: Rational,
    scaler: scaling::Context,
    width: u32,
    height: u32,
    frames_written: i64,
    audio: Option<AudioTrack>,
}

struct AudioTrack {
    encoder: encoder::Audio,
    stream: usize,
    pending: VecDeque<f32>,
    samples_sent: i64,
    frame_size: usize,
}

/// What x264's lookahead may hold, in bytes of YUV 4:2:0 frames.
const LOOKAHEAD_BYTES: u64 = 256 << 20;

/// Frames of at least this many pixels (8K UHD, 7680x4320, is 33 million)
/// are encoded with slice threads, a frame at a time: frame threads would
/// each hold one. Measured at 8K with FFmpeg's CLI: 1.8 GB instead of 3.2.
const SLICED_THREADS_PIXELS: u64 = 16_000_000;

/// How many frames x264 looks ahead for frames of `width`×`height`, when
/// fewer than its preset's (None: the preset's own, up to 1440p or so).
fn lookahead_frames(width: u32, height: u32) -> Option<u64> {
    let frame = u64::from(width) * u64::from(height) * 3 / 2;
    let frames = LOOKAHEAD_BYTES / frame.max(1);
    (frames < 40).then_some(frames.max(2))
}

impl FilmWriter {
    /// Creates `path` (an MP4, whatever its extension) for frames of `width` x
    /// `height` at `rate`, with a sound track when `with_audio`.
    pub fn create(
        path: &Path,
        width: u32,
        height: u32,
        rate: FrameRate,
        with_audio: bool,
        settings: &VideoCodecSettings,
    ) -> Result<Self, MediaError> {
        init();
        let mut output = ffmpeg::format::output_as(&path, "mp4").map_err(|e| write_err(path, e))?;
        let global_header = output
            .format()
            .flags()
            .contains(ffmpeg::format::Flags::GLOBAL_HEADER);

        let video_time_base = Rational(rate.den() as i32, rate.num() as i32);
        let h264 = encoder::find_by_name("libx264").ok_or_else(|| MediaError::Write {
            path: path.to_path_buf(),
            message: "this FFmpeg has no libx264 encoder".to_owned(),
        })?;
        let mut v = codec::context::Context::new_with_codec(h264)
            .encoder()
            .video()
            .map_err(|e| write_err(path, e))?;
        v.set_width(width);
        v.set_height(height);
        v.set_format(Pixel::YUV420P);
        v.set_time_base(video_time_base);
        v.set_frame_rate(Some(Rational(rate.num() as i32, rate.den() as i32)));
        v.set_colorspace(ffmpeg::color::Space::BT709);
        v.set_color_range(ffmpeg::color::Range::MPEG);
        v.set_color_primaries(ffmpeg::color::Primaries::BT709);
        v.set_color_transfer_characteristic(ffmpeg::color::TransferCharacteristic::BT709);
        if global_header {
            v.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let mut options = Dictionary::new();
        options.set("preset", &settings.preset);
        options.set("crf", &settings.crf.to_string());
        // x264 holds its lookahead's frames (40 at `medium`) and a frame
        // per thread: at 8K that is gigabytes, so large frames look fewer
        // ahead, and the largest share one frame between the threads.
        if let Some(frames) = lookahead_frames(width, height) {
            options.set("rc-lookahead", &frames.to_string());
        }
        if u64::from(width) * u64::from(height) >= SLICED_THREADS_PIXELS {
            options.set("x264-params", "sliced-threads=1");
        }
        let video = v.open_with(options).map_err(|e| write_err(path, e))?;
        let video_stream = {
            let mut stream = output.add_stream(h264).map_err(|e| write_err(path, e))?;
            stream.set_parameters(&video);
            stream.set_time_base(video_time_base);
            stream.index()
        };

        let audio = if with_audio {
            Some(add_audio(&mut output, global_header, path)?)
        } else {
            None
        };

        let mut header = Dictionary::new();
        header.set("movflags", "+faststart");
        output
            .write_header_with(header)
            .map_err(|e| write_err(path, e))?;

        let mut scaler = scaling::Context::get(
            Pixel::RGBA,
            width,
            height,
            Pixel::YUV420P,
            width,
            height,
            scaling::Flags::BILINEAR | scaling::Flags::ACCURATE_RND,
        )
        .map_err(|e| write_err(path, e))?;
        set_yuv_matrix(&mut scaler, YuvMatrix::Bt709, false, false);

        Ok(Self {
            path: path.to_path_buf(),
            output,
            video,
            video_stream,
            video_time_base,
            scaler,
            width,
            height,
            frames_written: 0,
            audio,
        })
    }

    /// Encodes the next frame. It must be the size the writer was made for.
    pub fn write_frame(&mut self, image: &RgbaImage) -> Result<(), MediaError> {
        if image.dimensions() != (self.width, self.height) {
            return Err(MediaError::Write {
                path: self.path.clone(),
                message: format!(
                    "a {}x{} frame was given to a {}x{} film",
                    image.width(),
                    image.height(),
                    self.width,
                    self.height
                ),
            });
        }
        let mut rgba = ffmpeg::frame::Video::new(Pixel::RGBA, self.width, self.height);
        let stride = rgba.stride(0);
        let row = self.width as usize * 4;
        let data = rgba.data_mut(0);
        for (y, src) in image.as_raw().chunks_exact(row).enumerate() {
            if let Some(dst) = data.get_mut(y * stride..y * stride + row) {
                dst.copy_from_slice(src);
            }
        }
        // A fresh YUV frame each time: the encoder may still hold the last.
        let mut yuv = ffmpeg::frame::Video::empty();
        self.scaler
            .run(&rgba, &mut yuv)
            .map_err(|e| write_err(&self.path, e))?;
        yuv.set_pts(Some(self.frames_written));
        self.video
            .send_frame(&yuv)
            .map_err(|e| write_err(&self.path, e))?;
        self.frames_written += 1;
        self.drain_video()
    }

    /// Queues interleaved stereo samples (48 kHz) and encodes whole AAC frames.
    pub fn write_audio(&mut self, samples: &[f32]) -> Result<(), MediaError> {
        let Some(track) = self.audio.as_mut() else {
            return Ok(());
        };
        track.pending.extend(samples.iter().copied());
        while self
            .audio
            .as_ref()
            .is_some_and(|t| t.pending.len() >= t.frame_size * AUDIO_CHANNELS)
        {
            self.encode_audio_frame(false)?;
        }
        Ok(())
    }

    /// Flushes the encoders and writes the index; the file is complete after this.
    pub fn finish(mut self) -> Result<(), MediaError> {
        self.video
            .send_eof()
            .map_err(|e| write_err(&self.path, e))?;
        self.drain_video()?;
        if self.audio.is_some() {
            while self.audio.as_ref().is_some_and(|t| !t.pending.is_empty()) {
                self.encode_audio_frame(true)?;
            }
            if let Some(track) = self.audio.as_mut() {
                track
                    .encoder
                    .send_eof()
                    .map_err(|e| write_err(&self.path, e))?;
            }
            self.drain_audio()?;
        }
        // With faststart the muxer rewrites the file here to move the index
        // to the front: a silent pass as long as a few frames of encoding.
        self.output
            .write_trailer()
            .map_err(|e| write_err(&self.path, e))
    }

    fn encode_audio_frame(&mut self, last: bool) -> Result<(), MediaError> {
        let Some(track) = self.audio.as_mut() else {
            return Ok(());
        };
        let available = track.pending.len() / AUDIO_CHANNELS;
        let len = if last {
            available.min(track.frame_size)
        } else {
            track.frame_size
        };
        if len == 0 {
            track.pending.clear();
            return Ok(());
        }
        let mut frame =
            ffmpeg::frame::Audio::new(Sample::F32(SampleType::Planar), len, ChannelLayout::STEREO);
        frame.set_rate(AUDIO_SAMPLE_RATE);
        for i in 0..len {
            for channel in 0..AUDIO_CHANNELS {
                let sample = track.pending.pop_front().unwrap_or(0.0);
                if let Some(slot) = frame.plane_mut::<f32>(channel).get_mut(i) {
                    *slot = sample;
                }
            }
        }
        frame.set_pts(Some(track.samples_sent));
        track.samples_sent += len as i64;
        track
            .encoder
            .send_frame(&frame)
            .map_err(|e| write_err(&self.path, e))?;
        self.drain_audio()
    }

    fn drain_video(&mut self) -> Result<(), MediaError> {
        let stream_time_base = self
            .output
            .stream(self.video_stream)
            .map(|s| s.time_base())
            .ok_or_else(|| MediaError::Write {
                path: self.path.clone(),
                message: "the video stream vanished".to_owned(),
            })?;
        let mut packet = ffmpeg::Packet::empty();
        while self.video.receive_packet(&mut packet).is_ok() {
            packet.set_stream(self.video_stream);
            // libx264 leaves durations at 0 (FFmpeg 5.1), which makes the
            // track one frame short; every packet is one frame long.
            if packet.duration() == 0 {
                packet.set_duration(1);
            }
            packet.rescale_ts(self.video_time_base, stream_time_base);
            packet
                .write_interleaved(&mut self.output)
                .map_err(|e| write_err(&self.path, e))?;
        }
        Ok(())
    }

    fn drain_audio(&mut self) -> Result<(), MediaError> {
        let Some(track) = self.audio.as_mut() else {
            return Ok(());
        };
        let stream_time_base = self
            .output
            .stream(track.stream)
            .map(|s| s.time_base())
            .ok_or_else(|| MediaError::Write {
                path: self.path.clone(),
                message: "the audio stream vanished".to_owned(),
            })?;
        let mut packet = ffmpeg::Packet::empty();
        while track.encoder.receive_packet(&mut packet).is_ok() {
            packet.set_stream(track.stream);
            packet.rescale_ts(Rational(1, AUDIO_SAMPLE_RATE as i32), stream_time_base);
            packet
                .write_interleaved(&mut self.output)
                .map_err(|e| write_err(&self.path, e))?;
        }
        Ok(())
    }
}

fn add_audio(
    output: &mut ffmpeg::format::context::Output,
    global_header: bool,
    path: &Path,
) -> Result<AudioTrack, MediaError> {
    let aac = encoder::find(codec::Id::AAC).ok_or_else(|| MediaError::Write {
        path: path.to_path_buf(),
        message: "this FFmpeg has no AAC encoder".to_owned(),
    })?;
    let mut a = codec::context::Context::new_with_codec(aac)
        .encoder()
        .audio()
        .map_err(|e| write_err(path, e))?;
    a.set_rate(AUDIO_SAMPLE_RATE as i32);
    a.set_channel_layout(ChannelLayout::STEREO);
    #[cfg(not(ffmpeg_7_0))]
    a.set_channels(AUDIO_CHANNELS as i32);
    a.set_format(Sample::F32(SampleType::Planar));
    a.set_bit_rate(AUDIO_BIT_RATE);
    a.set_time_base(Rational(1, AUDIO_SAMPLE_RATE as i32));
    if global_header {
        a.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let encoder = a.open_as(aac).map_err(|e| write_err(path, e))?;
    let frame_size = (encoder.frame_size() as usize).max(1);
    let stream = {
        let mut stream = output.add_stream(aac).map_err(|e| write_err(path, e))?;
        stream.set_parameters(&encoder);
        stream.set_time_base(Rational(1, AUDIO_SAMPLE_RATE as i32));
        stream.index()
    };
    Ok(AudioTrack {
        encoder,
        stream,
        pending: VecDeque::new(),
        samples_sent: 0,
        frame_size,
    })
}

fn write_err(path: &Path, e: ffmpeg::Error) -> MediaError {
    MediaError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
