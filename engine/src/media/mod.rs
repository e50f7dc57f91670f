//! Media I/O: probing, frame-exact video decoding, audio decoding, still
//! images, and writing films. FFmpeg (through ffmpeg-next) does video and
//! sound; the `image` crate does stills. All `unsafe` is in `ffi.rs`.
//!
//! Colour: video is read with the YUV matrix it is tagged with (untagged HD
//! as BT.709, SD as BT.601) and films are written BT.709, tagged, never with
//! swscale's silent BT.601 default.

mod audio_decode;
mod decoder_pool;
mod error;
mod ffi;
mod film_writer;
mod image_load;
mod probe;
mod video_reader;

use std::sync::Once;

pub use audio_decode::{DecodedSound, decode_audio, decode_audio_until};
pub use decoder_pool::{DecoderPool, FrameKey};
pub use error::MediaError;
pub use film_writer::{FilmWriter, VideoCodecSettings};
pub use image_load::{
    PICTURE_MAX_SIDE, check_picture_size, load_image, load_picture, load_picture_for,
    picture_problem, picture_size,
};
pub use probe::{AudioInfo, MediaInfo, VideoInfo, probe};
pub use video_reader::VideoReader;

/// The sample rate of every sound inside the engine.
pub const AUDIO_SAMPLE_RATE: u32 = 48_000;
/// The channel count of every sound inside the engine (interleaved L, R).
pub const AUDIO_CHANNELS: usize = 2;

/// Initialises FFmpeg once and quietens its logging to errors.
pub(crate) fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // Initialisation only registers codecs; it cannot fail on FFmpeg ≥ 4.
        let _ = ffmpeg_next::init();
        // Our errors say what went wrong; FFmpeg's own log lines would only
        // repeat it on stderr in its words.
        ffmpeg_next::util::log::set_level(ffmpeg_next::util::log::Level::Fatal);
    });
}
