//! The film's sound: every source placed sample-exactly against the
//! project's frame clock, with gains, equal-power fades, crossfades through
//! gaps, dips of the whole mix where the picture fades through black or
//! white ([`dips`]), and a limiter on the master so the mix never clips.
//!
//! A [`Mixer`] is built once per document version ([`Mixer::for_project`]):
//! it decodes each sound file once ([`SoundBank`]) and lays out the
//! [`Voice`]s (audio-lane clips and clip cards' own sound). Any window of the
//! film can then be mixed ([`Mixer::mix`]), for playback from any point and
//! for export. Everything is f32, 48 kHz, interleaved stereo.

mod bank;
mod beats;
mod dips;
mod fade;
mod limiter;
mod mixer;
mod voices;
mod wav;
mod waveform;

pub use bank::{SOUND_MAX_SECONDS, SoundBank, SoundProblem};
pub use beats::detect_beats;
pub use dips::{Dip, dips};
pub use fade::{equal_power_in, equal_power_out};
pub use limiter::{LIMIT, Limiter};
pub use mixer::{MixStream, Mixer, held_gaps};
pub use voices::{
    FILM_END_FADE_SAMPLES, SHORT_FADE_SAMPLES, Voice, clip_sound_until, sound_uses, voices,
};
pub use wav::{write_wav, write_wav_header, write_wav_samples};
pub use waveform::Waveform;

/// Samples a second.
pub const SAMPLE_RATE: u32 = crate::media::AUDIO_SAMPLE_RATE;
/// Channels (left, right), interleaved.
pub const CHANNELS: usize = crate::media::AUDIO_CHANNELS;

/// A gain in decibels as a factor.
pub fn db_to_gain(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}
