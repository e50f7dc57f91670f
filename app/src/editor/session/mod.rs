//! One open project and everything that belongs to it: the document and its
//! undo history, the selection, playback, the clipboard, the workers that
//! draw, generate, mix and list it, and the views' state.
//!
//! New and Open replace the whole session as one value. Dropping a session
//! cancels and joins its workers, so nothing of an old project (a beat
//! search, a media listing, a generated gap) can land in the next one.
//!
//! - `editing.rs`: edits, undo, delete and ripple delete, copy and paste,
//!   new text cards.
//! - `files.rs`: imports and Replace media (on workers), Save, Save As (its
//!   media copied on a worker), autosave and the recovery copy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use inbetween_engine::audio::Waveform;
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::Registry;
use inbetween_engine::jobs::{Job, JobEvent, ProgressSink, Waker};
use inbetween_engine::project::import::ImportError;
use inbetween_engine::project::{AudioClipId, Card, GapKey, Marker, Project, find_recovery};
use inbetween_engine::time::FrameRate;
use inbetween_engine::timeline::Edit;

mod editing;
mod files;

use super::command::Selection;
use super::document::Document;
use super::documents::RecoveryOffer;
use super::framing::FramingEdit;
use super::import::Import;
use super::inspector::Inspector;
use super::library::Library;
use super::playback::Playback;
use super::takes::Takes;
use super::timeline::TimelineView;
use super::workers::Workers;

/// A beat search on a worker: the frames of the beats found.
type BeatsJob = Job<Result<Vec<i64>, String>>;

/// One open project.
pub struct Session {
    /// The document, its folder and its undo history.
    pub document: Document,
    /// What is selected.
    pub selection: Selection,
    /// The playhead and the transport.
    pub playback: Playback,
    /// Cards copied (Ctrl+C), for Paste.
    pub clipboard: Vec<Card>,
    /// The timeline view's zoom and scroll.
    pub timeline: TimelineView,
    /// The inspector's text being edited.
    pub inspector: Inspector,
    /// The media library's listing of this project's `media/` folder.
    pub library: Library,
    /// The workers (started with the first frame, when there is a context
    /// to wake; None again when they must start anew).
    pub workers: Option<Workers>,
    /// Waveforms of the audio lanes' files, by media path.
    pub waveforms: HashMap<String, Arc<Waveform>>,
    /// Looking for beats, if it is.
    beats: Option<BeatsJob>,
    /// Files being imported.
    imports: Vec<Import>,
    /// Save As copying the media into this folder, if it is.
    save_as: Option<(PathBuf, Job<Result<(), ImportError>>)>,
    /// A recovery copy to offer back.
    pub recovery: Option<RecoveryOffer>,
    /// When the recovery copy was last considered.
    pub last_recovery: Instant,
    /// Messages for the status bar, collected by the window each frame.
    notices: Vec<(String, bool)>,
    /// The takes of a gap, being made or made (the last gap asked for).
    pub takes: Option<Takes>,
    /// The camera move framing being edited on the preview, if one is.
    pub framing: Option<FramingEdit>,
    /// The board view shows in the timeline's place.
    pub board_view: bool,
}

impl Session {
    /// A session on `document`, offering its recovery copy back if it has one.
    pub fn new(document: Document) -> Self {
        let mut notices = Vec::new();
        let recovery = match find_recovery(&document.folder) {
            Some(Ok((loaded, written))) => Some(RecoveryOffer { loaded, written }),
            Some(Err(e)) => {
                notices.push((format!("The recovery copy is unreadable: {e}"), true));
                None
            }
            None => None,
        };
        let library = Library::for_folder(&document.folder);
        Self {
            document,
            selection: Selection::Nothing,
            playback: Playback::default(),
            clipboard: Vec::new(),
            timeline: TimelineView::default(),
            inspector: Inspector::default(),
            library,
            workers: None,
            waveforms: HashMap::new(),
            beats: None,
            imports: Vec::new(),
            save_as: None,
            recovery,
            last_recovery: Instant::now(),
            notices,
            takes: None,
            framing: None,
            board_view: false,
        }
    }

    /// The framing being edited, while its card is the one selected and
    /// still has a move (otherwise the edit is over).
    pub fn settle_framing(&mut self) {
        let Some(edit) = self.framing else {
            return;
        };
        let selected = self.selection == Selection::Cards(vec![edit.card]);
        let moving = self
            .project()
            .card(edit.card)
            .is_some_and(|c| c.camera_move.is_some());
        if !selected || !moving {
            self.framing = None;
        }
    }

    /// The document as it is now.
    pub fn project(&self) -> &Project {
        &self.document.project
    }

    /// The project folder.
    pub fn folder(&self) -> &Path {
        &self.document.folder
    }

    /// The film's rate and its length in frames (at least one).
    pub fn film_clock(&self) -> (FrameRate, i64) {
        let project = self.project();
        (
            project.settings.frame_rate,
            project.duration_frames().max(1),
        )
    }

    /// The playhead; `audio` is the sound device's clock when the sound
    /// follows this playback (it is then the master).
    pub fn playhead(&mut self, audio: Option<Duration>) -> i64 {
        let (rate, end) = self.film_clock();
        self.playback.follow_audio_clock(audio);
        self.playback.frame(Instant::now(), rate, end)
    }

    /// Says something in the status bar.
    pub fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push((text.into(), error));
    }

    /// The messages said since the last call.
    pub fn take_notices(&mut self) -> Vec<(String, bool)> {
        std::mem::take(&mut self.notices)
    }

    /// Finds the beats of a sound on a lane (on a worker); they become
    /// markers when found.
    pub fn detect_beats(&mut self, id: AudioClipId, waker: Waker) {
        let doc = &self.document;
        let Some(clip) = doc
            .project
            .audio_lanes
            .iter()
            .flat_map(|l| &l.clips)
            .find(|c| c.id == id)
        else {
            return;
        };
        let rate = doc.project.settings.frame_rate;
        let (folder, media) = (doc.folder.clone(), clip.media.clone());
        let sample_rate = inbetween_engine::audio::SAMPLE_RATE;
        let (range, source_start) = (clip.range_in_timeline, clip.source_start_frame);
        // Only the part the clip plays is decoded, within the sound budget.
        let until = inbetween_engine::audio::clip_sound_until(rate, clip);
        let job = Job::spawn("detect beats", waker, move |ctx| {
            let mut bank = inbetween_engine::audio::SoundBank::default();
            let samples = bank
                .sound(&folder, &media, "the beat search", until)
                .ok_or_else(|| match bank.problems().first() {
                    Some(problem) => format!("No beats: {}", problem.error),
                    None => format!("No beats: {} has no sound", media.as_str()),
                })?;
            // A session closing meanwhile need not wait for the search.
            if ctx.is_cancelled() {
                return Err("Beat search cancelled".to_owned());
            }
            let first = rate.samples_at(source_start, sample_rate);
            let start = rate.samples_at(range.start, sample_rate);
            let frames = inbetween_engine::audio::detect_beats(&samples)
                .into_iter()
                .map(|s| rate.frame_at_sample(start + (s - first), sample_rate))
                .filter(|f| range.contains(*f))
                .collect();
            Ok(frames)
        });
        match job {
            Ok(job) => self.beats = Some(job),
            Err(e) => self.notify(format!("Cannot look for beats ({e})"), true),
        }
    }

    #[cfg(test)]
    /// True while a beat search runs.
    pub fn finding_beats(&self) -> bool {
        self.beats.is_some()
    }

    /// Makes the takes of the gap `key` on a worker (they replace those of
    /// any other gap); they show in the gap's inspector.
    pub fn generate_takes(&mut self, key: GapKey, models: Arc<Registry>, waker: Waker) {
        let Some(workers) = &self.workers else {
            self.notify(
                "Takes can be made once the project's workers have started",
                true,
            );
            return;
        };
        let project = Arc::new(self.document.project.clone());
        let cache = GapCache::for_project(&self.document.folder);
        match Takes::start(
            project,
            key,
            Arc::clone(&workers.compositor),
            cache,
            models,
            waker,
        ) {
            Ok(takes) => self.takes = Some(takes),
            Err(e) => self.notify(format!("Cannot start making takes ({e})"), true),
        }
    }

    /// Reads the takes' worker.
    pub fn poll_takes(&mut self) {
        if let Some(takes) = &mut self.takes {
            takes.poll();
        }
    }

    /// Takes the beats found, as markers (one undo step).
    pub fn poll_beats(&mut self) {
        let Some(job) = &self.beats else { return };
        let mut finished = None;
        while let Some(event) = job.try_recv() {
            if let JobEvent::Finished(result) = event {
                finished = Some(result);
            }
        }
        let Some(result) = finished else { return };
        self.beats = None;
        match result {
            Ok(frames) => {
                let markers: Vec<_> = frames
                    .iter()
                    .map(|&frame| Marker {
                        frame,
                        label: "beat".into(),
                    })
                    .collect();
                let count = markers.len();
                self.edit(&Edit::AddMarkers(markers));
                self.notify(format!("Marked {count} beats"), false);
            }
            Err(reason) => self.notify(reason, true),
        }
    }
}
