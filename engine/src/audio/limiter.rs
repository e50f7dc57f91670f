//! The master limiter: instant attack, so no sample ever passes the limit,
//! and a smooth release back to unity gain.

use super::{CHANNELS, SAMPLE_RATE};

/// The loudest a mixed sample may be (about -0.2 dBFS).
pub const LIMIT: f32 = 0.977;
/// How long the gain takes to come most of the way back (seconds).
const RELEASE_SECONDS: f32 = 0.08;

/// A limiter's state, carried from one block to the next.
#[derive(Debug, Clone)]
pub struct Limiter {
    gain: f32,
    release: f32,
}

impl Default for Limiter {
    fn default() -> Self {
        Self {
            gain: 1.0,
            release: 1.0 - (-1.0 / (RELEASE_SECONDS * SAMPLE_RATE as f32)).exp(),
        }
    }
}

impl Limiter {
    /// Limits interleaved stereo `samples` in place.
    pub fn process(&mut self, samples: &mut [f32]) {
        for frame in samples.chunks_exact_mut(CHANNELS) {
            let peak = frame.iter().fold(0f32, |m, s| m.max(s.abs()));
            let wanted = if peak > LIMIT { LIMIT / peak } else { 1.0 };
            if wanted < self.gain {
                self.gain = wanted;
            } else {
                self.gain += (wanted - self.gain) * self.release;
            }
            for s in frame.iter_mut() {
                // Guard against rounding: never past the limit.
                *s = (*s * self.gain).clamp(-LIMIT, LIMIT);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loud_input_never_passes_the_limit_and_quiet_input_is_untouched() {
        let mut limiter = Limiter::default();
        let mut quiet: Vec<f32> = (0..4800).map(|i| 0.5 * (i as f32 * 0.05).sin()).collect();
        let original = quiet.clone();
        limiter.process(&mut quiet);
        assert_eq!(quiet, original);
        let mut loud: Vec<f32> = (0..48_000).map(|i| 3.0 * (i as f32 * 0.05).sin()).collect();
        limiter.process(&mut loud);
        assert!(loud.iter().all(|s| s.abs() <= LIMIT));
        // After the loud part, the gain comes back.
        let mut after: Vec<f32> = (0..48_000).map(|i| 0.5 * (i as f32 * 0.05).sin()).collect();
        limiter.process(&mut after);
        let tail = &after[40_000..];
        let peak = tail.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.49, "released: {peak}");
    }
}
