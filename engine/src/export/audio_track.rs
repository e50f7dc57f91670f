//! The film's sound for export: for now, each clip card's own sound in place
//! and silence elsewhere (the mixer of audio lanes comes with the sound work).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::media::{self, AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, MediaError};
use crate::project::{CardContent, Project};
use crate::time::TimeRange;

/// Interleaved stereo samples for `range` of the film, exactly as long as the
/// range's frames (by the time module's rounding rule).
pub(super) fn film_audio(
    project: &Project,
    folder: &Path,
    range: TimeRange,
) -> Result<Vec<f32>, ExportError> {
    let rate = project.settings.frame_rate;
    let at = |frame: i64| rate.samples_at(frame, AUDIO_SAMPLE_RATE);
    let first = at(range.start);
    let length = (at(range.end()) - first).max(0) as usize;
    let mut mix = vec![0f32; length * AUDIO_CHANNELS];
    let mut decoded: HashMap<PathBuf, Vec<f32>> = HashMap::new();
    for card in &project.cards {
        let CardContent::Clip {
            media,
            source_start_frame,
            gain_db,
            muted,
        } = &card.content
        else {
            continue;
        };
        let shown = card.range_in_timeline.intersection(range);
        if *muted || shown.is_empty() {
            continue;
        }
        let path = media.resolve(folder);
        if !decoded.contains_key(&path) {
            let sound = match media::decode_audio(&path) {
                Ok(s) => s,
                // A clip without sound is silent, not an error.
                Err(MediaError::NoStream { .. }) => Vec::new(),
                Err(problem) => {
                    return Err(ExportError::Card {
                        card: card.describe(),
                        problem,
                    });
                }
            };
            decoded.insert(path.clone(), sound);
        }
        let Some(sound) = decoded.get(&path) else {
            continue;
        };
        let gain = 10f32.powf(gain_db / 20.0);
        let skipped = shown.start - card.range_in_timeline.start;
        let source_first = at(source_start_frame + skipped);
        let target_first = at(shown.start) - first;
        let count = at(shown.end()) - at(shown.start);
        for i in 0..count.max(0) {
            for channel in 0..AUDIO_CHANNELS {
                let s = ((source_first + i) as usize) * AUDIO_CHANNELS + channel;
                let t = ((target_first + i) as usize) * AUDIO_CHANNELS + channel;
                if let (Some(sample), Some(slot)) = (sound.get(s), mix.get_mut(t)) {
                    *slot += sample * gain;
                }
            }
        }
    }
    for sample in &mut mix {
        *sample = sample.clamp(-1.0, 1.0);
    }
    Ok(mix)
}
