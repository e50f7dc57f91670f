//! The film's mixer, rebuilt on a worker whenever the document changes
//! (decoding a new sound file takes a while: 0.4 s for five minutes of MP3),
//! so the GUI thread never waits for it.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use inbetween_engine::audio::{Mixer, SoundBank, SoundProblem, Waveform};
use inbetween_engine::project::{CardContent, Project};
use inbetween_engine::render::Compositor;

/// Stereo samples a waveform peak covers (5.3 ms).
const SAMPLES_PER_PEAK: usize = 256;

/// What the worker sends back for a document.
pub struct Built {
    /// Its mixer.
    pub mixer: Arc<Mixer>,
    /// Sound files newly found unreadable.
    pub problems: Vec<SoundProblem>,
    /// Waveforms of sound files not drawn before, by media path.
    pub waveforms: Vec<(String, Arc<Waveform>)>,
}

/// The worker and what it sends back.
pub struct MixBuilder {
    requests: Sender<Arc<Project>>,
    results: Receiver<Built>,
}

impl MixBuilder {
    /// A worker for the project `compositor` draws (it tells which Auto gaps
    /// cut); `waker` when a mixer is ready.
    pub fn new(compositor: Arc<Compositor>, waker: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (requests, incoming) = channel::<Arc<Project>>();
        let (done, results) = channel::<Built>();
        let _ = std::thread::Builder::new()
            .name("sound mixer".into())
            .spawn(move || {
                let mut bank = SoundBank::default();
                let mut reported = HashSet::new();
                let mut drawn = HashSet::new();
                while let Ok(mut project) = incoming.recv() {
                    // Only the newest document matters.
                    while let Ok(newer) = incoming.try_recv() {
                        project = newer;
                    }
                    let folder = compositor.folder().to_path_buf();
                    let mixer = Mixer::for_film(&project, &compositor, &mut bank);
                    let fresh: Vec<SoundProblem> = bank
                        .problems()
                        .iter()
                        .filter(|p| reported.insert(p.path.clone()))
                        .cloned()
                        .collect();
                    let lanes = project.audio_lanes.iter().flat_map(|l| l.clips.iter());
                    let cards = project.cards.iter().filter_map(|c| match &c.content {
                        CardContent::Clip { media, .. } => Some(media.clone()),
                        _ => None,
                    });
                    let mut waveforms = Vec::new();
                    for media in lanes.map(|c| c.media.clone()).chain(cards) {
                        let name = media.as_str().to_owned();
                        if !drawn.insert(name.clone()) {
                            continue;
                        }
                        if let Some(sound) = bank.sound(&folder, &media, &name) {
                            waveforms
                                .push((name, Arc::new(Waveform::of(&sound, SAMPLES_PER_PEAK))));
                        }
                    }
                    let built = Built {
                        mixer: Arc::new(mixer),
                        problems: fresh,
                        waveforms,
                    };
                    if done.send(built).is_err() {
                        return;
                    }
                    waker();
                }
            });
        Self { requests, results }
    }

    /// Builds the mixer of `project` (replacing any not yet built).
    pub fn rebuild(&self, project: Arc<Project>) {
        let _ = self.requests.send(project);
    }

    /// The newest mixer built, with the problems and waveforms of every
    /// build since the last poll.
    pub fn poll(&self) -> Option<Built> {
        let mut latest: Option<Built> = None;
        while let Ok(mut built) = self.results.try_recv() {
            if let Some(older) = latest.take() {
                built.problems.splice(0..0, older.problems);
                built.waveforms.splice(0..0, older.waveforms);
            }
            latest = Some(built);
        }
        latest
    }
}
