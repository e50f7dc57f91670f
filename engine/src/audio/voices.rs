//! Where every sound of the film plays: the voices a mixer sums.
//!
//! - Audio-lane clips play where they sit, with their own and their lane's
//!   gain, their fades, and the lanes' mute and solo.
//! - Clip cards play their own sound under their picture. Where a gap joins
//!   two clip cards that both have sound, the first one's sound carries on
//!   into the gap and fades out while the second one's starts early and
//!   fades in (equal power: the tail of one under the head of the other). A
//!   Hold or Cut gap cuts the sound where the picture cuts, with a short fade
//!   each side. Other edges get a declicking fade of 2 ms.
//! - Sound that runs on past the film's last card ends with the film,
//!   fading out over its last second.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::fade::{equal_power_in, equal_power_out};
use super::{CHANNELS, SAMPLE_RATE, SoundBank, db_to_gain};
use crate::project::{AudioClip, Card, CardContent, GapKey, GapMode, MediaRef, Project};
use crate::time::FrameRate;
use crate::timeline::Layout;

/// The fade each side of a cut in sound (10 ms).
pub const SHORT_FADE_SAMPLES: i64 = 480;
/// The fade at a sound's plain start or end, against clicks (2 ms).
const DECLICK_SAMPLES: i64 = 96;
/// How long sound running on past the film's last card takes to fade out,
/// ending as the film ends (1 s).
pub const FILM_END_FADE_SAMPLES: i64 = 48_000;

/// One sound placed on the film.
#[derive(Debug, Clone)]
pub struct Voice {
    /// Interleaved stereo samples.
    pub source: Arc<[f32]>,
    /// The first film sample it plays (inclusive).
    pub start: i64,
    /// The film sample after its last.
    pub end: i64,
    /// The source sample (a stereo pair's index) heard at film sample 0:
    /// at film sample `t` it plays source sample `t + offset`.
    pub offset: i64,
    /// Its gain (a factor).
    pub gain: f32,
    /// The fade in: silent at the first film sample, full at the second.
    pub fade_in: (i64, i64),
    /// The fade out: full at the first film sample, silent at the second.
    pub fade_out: (i64, i64),
}

impl Voice {
    /// Its gain at film sample `t`, fades included (0 outside it).
    pub fn gain_at(&self, t: i64) -> f32 {
        if t < self.start || t >= self.end {
            return 0.0;
        }
        let mut gain = self.gain;
        let (a, b) = self.fade_in;
        if t < b {
            gain *= equal_power_in((t - a) as f32 / (b - a).max(1) as f32);
        }
        let (a, b) = self.fade_out;
        if t >= a {
            gain *= equal_power_out((t - a) as f32 / (b - a).max(1) as f32);
        }
        gain
    }

    /// The source's sample for film sample `t` on `channel` (0 past its ends).
    pub fn sample(&self, t: i64, channel: usize) -> f32 {
        let index = t + self.offset;
        if index < 0 {
            return 0.0;
        }
        self.source
            .get(index as usize * CHANNELS + channel)
            .copied()
            .unwrap_or(0.0)
    }
}

/// How much of its file's sound (stereo samples from the file's start) an
/// audio-lane clip plays.
pub fn clip_sound_until(rate: FrameRate, clip: &AudioClip) -> i64 {
    rate.samples_at(
        clip.source_start_frame
            .saturating_add(clip.range_in_timeline.duration),
        SAMPLE_RATE,
    )
}

/// How much of its file's sound a clip card whose sound starts at source
/// frame `source_start_frame` plays: its own length, and on through the
/// gap after it, where its sound may carry on under the next.
fn card_sound_until(rate: FrameRate, layout: &Layout, card: &Card, source_start_frame: i64) -> i64 {
    let gap = layout
        .gap_after(card.id)
        .map_or(0, |g| g.range_in_timeline.duration);
    let frames = source_start_frame
        .saturating_add(card.range_in_timeline.duration)
        .saturating_add(gap);
    rate.samples_at(frames, SAMPLE_RATE)
}

/// Every file whose sound `project` may play, once each, with the most any
/// of its uses plays (stereo samples from the file's start). Muted cards
/// count: their waveform is still drawn.
pub fn sound_uses(project: &Project) -> Vec<(MediaRef, i64)> {
    let rate = project.settings.frame_rate;
    let layout = Layout::of(project);
    let lanes = project
        .audio_lanes
        .iter()
        .flat_map(|l| &l.clips)
        .map(|c| (&c.media, clip_sound_until(rate, c)));
    let cards = project.cards.iter().filter_map(|c| match &c.content {
        CardContent::Clip {
            media,
            source_start_frame,
            ..
        } => Some((
            media,
            card_sound_until(rate, &layout, c, *source_start_frame),
        )),
        _ => None,
    });
    let mut most: BTreeMap<&MediaRef, i64> = BTreeMap::new();
    for (media, until) in lanes.chain(cards) {
        let entry = most.entry(media).or_default();
        *entry = (*entry).max(until);
    }
    most.into_iter()
        .map(|(m, until)| (m.clone(), until))
        .collect()
}

/// Every voice of `project` (media relative to `folder`), sounds decoded
/// through `bank`.
///
/// `held` are the Auto gaps that hold and cut (different scenes): their sound
/// cuts like a Cut gap's.
pub fn voices(
    project: &Project,
    folder: &Path,
    bank: &mut SoundBank,
    held: &HashSet<GapKey>,
) -> Vec<Voice> {
    let rate = project.settings.frame_rate;
    let at = |frame: i64| rate.samples_at(frame, SAMPLE_RATE);
    let mut out = Vec::new();
    let solo = project.audio_lanes.iter().any(|l| l.solo);
    let film_end = at(project.duration_frames());
    for lane in &project.audio_lanes {
        if lane.muted || (solo && !lane.solo) {
            continue;
        }
        for clip in &lane.clips {
            let user = format!("{} on {} \"{}\"", clip.id, lane.id, lane.name);
            let until = clip_sound_until(rate, clip);
            let Some(source) = bank.sound(folder, &clip.media, &user, until) else {
                continue;
            };
            let (start, end) = (
                at(clip.range_in_timeline.start),
                at(clip.range_in_timeline.end()),
            );
            let fade_in = at(clip.fade_in_frames).max(DECLICK_SAMPLES);
            let mut fade_out = at(clip.fade_out_frames).max(DECLICK_SAMPLES);
            // Sound running on past the film ends with it, fading out.
            let end = if end > film_end && start < film_end {
                fade_out = fade_out.max(FILM_END_FADE_SAMPLES.min(film_end - start));
                film_end
            } else {
                end
            };
            out.push(Voice {
                source,
                start,
                end,
                offset: at(clip.source_start_frame) - start,
                gain: db_to_gain(clip.gain_db) * db_to_gain(lane.gain_db),
                fade_in: (start, start + fade_in),
                fade_out: (end - fade_out, end),
            });
        }
    }
    // Solo on a lane silences everything else, the cards' own sound too.
    if !solo {
        card_voices(project, folder, bank, held, &mut out);
    }
    out
}

/// A clip card's sound, if it has any and is not muted.
fn card_sound(
    folder: &Path,
    bank: &mut SoundBank,
    layout: &Layout,
    rate: FrameRate,
    card: &Card,
) -> Option<(Arc<[f32]>, i64, f32)> {
    let CardContent::Clip {
        media,
        source_start_frame,
        gain_db,
        muted,
    } = &card.content
    else {
        return None;
    };
    if *muted {
        return None;
    }
    let until = card_sound_until(rate, layout, card, *source_start_frame);
    let source = bank.sound(folder, media, &card.describe(), until)?;
    Some((source, *source_start_frame, db_to_gain(*gain_db)))
}

fn card_voices(
    project: &Project,
    folder: &Path,
    bank: &mut SoundBank,
    held: &HashSet<GapKey>,
    out: &mut Vec<Voice>,
) {
    let rate = project.settings.frame_rate;
    let at = |frame: i64| rate.samples_at(frame, SAMPLE_RATE);
    let layout = Layout::of(project);
    let mut placed: Vec<(usize, Voice)> = Vec::new();
    for (index, card) in project.cards.iter().enumerate() {
        let Some((source, source_start, gain)) = card_sound(folder, bank, &layout, rate, card)
        else {
            continue;
        };
        let (start, end) = (
            at(card.range_in_timeline.start),
            at(card.range_in_timeline.end()),
        );
        placed.push((
            index,
            Voice {
                source,
                start,
                end,
                offset: at(source_start) - start,
                gain,
                fade_in: (start, start + DECLICK_SAMPLES),
                fade_out: (end - DECLICK_SAMPLES, end),
            },
        ));
    }
    // Join the sound of neighbours that both have it, through their gap.
    for pair in 1..placed.len() {
        let (a_index, b_index) = (placed[pair - 1].0, placed[pair].0);
        if b_index != a_index + 1 {
            continue;
        }
        let (a_card, b_card) = (&project.cards[a_index], &project.cards[b_index]);
        let Some(gap) = layout
            .gap_after(a_card.id)
            .filter(|g| g.key.to_card == b_card.id)
        else {
            continue;
        };
        let (gap_start, gap_end) = (
            at(gap.range_in_timeline.start),
            at(gap.range_in_timeline.end()),
        );
        let mode = match project.gap_settings(gap.key).mode {
            GapMode::Auto if held.contains(&gap.key) => GapMode::Cut,
            mode => mode,
        };
        // Where each side has sound: the second from its file's first
        // sample, the first until its file's last.
        let (a_voice, b_voice) = (&placed[pair - 1].1, &placed[pair].1);
        let b_from = -b_voice.offset;
        let a_until = (a_voice.source.len() / CHANNELS) as i64 - a_voice.offset;
        let window = (gap_start.max(b_from), gap_end.min(a_until));
        let cut = match mode {
            // The picture's cut: its first frame of the next shot.
            // A cut, or a fade (silent at its middle, where the picture is
            // the colour).
            GapMode::Cut | GapMode::FadeThroughBlack | GapMode::FadeThroughWhite => Some(at(gap
                .range_in_timeline
                .start
                + gap.range_in_timeline.duration / 2)),
            GapMode::Hold => Some(gap_end),
            // Not enough of both for a crossfade: cut where the second can start.
            _ if window.1 - window.0 < SHORT_FADE_SAMPLES => {
                Some(window.0.clamp(gap_start, gap_end))
            }
            _ => None,
        };
        let (fade_out, fade_in) = match cut {
            Some(cut) => (
                (cut - SHORT_FADE_SAMPLES, cut),
                (cut, cut + SHORT_FADE_SAMPLES),
            ),
            None => (window, window),
        };
        let a = &mut placed[pair - 1].1;
        a.end = fade_out.1;
        a.fade_out = fade_out;
        let b = &mut placed[pair].1;
        // Start early, but not before the source's own first sample.
        b.start = fade_in.0.max(b_from).min(b.start);
        b.fade_in = (fade_in.0.max(b.start), fade_in.1.max(b.start + 1));
    }
    out.extend(placed.into_iter().map(|(_, v)| v));
}
