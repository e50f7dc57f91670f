//! Summing the voices over any window of the film.

use std::collections::HashSet;
use std::path::Path;

use super::{CHANNELS, Dip, Limiter, SAMPLE_RATE, SoundBank, Voice, dips, voices};
use crate::r#gen::scene::is_cut;
use crate::project::{CardContent, GapKey, GapMode, Project};
use crate::render::Compositor;
use crate::time::TimeRange;
use crate::timeline::Layout;

/// The Auto gaps between two clip cards that hold and cut because their
/// sides are different scenes (judged as the motion model judges, on small
/// renders of the two sides).
pub fn held_gaps(project: &Project, compositor: &Compositor) -> HashSet<GapKey> {
    let is_clip = |id| {
        project
            .card(id)
            .is_some_and(|c| matches!(c.content, CardContent::Clip { .. }))
    };
    Layout::of(project)
        .gaps()
        .iter()
        .filter(|g| project.gap_settings(g.key).mode == GapMode::Auto)
        .filter(|g| is_clip(g.key.from_card) && is_clip(g.key.to_card))
        .filter(|g| {
            compositor
                .gap_boundaries(project, g, 160, 90)
                .is_ok_and(|(a, b)| is_cut(&a, &b))
        })
        .map(|g| g.key)
        .collect()
}

/// The film's limited mix, a block at a time ([`Mixer::stream`]).
pub struct MixStream<'a> {
    mixer: &'a Mixer,
    rate: crate::time::FrameRate,
    next: i64,
    limiter: Limiter,
}

impl MixStream<'_> {
    /// The samples up to the start of frame `end` (interleaved stereo),
    /// continuing from where the last block ended.
    pub fn until(&mut self, end: i64) -> Vec<f32> {
        let to = self.rate.samples_at(end, SAMPLE_RATE);
        let length = (to - self.next).max(0) as usize;
        let mut out = vec![0f32; length * CHANNELS];
        self.mixer.mix(self.next, &mut out);
        self.limiter.process(&mut out);
        self.next = to.max(self.next);
        out
    }
}

/// The film's sound, ready to be mixed anywhere.
#[derive(Debug, Clone, Default)]
pub struct Mixer {
    voices: Vec<Voice>,
    dips: Vec<Dip>,
}

impl Mixer {
    /// The mixer of `project` (media relative to `folder`), decoding sound
    /// through `bank` (files it already holds are not decoded again). Auto
    /// gaps crossfade: see [`Self::for_film`] for the film's own mix.
    pub fn for_project(project: &Project, folder: &Path, bank: &mut SoundBank) -> Self {
        Self::from_voices(voices(project, folder, bank, &HashSet::new())).with_dips(dips(project))
    }

    /// The film's mix: as [`Self::for_project`], and an Auto gap whose two
    /// sides are different scenes (so the picture holds and cuts) cuts the
    /// sound too. `compositor` draws the gaps' sides to tell.
    pub fn for_film(project: &Project, compositor: &Compositor, bank: &mut SoundBank) -> Self {
        let held = held_gaps(project, compositor);
        Self::from_voices(voices(project, compositor.folder(), bank, &held))
            .with_dips(dips(project))
    }

    /// A mixer of these voices, at full gain throughout.
    pub fn from_voices(voices: Vec<Voice>) -> Self {
        Self {
            voices,
            dips: Vec::new(),
        }
    }

    /// The mix dips through `dips` (the picture's fades).
    pub fn with_dips(mut self, dips: Vec<Dip>) -> Self {
        self.dips = dips;
        self
    }

    /// The voices.
    pub fn voices(&self) -> &[Voice] {
        &self.voices
    }

    /// Sums the film's sound from film sample `start` into `out`
    /// (interleaved stereo, overwritten), before the master limiter.
    pub fn mix(&self, start: i64, out: &mut [f32]) {
        out.fill(0.0);
        let frames = (out.len() / CHANNELS) as i64;
        let end = start + frames;
        for voice in &self.voices {
            let (from, to) = (voice.start.max(start), voice.end.min(end));
            for t in from..to {
                let gain = voice.gain_at(t);
                if gain == 0.0 {
                    continue;
                }
                let i = (t - start) as usize * CHANNELS;
                for c in 0..CHANNELS {
                    out[i + c] += voice.sample(t, c) * gain;
                }
            }
        }
        for dip in &self.dips {
            let (a, b) = dip.span();
            for t in a.max(start)..b.min(end) {
                let gain = dip.gain_at(t);
                let i = (t - start) as usize * CHANNELS;
                for sample in &mut out[i..i + CHANNELS] {
                    *sample *= gain;
                }
            }
        }
    }

    /// The film's sound from frame `from` on, a block at a time, limited:
    /// what an export carries, in memory a frame or a few at a time however
    /// long the film.
    pub fn stream<'a>(&'a self, project: &Project, from: i64) -> MixStream<'a> {
        let rate = project.settings.frame_rate;
        MixStream {
            mixer: self,
            rate,
            next: rate.samples_at(from, SAMPLE_RATE),
            limiter: Limiter::default(),
        }
    }

    /// The film's sound over `range` (project frames at `project`'s rate),
    /// limited: what the exported film carries. As long as the range by the
    /// time module's rounding rule. One buffer for the whole range: for a
    /// short range (a snippet, a test); exports use [`Self::stream`].
    pub fn render(&self, project: &Project, range: TimeRange) -> Vec<f32> {
        let rate = project.settings.frame_rate;
        let first = rate.samples_at(range.start, SAMPLE_RATE);
        let length = (rate.samples_at(range.end(), SAMPLE_RATE) - first).max(0) as usize;
        let mut out = vec![0f32; length * CHANNELS];
        self.mix(first, &mut out);
        Limiter::default().process(&mut out);
        out
    }
}
