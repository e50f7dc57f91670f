//! A session's workers: render-ahead, background generation, the mixer and
//! thumbnails. They are started when there is a context to wake, handed
//! each new document version, and cancelled and joined when they drop.

use std::sync::Arc;

use inbetween_engine::audio::Mixer;
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{CachedGaps, Registry};
use inbetween_engine::jobs::Waker;
use inbetween_engine::project::{AutoChoice, GapKey, Project};
use inbetween_engine::render::Compositor;

use eframe::egui;

use super::EditorApp;
use super::frames::FrameSource;
use super::framing::{FramingEdit, without_move};
use super::generation::{GapStatus, Generator, Report};
use super::mix_builder::MixBuilder;
use super::session::Session;
use super::sound::SoundOutput;
use super::thumbnails::Thumbnails;
use super::timeline;

/// The workers of one open project.
pub struct Workers {
    /// Draws the film (shared with the workers and exports).
    pub compositor: Arc<Compositor>,
    /// Composes frames at and after the playhead.
    pub frames: FrameSource,
    /// Generates gaps in the background.
    pub generator: Generator,
    /// Card thumbnails for the timeline.
    pub thumbnails: Thumbnails,
    /// Builds the film's mixer for each document version.
    mixes: MixBuilder,
    /// The document version the render-ahead workers draw, and the card
    /// whose move they leave out (a framing being edited).
    shown: (u64, Option<FramingEdit>),
    /// Bumped each time the render-ahead workers get another project.
    drawn_version: u64,
    /// The document the render-ahead workers draw (the newest).
    pub project: Arc<Project>,
    /// The document version the generator and the mixer have (the last
    /// one outside a drag).
    version: u64,
}

impl Workers {
    /// Starts the workers for `session`'s document with `models`; `generate`
    /// false leaves the generator paused (tests).
    fn start(
        session: &Session,
        models: &Arc<Registry>,
        generate: bool,
        waker: Waker,
        playhead: i64,
    ) -> Result<Self, String> {
        let doc = &session.document;
        let cache = GapCache::for_project(&doc.folder);
        let compositor =
            Compositor::new(&doc.folder).map_err(|e| format!("Cannot draw the film: {e}"))?;
        let compositor = Arc::new(
            compositor
                .with_gap_frames(Arc::new(CachedGaps::new(cache.clone(), Arc::clone(models)))),
        );
        let project = Arc::new(doc.project.clone());
        let mut generator = Generator::new(
            Arc::clone(&compositor),
            cache,
            Arc::clone(models),
            Arc::clone(&project),
            Arc::clone(&waker),
        );
        generator.paused = !generate;
        generator.restart(Arc::clone(&project), playhead);
        // One core is left to the GUI thread, so drawing never waits for
        // rendering (measured: with as many workers as cores, the UI's p99
        // frame time while dragging doubled on 2 cores).
        let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() - 1).clamp(1, 4));
        let mixes = MixBuilder::new(Arc::clone(&compositor), Arc::clone(&waker));
        mixes.rebuild(Arc::clone(&project));
        Ok(Self {
            mixes,
            thumbnails: Thumbnails::new(Arc::clone(&compositor), Arc::clone(&waker)),
            project: Arc::clone(&project),
            compositor: Arc::clone(&compositor),
            frames: FrameSource::new(compositor, project, threads, waker),
            generator,
            version: doc.version(),
            shown: (doc.version(), None),
            drawn_version: 0,
        })
    }
}

impl Session {
    /// Starts the workers if they are not running (the gap at `playhead`
    /// is generated first).
    pub fn ensure_workers(
        &mut self,
        models: &Arc<Registry>,
        generate: bool,
        waker: &Waker,
        playhead: i64,
    ) {
        if self.workers.is_some() {
            return;
        }
        match Workers::start(self, models, generate, Arc::clone(waker), playhead) {
            Ok(workers) => self.workers = Some(workers),
            Err(reason) => self.notify(reason, true),
        }
    }

    /// Hands a changed document to the workers and picks up what they
    /// made: generated gaps (recorded in the document) and a new mixer.
    pub fn sync_workers(&mut self, playhead: i64) -> Option<Arc<Mixer>> {
        let (doc, Some(workers)) = (&mut self.document, &mut self.workers) else {
            return None;
        };
        // The picture follows every step of a drag...
        let shown = (doc.version(), self.framing);
        if workers.shown != shown {
            if workers.shown.0 != doc.version() {
                workers.project = Arc::new(doc.project.clone());
            }
            // A framing being edited shows the whole picture under it.
            let drawn = match self.framing {
                Some(edit) => Arc::new(without_move(&doc.project, edit)),
                None => Arc::clone(&workers.project),
            };
            workers.drawn_version += 1;
            workers.frames.set_project(drawn, workers.drawn_version);
            workers.shown = shown;
        }
        // ...the sound and the generated gaps only the document a drag ends with.
        if workers.version != doc.version() && !doc.in_gesture() {
            workers.mixes.rebuild(Arc::clone(&workers.project));
            workers
                .generator
                .restart(Arc::clone(&workers.project), playhead);
            workers.version = doc.version();
        }
        let mut notices = Vec::new();
        let mut mixer = None;
        if let Some(built) = workers.mixes.poll() {
            mixer = Some(built.mixer);
            self.waveforms.extend(built.waveforms);
            for p in built.problems {
                notices.push(format!(
                    "No sound from {} for {}: {}",
                    p.path.display(),
                    p.user,
                    p.error
                ));
            }
        }
        for report in workers.generator.poll() {
            match report {
                Report::Ready { key, recipe, fresh } => {
                    if doc.project.gap_settings(key).generated.as_ref() != Some(&recipe) {
                        doc.record(|p| {
                            let mut settings = p.gap_settings(key);
                            settings.generated = Some(recipe.clone());
                            p.gaps.insert(key, settings);
                        });
                    }
                    if fresh {
                        workers.frames.invalidate();
                    }
                }
                Report::Failed { key, reason } => {
                    notices.push(format!(
                        "{} was not generated: {reason}",
                        timeline::gap_label(key)
                    ));
                }
                Report::NotUpgraded { key, reason } => {
                    notices.push(format!(
                        "{} keeps its first version; the fused model failed: {reason}",
                        timeline::gap_label(key)
                    ));
                }
            }
        }
        for text in notices {
            self.notify(text, true);
        }
        mixer
    }

    /// Where a gap's frames are (None: the workers have not seen it yet).
    pub fn gap_status(&self, key: GapKey) -> Option<GapStatus> {
        self.workers
            .as_ref()
            .and_then(|w| w.generator.status(key).cloned())
    }

    /// What Auto chose for a generated gap, and why.
    pub fn gap_choice(&self, key: GapKey) -> Option<AutoChoice> {
        self.workers
            .as_ref()
            .and_then(|w| w.generator.choice(key).cloned())
    }

    /// How clean a generated gap is (0 ghosted, 1 clean).
    pub fn gap_clean(&self, key: GapKey) -> Option<f32> {
        self.workers.as_ref().and_then(|w| w.generator.clean(key))
    }

    /// Throws away a gap's generated frames and generates them again.
    pub fn regenerate(&mut self, key: GapKey, playhead: i64) {
        let (doc, Some(workers)) = (&self.document, &mut self.workers) else {
            return;
        };
        if let Some(recipe) = doc.project.gap_settings(key).generated
            && let Err(e) = GapCache::for_project(&doc.folder).remove(&recipe.key)
        {
            let text = format!(
                "Cannot remove the old frames of {}: {e}",
                timeline::gap_label(key)
            );
            self.notify(text, true);
            return;
        }
        workers.generator.paused = false;
        workers
            .generator
            .restart(Arc::clone(&workers.project), playhead);
        workers.generator.regenerate(key);
        workers.frames.invalidate();
    }
}

impl EditorApp {
    /// Opens the sound device and starts the session's workers, once there
    /// is a context to wake.
    pub(super) fn ensure_workers(&mut self, ctx: &egui::Context) {
        let waker = match &self.waker {
            Some(waker) => Arc::clone(waker),
            None => {
                let ctx = ctx.clone();
                let waker: Waker = Arc::new(move || ctx.request_repaint());
                self.waker = Some(Arc::clone(&waker));
                waker
            }
        };
        if self.sound.is_none() {
            let sound = if self.play_sound {
                SoundOutput::open()
            } else {
                SoundOutput::without_device("Sound is off")
            };
            self.sound = Some(sound);
        }
        let playhead = self.playhead();
        if let Some(session) = &mut self.session {
            session.ensure_workers(&self.models.registry, self.generate, &waker, playhead);
        }
    }

    /// Hands a changed document to the workers; picks up generated gaps
    /// and the new mix.
    pub(super) fn sync_workers(&mut self) {
        let playhead = self.playhead();
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some(mixer) = session.sync_workers(playhead)
            && let Some(sound) = &self.sound
        {
            sound.set_mixer(mixer);
        }
    }
}
