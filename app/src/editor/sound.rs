//! Sound in the editor: the engine's mixer played through rodio. A rodio
//! `Source` ([`MixSource`]) pulls blocks from the mixer on rodio's own
//! thread; the samples it has handed out are the audio clock that playback
//! follows. With no output device the editor plays silently and says so; the
//! same source runs against a device-less rodio player in the tests.

use std::num::NonZero;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbetween_engine::audio::{
    CHANNELS, Limiter, Mixer, SAMPLE_RATE, equal_power_in, equal_power_out,
};
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Player, Source};

use super::lock;

/// Samples (stereo pairs) mixed at a time: 21 ms.
const BLOCK: usize = 1024;
/// A scrub snippet's length in blocks (64 ms).
const SNIPPET_BLOCKS: usize = 3;

/// What the mixing thread works from.
struct State {
    mixer: Arc<Mixer>,
    limiter: Limiter,
    /// The film sample the next block starts at.
    position: i64,
    playing: bool,
    /// Samples handed to the device since playback last started.
    played: i64,
    /// A scrub snippet: how many blocks are left to play (then it stops).
    snippet: Option<usize>,
}

/// The sound output: a device, or silence with the reason.
pub struct SoundOutput {
    shared: Arc<Mutex<State>>,
    /// Kept open while the editor runs (dropping it stops the sound).
    _device: Option<(MixerDeviceSink, Player)>,
    /// Why there is no sound, when there is none.
    pub unavailable: Option<String>,
    /// Samples the device holds before they are heard, as far as it says
    /// (its buffer's period), taken off the clock.
    device_latency: i64,
}

impl SoundOutput {
    /// Opens the default output device; without one, a silent output that
    /// says why.
    pub fn open() -> Self {
        let shared = new_state();
        match DeviceSinkBuilder::open_default_sink() {
            Ok(mut device) => {
                device.log_on_drop(false);
                let device_latency = match device.config().buffer_size() {
                    rodio::cpal::BufferSize::Fixed(frames) => i64::from(*frames),
                    rodio::cpal::BufferSize::Default => 0,
                };
                let player = Player::connect_new(device.mixer());
                player.append(MixSource::new(Arc::clone(&shared)));
                player.play();
                Self {
                    shared,
                    _device: Some((device, player)),
                    unavailable: None,
                    device_latency,
                }
            }
            Err(e) => Self::silent(shared, format!("No sound output ({e}): playing silently")),
        }
    }

    /// An output with no device (tests, or the user turned sound off).
    pub fn without_device(reason: &str) -> Self {
        Self::silent(new_state(), reason.to_owned())
    }

    fn silent(shared: Arc<Mutex<State>>, reason: String) -> Self {
        Self {
            shared,
            _device: None,
            unavailable: Some(reason),
            device_latency: 0,
        }
    }

    /// A source pulling from this output's mixer (for a device-less player).
    #[cfg(test)]
    pub fn source(&self) -> MixSource {
        MixSource::new(Arc::clone(&self.shared))
    }

    /// The device's buffer, as its driver reports it (for measurements).
    pub fn device_buffer(&self) -> Option<String> {
        let (device, _) = self._device.as_ref()?;
        Some(format!("{:?}", device.config().buffer_size()))
    }

    /// How many samples have been handed to the device since the last
    /// start (for measurements).
    pub fn samples_played(&self) -> i64 {
        lock(&self.shared).played
    }

    /// True when sound is really being played (so its clock counts).
    pub fn has_device(&self) -> bool {
        self._device.is_some()
    }

    /// Uses a new mix (the document changed); playback goes on where it is.
    pub fn set_mixer(&self, mixer: Arc<Mixer>) {
        lock(&self.shared).mixer = mixer;
    }

    /// Starts playing from film sample `sample`.
    pub fn play_from(&self, sample: i64) {
        let mut state = lock(&self.shared);
        state.snippet = None;
        state.position = sample;
        state.played = 0;
        state.limiter = Limiter::default();
        state.playing = true;
    }

    /// Stops (the device then plays silence).
    pub fn stop(&self) {
        let mut state = lock(&self.shared);
        state.playing = false;
        state.snippet = None;
    }

    /// Plays a short snippet (64 ms) from film sample `sample`, faded in
    /// and out so it does not click: what scrubbing sounds like.
    pub fn snippet(&self, sample: i64) {
        let mut state = lock(&self.shared);
        state.position = sample;
        state.played = 0;
        state.limiter = Limiter::default();
        state.playing = true;
        state.snippet = Some(SNIPPET_BLOCKS);
    }

    /// How long has been heard since [`Self::play_from`]: the samples
    /// handed to the device, less the block being mixed and the device's
    /// buffer: the clock the picture follows. None before the first block,
    /// or with no device.
    pub fn clock(&self) -> Option<Duration> {
        if !self.has_device() {
            return None;
        }
        let state = lock(&self.shared);
        if !state.playing || state.played == 0 {
            return None;
        }
        let heard = (state.played - BLOCK as i64 - self.device_latency).max(0);
        Some(Duration::from_secs_f64(
            heard as f64 / f64::from(SAMPLE_RATE),
        ))
    }
}

fn new_state() -> Arc<Mutex<State>> {
    Arc::new(Mutex::new(State {
        mixer: Arc::new(Mixer::default()),
        limiter: Limiter::default(),
        position: 0,
        playing: false,
        played: 0,
        snippet: None,
    }))
}

/// The mix as a rodio source: endless, silent while stopped.
pub struct MixSource {
    shared: Arc<Mutex<State>>,
    block: Vec<f32>,
    at: usize,
}

impl MixSource {
    fn new(shared: Arc<Mutex<State>>) -> Self {
        Self {
            shared,
            block: vec![0.0; BLOCK * CHANNELS],
            at: BLOCK * CHANNELS,
        }
    }

    fn refill(&mut self) {
        let mut state = lock(&self.shared);
        if state.playing {
            let mixer = Arc::clone(&state.mixer);
            mixer.mix(state.position, &mut self.block);
            state.limiter.process(&mut self.block);
            state.position += BLOCK as i64;
            state.played += BLOCK as i64;
            if let Some(left) = state.snippet {
                // Fade in over the first block, out over the last.
                let fade = |block: &mut [f32], rising: bool| {
                    for (i, frame) in block.chunks_exact_mut(CHANNELS).enumerate() {
                        let x = i as f32 / BLOCK as f32;
                        let gain = if rising {
                            equal_power_in(x)
                        } else {
                            equal_power_out(x)
                        };
                        frame.iter_mut().for_each(|s| *s *= gain);
                    }
                };
                if left == SNIPPET_BLOCKS {
                    fade(&mut self.block, true);
                }
                if left <= 1 {
                    fade(&mut self.block, false);
                    state.playing = false;
                    state.snippet = None;
                } else {
                    state.snippet = Some(left - 1);
                }
            }
        } else {
            self.block.fill(0.0);
        }
        self.at = 0;
    }
}

impl Iterator for MixSource {
    type Item = rodio::Sample;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.block.len() {
            self.refill();
        }
        let sample = self.block.get(self.at).copied().unwrap_or(0.0);
        self.at += 1;
        Some(sample)
    }
}

impl Source for MixSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(CHANNELS as u16).unwrap_or(NonZero::<u16>::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(SAMPLE_RATE).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use inbetween_engine::audio::{SoundBank, Voice};

    use super::*;

    /// A mixer with one voice: a ramp at film samples 1000..1000+n.
    fn ramp_mixer(n: usize) -> Arc<Mixer> {
        let samples: Vec<f32> = (0..n)
            .flat_map(|i| [i as f32 / n as f32 * 0.5; 2])
            .collect();
        let mut bank = SoundBank::default();
        bank.insert(PathBuf::from("/x/ramp.wav"), samples.clone());
        Arc::new(Mixer::from_voices(vec![Voice {
            source: Arc::from(samples),
            start: 1000,
            end: 1000 + n as i64,
            offset: -1000,
            gain: 1.0,
            fade_in: (1000, 1001),
            fade_out: (1000 + n as i64, 1001 + n as i64),
        }]))
    }

    #[test]
    fn the_source_plays_the_mix_from_where_playback_starts_through_a_null_player() {
        let output = SoundOutput::without_device("test");
        output.set_mixer(ramp_mixer(8000));
        // rodio's own player with no device: we pull its output by hand.
        let (player, mut queue) = Player::new();
        player.append(output.source());
        player.play();
        // Stopped: silence.
        let silent: Vec<f32> = queue.by_ref().take(4096).collect();
        assert!(silent.iter().all(|s| *s == 0.0));
        output.play_from(1000 + 4000);
        // Skip what was mixed before the start (a block of silence may be queued).
        let played: Vec<f32> = queue.by_ref().take(2 * BLOCK * CHANNELS).collect();
        let first = played.iter().position(|s| *s != 0.0).unwrap();
        assert!(first % BLOCK * CHANNELS == 0 || first < BLOCK * CHANNELS);
        // The ramp from its 4000th sample on: 0.25 and rising.
        assert!((played[first] - 0.25).abs() < 1e-3, "{}", played[first]);
        assert!(played[first + 2] > played[first]);
        output.stop();
        let after: Vec<f32> = queue.by_ref().skip(BLOCK * CHANNELS).take(1024).collect();
        assert!(after.iter().all(|s| *s == 0.0), "stopped again");
    }

    #[test]
    fn a_scrub_snippet_is_short_and_fades_in_and_out() {
        let output = SoundOutput::without_device("test");
        // A constant level everywhere it is pulled from.
        output.set_mixer(Arc::new(Mixer::from_voices(vec![Voice {
            source: Arc::from(vec![0.5f32; 200_000]),
            start: 0,
            end: 100_000,
            offset: 0,
            gain: 1.0,
            fade_in: (0, 1),
            fade_out: (100_000, 100_001),
        }])));
        let mut source = output.source();
        // Drain the block mixed while stopped.
        let _: Vec<f32> = source.by_ref().take(BLOCK * CHANNELS).collect();
        output.snippet(40_000);
        let pulled: Vec<f32> = source
            .by_ref()
            .take((SNIPPET_BLOCKS + 2) * BLOCK * CHANNELS)
            .collect();
        let left: Vec<f32> = pulled.iter().step_by(2).copied().collect();
        assert!(left[0].abs() < 0.01, "starts from silence");
        assert!((left[BLOCK + 10] - 0.5).abs() < 1e-6, "full in the middle");
        let end = SNIPPET_BLOCKS * BLOCK;
        assert!(left[end - 1].abs() < 0.01, "ends in silence");
        assert!(left[end..].iter().all(|s| *s == 0.0), "then stops");
    }

    #[test]
    fn with_no_device_there_is_no_clock_and_a_reason() {
        let output = SoundOutput::without_device("No sound output: testing");
        output.play_from(0);
        assert_eq!(output.clock(), None);
        assert!(
            output
                .unavailable
                .as_deref()
                .is_some_and(|r| r.contains("No sound"))
        );
    }
}
