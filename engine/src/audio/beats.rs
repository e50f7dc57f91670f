//! Beats, as markers to time cards to: an onset-strength detector (the rise
//! of a sound's loudness, frame by frame) with an adaptive threshold.

use super::{CHANNELS, SAMPLE_RATE};

/// Loudness is measured every this many samples (10.7 ms at 48 kHz)...
const HOP: usize = 512;
/// ...over this many samples.
const WINDOW: usize = 1024;
/// Onsets closer than this (seconds) count once: the first.
const MIN_SPACING: f64 = 0.1;
/// An onset must stand this many deviations above its neighbourhood.
const SENSITIVITY: f32 = 1.5;
/// The neighbourhood the threshold is taken from (seconds each side).
const NEIGHBOURHOOD: f64 = 0.5;

/// The stereo samples where beats (onsets) start in interleaved stereo
/// `samples` at 48 kHz.
pub fn detect_beats(samples: &[f32]) -> Vec<i64> {
    let mono: Vec<f32> = samples
        .chunks_exact(CHANNELS)
        .map(|s| s.iter().sum::<f32>() / CHANNELS as f32)
        .collect();
    if mono.len() < WINDOW * 2 {
        return Vec::new();
    }
    // Log loudness of each hop's window, and how much it rose.
    let loudness: Vec<f32> = (0..(mono.len() - WINDOW) / HOP)
        .map(|i| {
            let w = &mono[i * HOP..i * HOP + WINDOW];
            let energy = w.iter().map(|s| s * s).sum::<f32>() / WINDOW as f32;
            (energy + 1e-8).ln()
        })
        .collect();
    let rise: Vec<f32> = std::iter::once(0.0)
        .chain(loudness.windows(2).map(|w| (w[1] - w[0]).max(0.0)))
        .collect();
    let hops_per_second = f64::from(SAMPLE_RATE) / HOP as f64;
    let reach = (NEIGHBOURHOOD * hops_per_second) as usize;
    let spacing = (MIN_SPACING * hops_per_second).ceil() as usize;
    let mut beats = Vec::new();
    let mut last: Option<usize> = None;
    for i in 1..rise.len() {
        let around = &rise[i.saturating_sub(reach)..(i + reach + 1).min(rise.len())];
        let mean = around.iter().sum::<f32>() / around.len() as f32;
        let deviation =
            (around.iter().map(|r| (r - mean).powi(2)).sum::<f32>() / around.len() as f32).sqrt();
        let is_peak = rise[i] >= rise[i - 1] && rise.get(i + 1).is_none_or(|next| rise[i] > *next);
        // At least a 1 dB rise (0.23 in log energy), well above the neighbourhood.
        if is_peak
            && rise[i] > 0.23
            && rise[i] > mean + SENSITIVITY * deviation
            && last.is_none_or(|l| i - l >= spacing)
        {
            // It rose in window i, not in window i - 1: it starts in the
            // last hop of window i; take that hop's middle.
            beats.push((i * HOP + WINDOW - HOP / 2) as i64);
            last = Some(i);
        }
    }
    beats
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clicks (short decaying bursts) at `at` seconds over a quiet hiss.
    fn clicks(at: &[f64], seconds: f64) -> Vec<f32> {
        let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
        let mut state = 7u64;
        let mut mono: Vec<f32> = (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.01
            })
            .collect();
        for t in at {
            let start = (t * f64::from(SAMPLE_RATE)) as usize;
            for k in 0..2400 {
                if let Some(s) = mono.get_mut(start + k) {
                    *s += 0.6 * (-(k as f32) / 400.0).exp() * ((k as f32) * 0.3).sin();
                }
            }
        }
        mono.into_iter().flat_map(|s| [s, s]).collect()
    }

    #[test]
    fn clicks_are_found_where_they_are_and_nothing_else() {
        let at: Vec<f64> = (0..10).map(|i| 0.3 + 0.5 * i as f64).collect();
        let beats = detect_beats(&clicks(&at, 5.5));
        assert_eq!(beats.len(), at.len(), "{beats:?}");
        for (found, t) in beats.iter().zip(&at) {
            let want = (t * f64::from(SAMPLE_RATE)) as i64;
            assert!((found - want).abs() <= HOP as i64, "{found} for {want}");
        }
        assert!(
            detect_beats(&clicks(&[], 3.0)).is_empty(),
            "hiss has no beats"
        );
        assert!(detect_beats(&[]).is_empty());
    }
}
