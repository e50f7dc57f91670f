//! Waveforms for drawing: the lowest and highest sample of each short span
//! of a sound (left and right mixed), enough to draw it at any zoom by
//! taking the extremes of neighbouring spans.

use super::CHANNELS;

/// A sound's outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Waveform {
    /// How many stereo samples each peak covers.
    pub samples_per_peak: usize,
    /// (lowest, highest) of each span, in order.
    pub peaks: Vec<(f32, f32)>,
}

impl Waveform {
    /// The outline of interleaved stereo `samples`, one peak per
    /// `samples_per_peak` stereo samples.
    pub fn of(samples: &[f32], samples_per_peak: usize) -> Self {
        let span = samples_per_peak.max(1) * CHANNELS;
        let peaks = samples
            .chunks(span)
            .map(|chunk| {
                chunk
                    .chunks_exact(CHANNELS)
                    .map(|s| s.iter().sum::<f32>() / CHANNELS as f32)
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                        (lo.min(v), hi.max(v))
                    })
            })
            .map(|(lo, hi)| if lo > hi { (0.0, 0.0) } else { (lo, hi) })
            .collect();
        Self {
            samples_per_peak: samples_per_peak.max(1),
            peaks,
        }
    }

    /// (lowest, highest) over stereo samples `from..to` of the sound.
    pub fn range(&self, from: i64, to: i64) -> (f32, f32) {
        let first = (from.max(0) as usize) / self.samples_per_peak;
        let last = ((to.max(0) as usize).div_ceil(self.samples_per_peak)).min(self.peaks.len());
        self.peaks
            .get(first..last.max(first))
            .unwrap_or_default()
            .iter()
            .fold((0f32, 0f32), |(lo, hi), p| (lo.min(p.0), hi.max(p.1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_hold_the_extremes_of_each_span() {
        // Left and right: a ramp and its negative plus a spike.
        let mut samples = Vec::new();
        for i in 0..1000 {
            let v = i as f32 / 1000.0;
            samples.extend([v, v]);
        }
        samples[2 * 700] = -1.0;
        samples[2 * 700 + 1] = -1.0;
        let w = Waveform::of(&samples, 100);
        assert_eq!(w.peaks.len(), 10);
        assert_eq!(w.peaks[0], (0.0, 0.099));
        assert_eq!(w.peaks[7].0, -1.0);
        assert_eq!(w.range(650, 760), (-1.0, 0.799));
        assert_eq!(w.range(5000, 6000), (0.0, 0.0), "past the end is silent");
    }
}
