//! Frame-exact decoding of one video file.

use std::path::{Path, PathBuf};

use ffmpeg::format::Pixel;
use ffmpeg::media::Type as MediaType;
use ffmpeg::software::scaling;
use ffmpeg_next as ffmpeg;
use image::RgbaImage;

use super::MediaError;
use super::ffi::{YuvMatrix, set_yuv_matrix};
use super::probe::{VideoInfo, open_input, probe, stream_rate};
use crate::time::rescale;

/// How far ahead of the last decoded frame a request may be and still be
/// reached by decoding on rather than seeking (about two seconds of video).
const DECODE_ON_LIMIT: i64 = 48;

/// Decodes frame N of a video, exactly: seeking lands on the keyframe at or
/// before N and decodes forward to the frame whose timestamp is N's. Requests
/// that move forward a little (playback) decode on without seeking.
///
/// Not `Sync`: one reader serves one thread (see `DecoderPool`).
pub struct VideoReader {
    path: PathBuf,
    info: VideoInfo,
    input: ffmpeg::format::context::Input,
    decoder: ffmpeg::decoder::Video,
    stream_index: usize,
    /// The stream's time base, `num / den` seconds per tick.
    time_base: (i64, i64),
    start_pts: i64,
    /// Index of the last frame taken from the decoder.
    last_index: Option<i64>,
    input_done: bool,
    scaler: Option<Scaler>,
}

struct Scaler {
    key: (Pixel, u32, u32, u32, u32, YuvMatrix, bool),
    context: scaling::Context,
    /// The scaler's output, kept between frames: a fresh 4 MB frame each
    /// time costs more in page faults than the conversion itself.
    output: ffmpeg::frame::Video,
}

impl VideoReader {
    /// Opens the best video stream of `path` with a multi-threaded decoder.
    pub fn open(path: &Path) -> Result<Self, MediaError> {
        let info = probe(path)?.video.ok_or_else(|| MediaError::NoStream {
            path: path.to_path_buf(),
            kind: "video",
        })?;
        let input = open_input(path)?;
        let open_error = |message: String| MediaError::Open {
            path: path.to_path_buf(),
            message,
        };
        let stream = input
            .streams()
            .best(MediaType::Video)
            .ok_or_else(|| open_error("the video stream disappeared".to_owned()))?;
        let stream_index = stream.index();
        let tb = stream.time_base();
        let time_base = (
            i64::from(tb.numerator()),
            i64::from(tb.denominator()).max(1),
        );
        let start_pts = match stream.start_time() {
            t if t == ffmpeg::ffi::AV_NOPTS_VALUE => 0,
            t => t,
        };
        if stream_rate(&stream).is_none() {
            return Err(open_error("the video stream has no frame rate".to_owned()));
        }
        let mut context = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
            .map_err(|e| open_error(e.to_string()))?;
        context.set_threading(ffmpeg::codec::threading::Config {
            kind: ffmpeg::codec::threading::Type::Frame,
            count: 0,
            ..Default::default()
        });
        let decoder = context
            .decoder()
            .video()
            .map_err(|_| MediaError::UnsupportedCodec {
                path: path.to_path_buf(),
                kind: "video",
                codec: info.codec.clone(),
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            info,
            input,
            decoder,
            stream_index,
            time_base,
            start_pts,
            last_index: None,
            input_done: false,
            scaler: None,
        })
    }

    /// The stream's size, rate, length and rotation.
    pub fn info(&self) -> &VideoInfo {
        &self.info
    }

    /// Frame `frame` (0-based, at the stream's own rate) as RGBA in display
    /// orientation, scaled to `width` x `height`.
    pub fn frame_at(
        &mut self,
        frame: i64,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, MediaError> {
        if frame < 0 {
            return Err(self.past_end(frame));
        }
        let decode_on = matches!(self.last_index, Some(last) if frame > last && frame - last <= DECODE_ON_LIMIT);
        if !decode_on {
            self.seek_before(frame)?;
        }
        let decoded = self.decode_until(frame)?;
        self.convert_to_rgba(&decoded, width, height)
    }

    fn seek_before(&mut self, frame: i64) -> Result<(), MediaError> {
        let target_pts = self.start_pts + self.pts_offset_of(frame);
        // Input::seek with stream -1 takes AV_TIME_BASE (µs) units; `..ts`
        // asks for the keyframe at or before the target.
        let (num, den) = self.time_base;
        let target_us = rescale(target_pts, num * i64::from(ffmpeg::ffi::AV_TIME_BASE), den);
        self.input
            .seek(target_us, ..target_us)
            .map_err(|e| self.decode_error(frame, e))?;
        self.decoder.flush();
        self.input_done = false;
        self.last_index = None;
        Ok(())
    }

    /// Decodes forward until the frame whose timestamp maps to `frame` (or,
    /// for streams with missing frames, the first one after it).
    fn decode_until(&mut self, frame: i64) -> Result<ffmpeg::frame::Video, MediaError> {
        let mut decoded = ffmpeg::frame::Video::empty();
        loop {
            while self.decoder.receive_frame(&mut decoded).is_ok() {
                let index = match decoded.timestamp() {
                    Some(pts) => self.index_of_pts(pts),
                    None => self.last_index.map_or(0, |i| i + 1),
                };
                self.last_index = Some(index);
                if index >= frame {
                    return Ok(decoded);
                }
            }
            if self.input_done {
                return Err(self.past_end(frame));
            }
            self.feed_decoder(frame)?;
        }
    }

    fn feed_decoder(&mut self, frame: i64) -> Result<(), MediaError> {
        loop {
            // A fresh packet per read: reusing one leaks (rust-ffmpeg #260).
            let mut packet = ffmpeg::Packet::empty();
            match packet.read(&mut self.input) {
                Ok(()) if packet.stream() == self.stream_index => {
                    return self
                        .decoder
                        .send_packet(&packet)
                        .map_err(|e| self.decode_error(frame, e));
                }
                Ok(()) => continue,
                Err(ffmpeg::Error::Eof) => {
                    self.input_done = true;
                    return self
                        .decoder
                        .send_eof()
                        .map_err(|e| self.decode_error(frame, e));
                }
                Err(e) => return Err(self.decode_error(frame, e)),
            }
        }
    }

    /// Ticks from the stream's start to frame `frame`'s timestamp.
    fn pts_offset_of(&self, frame: i64) -> i64 {
        let rate = self.info.frame_rate;
        let (num, den) = self.time_base;
        rescale(
            frame,
            i64::from(rate.den()) * den,
            i64::from(rate.num()) * num,
        )
    }

    fn index_of_pts(&self, pts: i64) -> i64 {
        let rate = self.info.frame_rate;
        let (num, den) = self.time_base;
        rescale(
            pts - self.start_pts,
            num * i64::from(rate.num()),
            den * i64::from(rate.den()),
        )
    }

    fn convert_to_rgba(
        &mut self,
        frame: &ffmpeg::frame::Video,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, MediaError> {
        let rotation = self.info.rotation_degrees;
        let (scaled_w, scaled_h) = if rotation % 180 == 90 {
            (height, width)
        } else {
            (width, height)
        };
        let matrix = match frame.color_space() {
            ffmpeg::color::Space::BT709 => YuvMatrix::Bt709,
            ffmpeg::color::Space::BT470BG
            | ffmpeg::color::Space::SMPTE170M
            | ffmpeg::color::Space::FCC => YuvMatrix::Bt601,
            // Untagged video: HD is BT.709 by convention, SD BT.601.
            _ if frame.height() >= 720 => YuvMatrix::Bt709,
            _ => YuvMatrix::Bt601,
        };
        let full_range = frame.color_range() == ffmpeg::color::Range::JPEG;
        let key = (
            frame.format(),
            frame.width(),
            frame.height(),
            scaled_w,
            scaled_h,
            matrix,
            full_range,
        );
        let scaler = match self.scaler.take() {
            Some(s) if s.key == key => s,
            _ => {
                let mut context = scaling::Context::get(
                    key.0,
                    key.1,
                    key.2,
                    Pixel::RGBA,
                    scaled_w,
                    scaled_h,
                    scaling::Flags::BILINEAR,
                )
                .map_err(|e| self.decode_error(-1, e))?;
                set_yuv_matrix(&mut context, matrix, full_range, true);
                Scaler {
                    key,
                    context,
                    output: ffmpeg::frame::Video::new(Pixel::RGBA, scaled_w, scaled_h),
                }
            }
        };
        let mut scaler = scaler;
        let result = scaler.context.run(frame, &mut scaler.output);
        let image = result
            .ok()
            .and_then(|()| packed_rgba(&scaler.output, scaled_w, scaled_h));
        self.scaler = Some(scaler);
        let image = image.ok_or_else(|| MediaError::Decode {
            path: self.path.clone(),
            frame: self.last_index.unwrap_or(-1),
            message: "the scaler could not convert the frame to RGBA".to_owned(),
        })?;
        Ok(match rotation {
            90 => image::imageops::rotate90(&image),
            180 => image::imageops::rotate180(&image),
            270 => image::imageops::rotate270(&image),
            _ => image,
        })
    }

    fn past_end(&self, frame: i64) -> MediaError {
        MediaError::PastEnd {
            path: self.path.clone(),
            frame,
            frame_count: self.info.frame_count,
        }
    }

    fn decode_error(&self, frame: i64, e: ffmpeg::Error) -> MediaError {
        MediaError::Decode {
            path: self.path.clone(),
            frame,
            message: e.to_string(),
        }
    }
}

/// Copies an RGBA frame (rows padded to its stride) into a tight image.
fn packed_rgba(frame: &ffmpeg::frame::Video, width: u32, height: u32) -> Option<RgbaImage> {
    let stride = frame.stride(0);
    let row = width as usize * 4;
    let data = frame.data(0);
    if stride == row {
        return RgbaImage::from_raw(width, height, data.get(..row * height as usize)?.to_vec());
    }
    let mut pixels = Vec::with_capacity(row * height as usize);
    for y in 0..height as usize {
        pixels.extend_from_slice(data.get(y * stride..y * stride + row)?);
    }
    RgbaImage::from_raw(width, height, pixels)
}
