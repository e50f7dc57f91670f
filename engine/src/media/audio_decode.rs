//! Decoding a file's sound to the engine's one format: f32, 48 kHz, stereo.

use std::path::Path;

use ffmpeg::ChannelLayout;
use ffmpeg::format::Sample;
use ffmpeg::format::sample::Type as SampleType;
use ffmpeg::media::Type as MediaType;
use ffmpeg::software::resampling;
use ffmpeg_next as ffmpeg;

use super::probe::open_input;
use super::{AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, MediaError};

/// Sound decoded from a file's start, perhaps not to its end.
#[derive(Debug, Clone, Default)]
pub struct DecodedSound {
    /// Interleaved stereo f32 at 48 kHz.
    pub samples: Vec<f32>,
    /// True when the file's sound ended before the decoding stopped: the
    /// samples are the whole of it.
    pub whole: bool,
}

/// Decodes the best audio stream of `path` to interleaved stereo f32 at
/// 48 kHz (downmixing and resampling as needed), from the stream's start to
/// its end, however long that is: for tools and tests. The engine decodes
/// through [`decode_audio_until`], within the sound bank's budget.
pub fn decode_audio(path: &Path) -> Result<Vec<f32>, MediaError> {
    decode_audio_until(path, u64::MAX).map(|sound| sound.samples)
}

// ChannelLayout is Copy before FFmpeg 7 and a Clone-only struct from 7 on.
#[allow(clippy::clone_on_copy)]
/// As [`decode_audio`], stopping once `until` stereo samples are decoded:
/// what is held never grows past what was asked for, however long the file
/// is (or says it is).
pub fn decode_audio_until(path: &Path, until: u64) -> Result<DecodedSound, MediaError> {
    let cap = usize::try_from(until.saturating_mul(AUDIO_CHANNELS as u64)).unwrap_or(usize::MAX);
    let mut input = open_input(path)?;
    let error = |message: String| MediaError::Decode {
        path: path.to_path_buf(),
        frame: -1,
        message,
    };
    let stream = input
        .streams()
        .best(MediaType::Audio)
        .ok_or_else(|| MediaError::NoStream {
            path: path.to_path_buf(),
            kind: "audio",
        })?;
    let stream_index = stream.index();
    let codec = stream.parameters().id().name().to_owned();
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
        .and_then(|c| c.decoder().audio())
        .map_err(|_| MediaError::UnsupportedCodec {
            path: path.to_path_buf(),
            kind: "audio",
            codec,
        })?;
    let in_layout = if decoder.channel_layout().is_empty() {
        ChannelLayout::default(i32::from(decoder.channels()))
    } else {
        decoder.channel_layout()
    };
    let mut resampler = resampling::Context::get(
        decoder.format(),
        in_layout.clone(),
        decoder.rate(),
        Sample::F32(SampleType::Packed),
        ChannelLayout::STEREO,
        AUDIO_SAMPLE_RATE,
    )
    .map_err(|e| error(format!("cannot convert its sound ({e})")))?;

    let mut out = Vec::new();
    let mut decoded = ffmpeg::frame::Audio::empty();
    let mut input_done = false;
    loop {
        while decoder.receive_frame(&mut decoded).is_ok() {
            if decoded.channel_layout().is_empty() {
                decoded.set_channel_layout(in_layout.clone());
            }
            // A fresh output frame each time: the resampler sizes an empty
            // frame to the first input and would cap every later one.
            let mut converted = ffmpeg::frame::Audio::empty();
            resampler
                .run(&decoded, &mut converted)
                .map_err(|e| error(e.to_string()))?;
            append_interleaved(&converted, &mut out, cap);
            if out.len() >= cap {
                return Ok(DecodedSound {
                    samples: out,
                    whole: false,
                });
            }
        }
        if input_done {
            break;
        }
        let mut packet = ffmpeg::Packet::empty();
        match packet.read(&mut input) {
            Ok(()) if packet.stream() == stream_index => {
                // A damaged packet loses a few milliseconds, not the file.
                let _ = decoder.send_packet(&packet);
            }
            Ok(()) => {}
            Err(ffmpeg::Error::Eof) => {
                input_done = true;
                decoder.send_eof().map_err(|e| error(e.to_string()))?;
            }
            Err(e) => return Err(error(e.to_string())),
        }
    }
    loop {
        let mut tail =
            ffmpeg::frame::Audio::new(Sample::F32(SampleType::Packed), 4096, ChannelLayout::STEREO);
        resampler
            .flush(&mut tail)
            .map_err(|e| error(e.to_string()))?;
        if tail.samples() == 0 {
            break;
        }
        append_interleaved(&tail, &mut out, cap);
        if out.len() >= cap {
            return Ok(DecodedSound {
                samples: out,
                whole: false,
            });
        }
    }
    Ok(DecodedSound {
        samples: out,
        whole: true,
    })
}

/// Appends a converted frame's samples to `out`, never past `cap` samples.
fn append_interleaved(frame: &ffmpeg::frame::Audio, out: &mut Vec<f32>, cap: usize) {
    let wanted = frame.samples() * AUDIO_CHANNELS;
    let plane = frame.plane::<f32>(0);
    let samples = plane.get(..wanted).unwrap_or(plane);
    let room = cap.saturating_sub(out.len());
    out.extend_from_slice(samples.get(..room).unwrap_or(samples));
}
