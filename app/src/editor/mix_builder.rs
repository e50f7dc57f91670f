//! The film's mixer, rebuilt on a worker whenever the document changes
//! (decoding a new sound file takes a while: 0.4 s for five minutes of MP3),
//! so the GUI thread never waits for it.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use super::lock;

use inbetween_engine::audio::{Mixer, SoundBank, SoundProblem, Waveform, sound_uses};
use inbetween_engine::project::Project;
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

/// The document to mix next: only the newest matters, so a newer one
/// replaces one not started yet (a queue of one).
#[derive(Default)]
struct Next {
    project: Option<Arc<Project>>,
    quit: bool,
}

/// Mixers built and not yet picked up, at most.
const BUILT: usize = 4;

/// The worker and what it sends back.
pub struct MixBuilder {
    next: Arc<(Mutex<Next>, Condvar)>,
    results: Receiver<Built>,
    worker: Option<JoinHandle<()>>,
}

/// Waits for the next document to mix; None when the builder is dropped.
fn wait_for_next(next: &(Mutex<Next>, Condvar)) -> Option<Arc<Project>> {
    let mut slot = lock(&next.0);
    loop {
        if slot.quit {
            return None;
        }
        if let Some(project) = slot.project.take() {
            return Some(project);
        }
        slot = next
            .1
            .wait(slot)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    }
}

impl MixBuilder {
    /// A worker for the project `compositor` draws (it tells which Auto gaps
    /// cut); `waker` when a mixer is ready.
    pub fn new(compositor: Arc<Compositor>, waker: Arc<dyn Fn() + Send + Sync>) -> Self {
        let next = Arc::new((Mutex::new(Next::default()), Condvar::new()));
        let incoming = Arc::clone(&next);
        let (done, results) = sync_channel::<Built>(BUILT);
        let worker = std::thread::Builder::new()
            .name("sound mixer".into())
            .spawn(move || {
                let mut bank = SoundBank::default();
                let mut reported = HashSet::new();
                let mut drawn: HashMap<String, usize> = HashMap::new();
                while let Some(project) = wait_for_next(&incoming) {
                    let folder = compositor.folder().to_path_buf();
                    // Each file decoded once, to the most any of its uses
                    // plays, before the mixer asks for it use by use.
                    let mut waveforms = Vec::new();
                    for (media, until) in sound_uses(&project) {
                        let name = media.as_str().to_owned();
                        let Some(sound) = bank.sound(&folder, &media, &name, until) else {
                            continue;
                        };
                        // Drawn again only when more of the file is held.
                        if drawn.get(&name) == Some(&sound.len()) {
                            continue;
                        }
                        drawn.insert(name.clone(), sound.len());
                        waveforms.push((name, Arc::new(Waveform::of(&sound, SAMPLES_PER_PEAK))));
                    }
                    let mixer = Mixer::for_film(&project, &compositor, &mut bank);
                    let fresh: Vec<SoundProblem> = bank
                        .problems()
                        .iter()
                        .filter(|p| reported.insert(p.path.clone()))
                        .cloned()
                        .collect();
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
            })
            .ok();
        Self {
            next,
            results,
            worker,
        }
    }

    /// Builds the mixer of `project` (replacing any not yet started).
    pub fn rebuild(&self, project: Arc<Project>) {
        lock(&self.next.0).project = Some(project);
        self.next.1.notify_one();
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

impl Drop for MixBuilder {
    /// Stops the worker and joins it (a mix under way is finished first;
    /// closing the results frees a worker waiting to hand one over).
    fn drop(&mut self) {
        lock(&self.next.0).quit = true;
        self.next.1.notify_one();
        drop(std::mem::replace(&mut self.results, sync_channel(1).1));
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
