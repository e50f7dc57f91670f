//! One open project and everything that belongs to it: the document and its
//! undo history, the selection, playback, the clipboard, the workers that
//! draw, generate, mix and list it, and the views' state.
//!
//! New and Open replace the whole session as one value. Dropping a session
//! cancels and joins its workers, so nothing of an old project (a beat
//! search, a media listing, a generated gap) can land in the next one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use inbetween_engine::audio::Waveform;
use inbetween_engine::jobs::{Job, JobEvent, NoProgress, Waker};
use inbetween_engine::project::import::{ImportError, copy_media};
use inbetween_engine::project::{
    AudioClipId, Card, CardId, Marker, Project, discard_recovery, find_recovery, write_recovery,
};
use inbetween_engine::time::FrameRate;
use inbetween_engine::timeline::{Edit, Ripple};

use super::command::Selection;
use super::document::Document;
use super::documents::{AUTOSAVE_EVERY, RecoveryOffer};
use super::import::{self, Import, Target};
use super::inspector::Inspector;
use super::library::Library;
use super::playback::Playback;
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

    /// Applies `edit` as one undo step (or part of the open gesture).
    pub fn edit(&mut self, edit: &Edit) {
        let in_gesture = self.document.in_gesture();
        if let Err(e) = self.document.apply(edit) {
            // While dragging, a refused position (an overlap) just leaves the
            // card where it last fitted.
            if !in_gesture {
                self.notify(format!("{}: {e}", edit.label()), true);
            }
        }
    }

    /// Undoes (or redoes) one step, saying which.
    pub fn undo(&mut self, redo: bool) {
        let done = if redo {
            self.document.redo().map(|l| format!("Redid {l}"))
        } else {
            self.document.undo().map(|l| format!("Undid {l}"))
        };
        if let Some(text) = done {
            self.notify(text, false);
        }
    }

    /// Removes what is selected; with `ripple`, later cards close up.
    pub fn delete_selection(&mut self, ripple: Ripple) {
        if let Selection::Sound(id) = self.selection {
            self.selection = Selection::Nothing;
            self.edit(&Edit::RemoveAudioClip(id));
            return;
        }
        let Selection::Cards(mut ids) = std::mem::take(&mut self.selection) else {
            return;
        };
        // Latest first, so rippling one card never moves another still to go.
        ids.sort_by_key(|id| {
            std::cmp::Reverse(
                self.project()
                    .card(*id)
                    .map_or(0, |c| c.range_in_timeline.start),
            )
        });
        let doc = &mut self.document;
        let plural = ids.len() > 1;
        doc.begin_gesture(match (ripple, plural) {
            (Ripple::No, false) => "Delete card",
            (Ripple::No, true) => "Delete cards",
            (Ripple::Yes, false) => "Ripple delete card",
            (Ripple::Yes, true) => "Ripple delete cards",
        });
        for id in ids {
            let _ = doc.apply(&Edit::RemoveCard { id, ripple });
        }
        doc.end_gesture();
    }

    /// Copies the selected cards; the text for the system clipboard.
    pub fn copy_selection(&mut self) -> Option<String> {
        let Selection::Cards(ids) = &self.selection else {
            return None;
        };
        let project = &self.document.project;
        let mut cards: Vec<_> = ids
            .iter()
            .filter_map(|id| project.card(*id))
            .cloned()
            .collect();
        cards.sort_by_key(|c| c.range_in_timeline.start);
        if cards.is_empty() {
            return None;
        }
        // Something on the system clipboard too, so that Ctrl+V comes back
        // to the editor as a paste.
        let text = format!("{} Inbetween card(s)", cards.len());
        self.clipboard = cards;
        Some(text)
    }

    /// Puts the copied cards at `at` (after the film when something is in
    /// the way), as one undo step.
    pub fn paste(&mut self, at: i64) {
        let Some(first) = self.clipboard.first() else {
            return;
        };
        let first = first.range_in_timeline.start;
        let place = |doc: &mut Document, at: i64, cards: &[Card]| {
            doc.begin_gesture("Paste cards");
            let mut ids = Vec::new();
            for card in cards {
                let mut copy = card.clone();
                copy.id = doc.project.next_card_id();
                copy.range_in_timeline.start = at + (card.range_in_timeline.start - first);
                if doc.apply(&Edit::PlaceCard(copy.clone())).is_err() {
                    doc.cancel_gesture();
                    return None;
                }
                ids.push(copy.id);
            }
            doc.end_gesture();
            Some(ids)
        };
        let cards = self.clipboard.clone();
        let doc = &mut self.document;
        let ids = place(doc, at, &cards).or_else(|| {
            let end = doc.project.duration_frames();
            place(doc, end, &cards)
        });
        match ids {
            Some(ids) => self.selection = Selection::Cards(ids),
            None => self.notify("The cards could not be pasted", true),
        }
    }

    /// Puts a new text card at `at` (into the gap or empty space there, or
    /// after the card there), selects it and puts the keyboard in its text.
    pub fn new_text_card(&mut self, at: i64) {
        let id = self.project().next_card_id();
        let edit = super::text_card::edit_for(self.project(), id, at);
        let doc = &mut self.document;
        doc.begin_gesture("New text card");
        let placed = doc.apply(&edit);
        doc.end_gesture();
        match placed {
            Ok(()) => {
                self.selection = Selection::Cards(vec![id]);
                self.inspector.focus_prompt = true;
            }
            Err(e) => self.notify(format!("New text card: {e}"), true),
        }
    }

    /// Shows `file` in card `id` instead of what it showed (imported on a
    /// worker, like any import; the card changes when it is in).
    pub fn replace_media(&mut self, id: CardId, file: PathBuf, waker: Waker) {
        self.start_import(vec![file], Target::Replace(id), waker);
    }

    /// Imports `files` on a worker: pictures and clips become cards from
    /// `at` on, sounds go on the first audio lane.
    pub fn import(&mut self, files: Vec<PathBuf>, at: i64, waker: Waker) {
        self.start_import(files, Target::Timeline(at), waker);
    }

    fn start_import(&mut self, files: Vec<PathBuf>, target: Target, waker: Waker) {
        let (folder, rate) = (
            self.folder().to_path_buf(),
            self.project().settings.frame_rate,
        );
        match Import::start(folder, files, rate, target, waker) {
            Ok(import) => self.imports.push(import),
            Err(reason) => self.notify(reason, true),
        }
    }

    /// How far the imports under way have got (None: none is running).
    pub fn importing(&self) -> Option<f64> {
        let count = self.imports.len();
        (count > 0).then(|| self.imports.iter().map(|i| i.done).sum::<f64>() / count as f64)
    }

    /// Takes in the imports that have finished.
    pub fn poll_imports(&mut self) {
        let mut finished = Vec::new();
        self.imports.retain_mut(|import| match import.poll() {
            Some(done) => {
                finished.push(done);
                false
            }
            None => true,
        });
        for (target, results) in finished {
            match target {
                Target::Timeline(at) => {
                    let placed = import::place(&mut self.document, results, at);
                    if !placed.cards.is_empty() {
                        self.selection = Selection::Cards(placed.cards);
                    }
                    for (text, error) in placed.notices {
                        self.notify(text, error);
                    }
                }
                Target::Replace(id) => match import::replacement(self.project(), id, results) {
                    Ok(edit) => self.edit(&edit),
                    Err(reason) => self.notify(reason, true),
                },
            }
            self.library.refresh();
        }
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
        let path = clip.media.resolve(&doc.folder);
        let sample_rate = inbetween_engine::audio::SAMPLE_RATE;
        let (range, source_start) = (clip.range_in_timeline, clip.source_start_frame);
        let job = Job::spawn("detect beats", waker, move |_| {
            let samples = inbetween_engine::media::decode_audio(&path)
                .map_err(|e| format!("No beats: {e}"))?;
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

    /// Save As: copies the media the document uses into `folder` on a
    /// worker; [`Self::poll_save_as`] saves there once they are in.
    pub fn start_save_as(&mut self, folder: PathBuf, waker: Waker) {
        if self.save_as.is_some() {
            self.notify("Save As is already copying the media", true);
            return;
        }
        let (project, from, to) = (
            self.project().clone(),
            self.folder().to_path_buf(),
            folder.clone(),
        );
        match Job::spawn("save as", waker, move |ctx| {
            copy_media(&project, &from, &to, ctx)
        }) {
            Ok(job) => self.save_as = Some((folder, job)),
            Err(e) => self.notify(format!("Not saved: cannot start copying ({e})"), true),
        }
    }

    /// True while Save As copies media.
    pub fn saving_as(&self) -> bool {
        self.save_as.is_some()
    }

    /// Once Save As's media is in: saves the document there and goes on
    /// editing it there; the folder saved into, when it was.
    pub fn poll_save_as(&mut self) -> Option<PathBuf> {
        let (_, job) = self.save_as.as_ref()?;
        let mut finished = None;
        while let Some(event) = job.try_recv() {
            if let JobEvent::Finished(result) = event {
                finished = Some(result);
            }
        }
        let copied = finished?;
        let (folder, _) = self.save_as.take()?;
        // Media added while copying is copied now (what is there is skipped).
        let copied =
            copied.and_then(|()| copy_media(self.project(), self.folder(), &folder, &NoProgress));
        if let Err(e) = copied {
            self.notify(format!("Not saved: {e}"), true);
            return None;
        }
        let doc = &mut self.document;
        let old = std::mem::replace(&mut doc.folder, folder.clone());
        match doc.save() {
            Ok(()) => {
                discard_recovery(&old);
                // The workers and the library read the old folder: start anew.
                self.workers = None;
                self.library = Library::for_folder(&folder);
                self.notify(format!("Saved as {}", folder.display()), false);
                Some(folder)
            }
            Err(e) => {
                doc.folder = old;
                self.notify(format!("Not saved: {e}"), true);
                None
            }
        }
    }

    /// Writes `project.json`.
    pub fn save(&mut self) {
        match self.document.save() {
            Ok(()) => {
                discard_recovery(&self.document.folder);
                self.notify("Saved", false);
            }
            Err(e) => self.notify(format!("Not saved: {e}"), true),
        }
    }

    /// The user chose not to save: the recovery copy goes too.
    pub fn drop_changes(&mut self) {
        discard_recovery(&self.document.folder);
    }

    /// Takes the recovery copy's document (unsaved, so Save writes it).
    pub fn restore_recovery(&mut self) {
        let Some(offer) = self.recovery.take() else {
            return;
        };
        self.document.replace_project(offer.loaded.project);
        self.notify("Restored the unsaved changes; save to keep them", false);
    }

    /// Writes the recovery copy once a minute while there are unsaved changes.
    pub fn autosave(&mut self) {
        if self.last_recovery.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.last_recovery = Instant::now();
        let doc = &self.document;
        if !doc.is_dirty() || doc.in_gesture() {
            return;
        }
        if let Err(e) = write_recovery(&doc.project, &doc.folder) {
            self.notify(format!("Cannot write the recovery copy: {e}"), true);
        }
    }
}
