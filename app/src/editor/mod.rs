//! The editor window: menu bar, preview with its transport, inspector,
//! timeline and status bar.
//!
//! The GUI thread owns the document. Views return [`Command`]s and
//! [`EditorApp::execute`] applies them, as engine edits where they change
//! the document. Frames are rendered ahead on worker threads
//! ([`frames`]) and gaps are generated in the background ([`generation`]);
//! the GUI thread only picks up what is ready and never waits.

mod command;
mod document;
mod documents;
mod export_dialog;
mod files;
pub mod frames;
mod gap_models;
mod generation;
mod import;
mod inspector;
mod library;
mod mix_builder;
mod playback;
mod preview;
pub mod sound;
mod theme;
mod thumbnails;
mod timeline;
mod window;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use gap_models::{GapModels, WEIGHTS_KEY};
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::CachedGaps;
use inbetween_engine::jobs::Waker;
use inbetween_engine::project::{self, GapKey, Project, find_recovery};
use inbetween_engine::render::Compositor;
use inbetween_engine::timeline::{Edit, Ripple};

pub use command::{Command, Selection};
use document::Document;
use documents::{RecoveryOffer, Then};
use export_dialog::ExportDialog;
use files::{FileDialogs, Purpose};
use frames::FrameSource;
use generation::{GapStatus, Generator, Report};
use inspector::Inspector;
use library::Library;
use mix_builder::MixBuilder;
use playback::Playback;
use preview::Preview;
use sound::SoundOutput;
use thumbnails::Thumbnails;
use timeline::TimelineView;

/// Locks a mutex shared with a worker; a worker that panicked while holding
/// it left plain data behind, which is still good to read.
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How long a notice stays in the status bar.
const NOTICE_SECONDS: u64 = 8;

/// Opens the editor window on `project` (or on nothing) and runs until it closes.
pub fn run(project: Option<&Path>) -> anyhow::Result<()> {
    let app = EditorApp::open(project);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.window_title())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        // Panel sizes and the window's size are remembered between runs.
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Inbetween",
        options,
        Box::new(move |cc| {
            let mut app = app;
            if let Some(storage) = cc.storage {
                let recent: Vec<PathBuf> =
                    eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
                let weights: Option<PathBuf> =
                    eframe::get_value(storage, WEIGHTS_KEY).unwrap_or_default();
                if weights.is_some() {
                    app.set_weights(weights);
                }
                let opened = std::mem::take(&mut app.recent);
                app.recent = recent.into_iter().filter(|p| p.is_dir()).collect();
                for folder in opened.iter().rev() {
                    app.remember_recent(folder);
                }
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the editor window ({e})"))
}

/// Where the recent projects are kept in eframe's storage.
const RECENT_KEY: &str = "recent projects";

/// The workers that need the document's folder: render-ahead, generation,
/// the mixer, thumbnails.
struct Engine {
    /// Draws the film (shared with the workers and exports).
    compositor: Arc<Compositor>,
    frames: FrameSource,
    generator: Generator,
    thumbnails: Thumbnails,
    /// Builds the film's mixer for each document version.
    mixes: MixBuilder,
    /// The document version the render-ahead workers draw.
    shown_version: u64,
    /// The document the render-ahead workers draw (the newest).
    project: Arc<Project>,
    /// The document version the generator and the mixer have (the last
    /// one outside a drag).
    version: u64,
}

/// A message in the status bar.
struct Notice {
    text: String,
    error: bool,
    at: Instant,
}

/// The editor's state.
pub struct EditorApp {
    document: Option<Document>,
    /// Why the project given on the command line could not be opened.
    open_error: Option<String>,
    selection: Selection,
    playback: Playback,
    timeline: TimelineView,
    inspector: Inspector,
    library: Library,
    preview: Preview,
    engine: Option<Engine>,
    /// Gaps are generated in the background (tests turn it off).
    generate: bool,
    notices: Vec<Notice>,
    show_shortcuts: bool,
    show_about: bool,
    show_preferences: bool,
    /// The gap models, with IFNet when its weights are set.
    models: GapModels,
    /// Asking whether to save, before doing this.
    confirm: Option<Then>,
    /// Closing was confirmed: let the window close.
    close_confirmed: bool,
    files: FileDialogs,
    export: ExportDialog,
    /// Recently opened project folders, newest first.
    recent: Vec<PathBuf>,
    /// A recovery copy to offer back.
    recovery: Option<RecoveryOffer>,
    /// When the recovery copy was last considered.
    last_recovery: Instant,
    /// Wakes the GUI thread from workers (set on the first frame).
    waker: Option<Waker>,
    /// The sound output (opened with the first frame).
    sound: Option<SoundOutput>,
    /// Waveforms of the audio lanes' files, by media path.
    waveforms: std::collections::HashMap<String, Arc<inbetween_engine::audio::Waveform>>,
    /// Open the sound device (tests and benchmarks do not).
    play_sound: bool,
    /// The playback clock's start the sound last followed.
    sound_anchor: (u64, i64, bool, i32),
    /// Looking for beats, if it is.
    beats: Option<inbetween_engine::jobs::Job<Result<Vec<i64>, String>>>,
    /// Cards copied (Ctrl+C), for Paste.
    clipboard: Vec<inbetween_engine::project::Card>,
    /// Text for the system clipboard, put there at the end of the frame.
    clipboard_text: Option<String>,
    stats: FrameStats,
    title: String,
    /// The render-ahead stamp of the frame in the preview.
    preview_stamp: (u64, u64),
}

impl EditorApp {
    /// The editor on the project at `path`, or empty. A project that fails to
    /// load leaves the editor open and empty, showing why.
    pub fn open(path: Option<&Path>) -> Self {
        let (document, open_error) = match path.map(project::load) {
            None => (None, None),
            Some(Ok(loaded)) => (Some(Document::new(loaded)), None),
            Some(Err(e)) => (None, Some(e.to_string())),
        };
        let recovery = document
            .as_ref()
            .and_then(|doc| match find_recovery(&doc.folder) {
                Some(Ok((loaded, written))) => Some(RecoveryOffer { loaded, written }),
                _ => None,
            });
        let folder = document.as_ref().map(|d| d.folder.clone());
        let mut app = Self {
            document,
            open_error,
            selection: Selection::Nothing,
            playback: Playback::default(),
            timeline: TimelineView::default(),
            inspector: Inspector::default(),
            library: Library::default(),
            preview: Preview::default(),
            engine: None,
            generate: true,
            notices: Vec::new(),
            show_shortcuts: false,
            show_about: false,
            show_preferences: false,
            models: GapModels::default(),
            confirm: None,
            close_confirmed: false,
            files: FileDialogs::default(),
            export: ExportDialog::default(),
            recent: Vec::new(),
            recovery: None,
            last_recovery: Instant::now(),
            waker: None,
            sound: None,
            waveforms: Default::default(),
            play_sound: true,
            sound_anchor: (0, 0, false, 1),
            clipboard: Vec::new(),
            beats: None,
            clipboard_text: None,
            stats: FrameStats::default(),
            title: String::new(),
            preview_stamp: (0, 0),
        };
        app.title = app.window_title();
        app.recovery = recovery;
        if let Some(folder) = folder {
            app.remember_recent(&folder);
        }
        app
    }

    /// Plays no sound and opens no sound device (tests, benchmarks).
    pub fn without_sound(mut self) -> Self {
        self.play_sound = false;
        self
    }

    /// Does not generate gaps in the background (for tests that do not
    /// need it: generating the demo's gaps takes seconds of CPU).
    pub fn without_generation(mut self) -> Self {
        self.generate = false;
        self
    }

    /// "Inbetween — The Big Rabbit Wakes", with "•" for unsaved changes.
    pub fn window_title(&self) -> String {
        match &self.document {
            Some(doc) => format!(
                "Inbetween — {}{}",
                doc.project.settings.name,
                if doc.is_dirty() { " •" } else { "" }
            ),
            None => "Inbetween".to_owned(),
        }
    }

    /// The open document.
    pub fn project(&self) -> Option<&Project> {
        self.document.as_ref().map(|d| &d.project)
    }

    #[cfg(test)]
    /// What is selected.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// True while playing.
    pub fn is_playing(&self) -> bool {
        self.playback.is_playing()
    }

    /// True when there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.document.as_ref().is_some_and(Document::is_dirty)
    }

    /// The playhead. While sound plays, its clock is the master: the
    /// picture follows the samples the sound device has taken.
    pub fn playhead(&mut self) -> i64 {
        let (rate, end) = self.film_clock();
        let audio = match &self.sound {
            Some(sound) if self.sound_anchor == self.playback.anchor() => sound.clock(),
            _ => None,
        };
        self.playback.follow_audio_clock(audio);
        self.playback.frame(Instant::now(), rate, end)
    }

    /// Starts or stops the sound where playback (re)started or stopped.
    fn sync_sound(&mut self) {
        let _ = self.playhead();
        let anchor = self.playback.anchor();
        if anchor == self.sound_anchor {
            return;
        }
        self.sound_anchor = anchor;
        let (rate, _) = self.film_clock();
        let Some(sound) = &self.sound else { return };
        let (_, frame, playing, speed) = anchor;
        if playing && speed == 1 {
            sound.play_from(rate.samples_at(frame, inbetween_engine::audio::SAMPLE_RATE));
        } else {
            sound.stop();
        }
    }

    fn film_clock(&self) -> (inbetween_engine::time::FrameRate, i64) {
        match &self.document {
            Some(doc) => (
                doc.project.settings.frame_rate,
                doc.project.duration_frames().max(1),
            ),
            None => (inbetween_engine::time::FrameRate::default(), 1),
        }
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            error,
            at: Instant::now(),
        });
    }

    /// Applies one command: the one place where the document changes.
    pub fn execute(&mut self, command: Command) {
        let now = Instant::now();
        let (rate, end) = self.film_clock();
        match command {
            Command::New => self.ask_file(Purpose::New),
            Command::Open => self.ask_file(Purpose::Open),
            Command::OpenPath(path) => self.after_asking(Then::Open(path)),
            Command::Save => self.save(),
            Command::SaveAs => self.ask_file(Purpose::SaveAs),
            Command::ImportMedia => self.ask_file(Purpose::Import),
            Command::ExportFilm => {
                if let Some(doc) = &self.document {
                    self.export
                        .show_for(&doc.folder, &doc.project.settings.name);
                }
            }
            Command::ReplaceMedia(id) => self.ask_file(Purpose::Replace(id)),
            Command::Quit => self.after_asking(Then::Close),
            Command::Undo | Command::Redo => {
                let Some(doc) = &mut self.document else {
                    return;
                };
                let undone = if command == Command::Undo {
                    doc.undo().map(|l| format!("Undid {l}"))
                } else {
                    doc.redo().map(|l| format!("Redid {l}"))
                };
                if let Some(text) = undone {
                    self.notify(text, false);
                }
            }
            Command::Delete => self.delete_selection(),
            Command::Cut => {
                self.copy_selection();
                self.delete_selection();
            }
            Command::Copy => self.copy_selection(),
            Command::Paste => self.paste(),
            Command::SelectAll => {
                if let Some(project) = self.project() {
                    self.selection = Selection::Cards(project.cards.iter().map(|c| c.id).collect());
                }
            }
            Command::TogglePlay => self.playback.toggle(now, rate, end),
            Command::Shuttle(direction) => self.playback.shuttle(direction, now, rate, end),
            Command::StepFrames(n) => {
                let frame = self.playback.frame(now, rate, end);
                self.playback.stop_at((frame + n).clamp(0, end - 1));
            }
            Command::GoToStart => self.playback.stop_at(0),
            Command::GoToEnd => self.playback.stop_at(end - 1),
            Command::ToggleLoop => self.playback.looping = !self.playback.looping,
            Command::MarkIn => self.playback.mark_in = Some(self.playback.frame(now, rate, end)),
            Command::MarkOut => {
                self.playback.mark_out = Some(self.playback.frame(now, rate, end) + 1);
            }
            Command::ZoomIn => self.timeline.zoom(1.5, 0.0),
            Command::ZoomOut => self.timeline.zoom(1.0 / 1.5, 0.0),
            Command::ZoomToFit => self.timeline.fit(),
            Command::ShowShortcuts => self.show_shortcuts = true,
            Command::ShowAbout => self.show_about = true,
            Command::ShowPreferences => self.show_preferences = true,
            Command::Seek(frame) => {
                let frame = frame.clamp(0, end - 1);
                let moved = self.playback.frame(now, rate, end) != frame;
                self.playback.seek(frame, now);
                // Scrubbing while stopped: a short, faded snippet of sound.
                if moved
                    && !self.playback.is_playing()
                    && let Some(sound) = &self.sound
                {
                    sound.snippet(rate.samples_at(frame, inbetween_engine::audio::SAMPLE_RATE));
                }
            }
            Command::Select(selection) => self.selection = selection,
            Command::ToggleInSelection(id) => {
                let mut ids = match std::mem::take(&mut self.selection) {
                    Selection::Cards(ids) => ids,
                    _ => Vec::new(),
                };
                if let Some(i) = ids.iter().position(|x| *x == id) {
                    ids.remove(i);
                } else {
                    ids.push(id);
                }
                self.selection = Selection::Cards(ids);
            }
            Command::Edit(edit) => self.edit(&edit),
            Command::RegenerateGap(key) => self.regenerate(key),
            Command::DetectBeats(id) => self.detect_beats(id),
            Command::BeginGesture(label) => {
                if let Some(doc) = &mut self.document {
                    doc.begin_gesture(label);
                }
            }
            Command::EndGesture => {
                if let Some(doc) = &mut self.document {
                    doc.end_gesture();
                }
            }
            Command::Import(files, at) => {
                self.import(&files, at);
                self.library.refresh();
            }
        }
    }

    fn edit(&mut self, edit: &Edit) {
        let Some(doc) = &mut self.document else {
            return;
        };
        let in_gesture = doc.in_gesture();
        if let Err(e) = doc.apply(edit) {
            // While dragging, a refused position (an overlap) just leaves the
            // card where it last fitted.
            if !in_gesture {
                self.notify(format!("{}: {e}", edit.label()), true);
            }
        }
    }

    fn copy_selection(&mut self) {
        let (Selection::Cards(ids), Some(project)) = (&self.selection, self.project()) else {
            return;
        };
        let mut cards: Vec<_> = ids
            .iter()
            .filter_map(|id| project.card(*id))
            .cloned()
            .collect();
        cards.sort_by_key(|c| c.range_in_timeline.start);
        if cards.is_empty() {
            return;
        }
        // Something on the system clipboard too, so that Ctrl+V comes back
        // to the editor as a paste.
        self.clipboard_text = Some(format!("{} Inbetween card(s)", cards.len()));
        self.clipboard = cards;
    }

    fn paste(&mut self) {
        if self.clipboard.is_empty() {
            return;
        }
        let playhead = self.playhead();
        let Some(doc) = &mut self.document else {
            return;
        };
        let first = self.clipboard[0].range_in_timeline.start;
        let place = |doc: &mut Document, at: i64, cards: &[inbetween_engine::project::Card]| {
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
        let ids = place(doc, playhead, &cards).or_else(|| {
            let end = doc.project.duration_frames();
            place(doc, end, &cards)
        });
        match ids {
            Some(ids) => self.selection = Selection::Cards(ids),
            None => self.notify("The cards could not be pasted", true),
        }
    }

    /// Shows `file` in card `id` instead of what it showed (copied into
    /// the project like an import).
    pub fn replace_media(&mut self, id: inbetween_engine::project::CardId, file: &Path) {
        let Some(doc) = &self.document else { return };
        let rate = doc.project.settings.frame_rate;
        let old = doc.project.card(id).map(|c| c.content.clone());
        match import::content_for_file(&doc.folder, file, rate) {
            Ok((mut content, _)) => {
                // A clip keeps its sound settings.
                if let (
                    Some(inbetween_engine::project::CardContent::Clip { gain_db, muted, .. }),
                    inbetween_engine::project::CardContent::Clip {
                        gain_db: new_gain,
                        muted: new_muted,
                        ..
                    },
                ) = (old, &mut content)
                {
                    *new_gain = gain_db;
                    *new_muted = muted;
                }
                self.edit(&Edit::SetContent { id, content });
                self.library.refresh();
            }
            Err(reason) => self.notify(reason, true),
        }
    }

    /// Finds the beats of a sound on a lane (on a worker); they become
    /// markers when found.
    fn detect_beats(&mut self, id: inbetween_engine::project::AudioClipId) {
        let Some(doc) = &self.document else { return };
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
        let waker = self.waker.clone().unwrap_or_else(|| Arc::new(|| {}));
        let job = inbetween_engine::jobs::Job::spawn("detect beats", waker, move |_| {
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

    /// Takes the beats found, as markers (one undo step).
    fn poll_beats(&mut self) {
        let Some(job) = &self.beats else { return };
        let mut finished = None;
        while let Some(event) = job.try_recv() {
            if let inbetween_engine::jobs::JobEvent::Finished(result) = event {
                finished = Some(result);
            }
        }
        let Some(result) = finished else { return };
        self.beats = None;
        match result {
            Ok(frames) => {
                let markers: Vec<_> = frames
                    .iter()
                    .map(|&frame| inbetween_engine::project::Marker {
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

    /// Throws away a gap's generated frames and generates them again.
    fn regenerate(&mut self, key: GapKey) {
        let playhead = self.playhead();
        let (Some(doc), Some(engine)) = (&self.document, &mut self.engine) else {
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
        engine.generator.paused = false;
        engine
            .generator
            .restart(Arc::clone(&engine.project), playhead);
        engine.generator.put_first(key);
        engine.frames.invalidate();
    }

    fn delete_selection(&mut self) {
        if let Selection::Sound(id) = self.selection {
            self.selection = Selection::Nothing;
            self.edit(&Edit::RemoveAudioClip(id));
            return;
        }
        let Selection::Cards(ids) = std::mem::take(&mut self.selection) else {
            return;
        };
        let Some(doc) = &mut self.document else {
            return;
        };
        doc.begin_gesture(if ids.len() == 1 {
            "Delete card"
        } else {
            "Delete cards"
        });
        for id in ids {
            let _ = doc.apply(&Edit::RemoveCard {
                id,
                ripple: Ripple::No,
            });
        }
        doc.end_gesture();
    }

    fn import(&mut self, files: &[std::path::PathBuf], at: i64) {
        let Some(doc) = &mut self.document else {
            return;
        };
        let mut start = at.max(0);
        let mut messages = Vec::new();
        for file in files {
            let rate = doc.project.settings.frame_rate;
            if import::is_sound(file) {
                // Sound goes on the first audio lane (a new "Music" lane if
                // there is none), where it was dropped.
                let id = doc.project.next_audio_clip_id();
                match import::sound_clip_for_file(&doc.folder, file, id, at.max(0), rate) {
                    Ok(clip) => {
                        let edit = match doc.project.audio_lanes.first() {
                            Some(lane) => Edit::PlaceAudioClip {
                                lane: lane.id,
                                clip,
                            },
                            None => Edit::AddAudioLane(inbetween_engine::project::AudioLane {
                                id: doc.project.next_lane_id(),
                                name: "Music".into(),
                                kind: inbetween_engine::project::LaneKind::Music,
                                gain_db: 0.0,
                                muted: false,
                                solo: false,
                                clips: vec![clip],
                            }),
                        };
                        match doc.apply(&edit) {
                            Ok(()) => {
                                messages.push((format!("Imported {}", file.display()), false))
                            }
                            Err(e) => messages.push((format!("{}: {e}", file.display()), true)),
                        }
                    }
                    Err(reason) => messages.push((reason, true)),
                }
                continue;
            }
            let id = doc.project.next_card_id();
            match import::card_for_file(&doc.folder, file, id, start, rate) {
                Ok(mut card) => {
                    // Where the drop point is taken, the card goes after the film.
                    if doc.apply(&Edit::PlaceCard(card.clone())).is_err() {
                        card.range_in_timeline.start = doc.project.duration_frames();
                        if let Err(e) = doc.apply(&Edit::PlaceCard(card.clone())) {
                            messages.push((format!("{}: {e}", file.display()), true));
                            continue;
                        }
                    }
                    start = card.range_in_timeline.end();
                    self.selection = Selection::Cards(vec![card.id]);
                    messages.push((format!("Imported {}", file.display()), false));
                }
                Err(reason) => messages.push((reason, true)),
            }
        }
        for (text, error) in messages {
            self.notify(text, error);
        }
    }

    fn save(&mut self) {
        let Some(doc) = &mut self.document else {
            return;
        };
        let result = doc.save();
        match result {
            Ok(()) => {
                project::discard_recovery(&doc.folder);
                self.notify("Saved", false);
            }
            Err(e) => self.notify(format!("Not saved: {e}"), true),
        }
    }

    /// Opens the file dialog for `purpose`.
    fn ask_file(&mut self, purpose: Purpose) {
        let folder = self.document.as_ref().map(|d| d.folder.clone());
        let name = self
            .document
            .as_ref()
            .map(|d| format!("{}.mp4", d.project.settings.name));
        let waker = self.waker.clone();
        self.files.ask(purpose, folder, name, move || {
            if let Some(waker) = &waker {
                waker();
            }
        });
    }

    /// Acts on a file dialog's answer.
    fn file_chosen(&mut self, purpose: Purpose, chosen: Vec<PathBuf>) {
        let Some(first) = chosen.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::Open => self.after_asking(Then::Open(first)),
            Purpose::New => self.after_asking(Then::New(first)),
            Purpose::SaveAs => self.save_as(&first),
            Purpose::Import => {
                let at = self.playhead();
                self.import(&chosen, at);
            }
            Purpose::ExportTo => self.export.path = first.display().to_string(),
            Purpose::Replace(id) => self.replace_media(id, &first),
            Purpose::Weights => self.set_weights(Some(first)),
        }
    }

    /// Uses the IFNet weights in `path` (None: no IFNet). The workers start
    /// anew with the new models; a file that does not load is named in a
    /// notice and in Preferences, and the built-in models stay.
    pub fn set_weights(&mut self, path: Option<PathBuf>) {
        self.models = GapModels::with_weights(path);
        match &self.models.status {
            Some(Ok(summary)) => self.notify(format!("IFNet loaded: {summary}"), false),
            Some(Err(reason)) => self.notify(reason.clone(), true),
            None => {}
        }
        self.engine = None;
    }

    /// Starts the workers once there is a context to wake.
    fn ensure_engine(&mut self, ctx: &egui::Context) {
        if self.waker.is_none() {
            let ctx = ctx.clone();
            self.waker = Some(Arc::new(move || ctx.request_repaint()));
        }
        if self.sound.is_none() {
            let sound = if self.play_sound {
                SoundOutput::open()
            } else {
                SoundOutput::without_device("Sound is off")
            };
            if self.play_sound
                && let Some(reason) = &sound.unavailable
            {
                let reason = reason.clone();
                self.notify(reason, false);
            }
            self.sound = Some(sound);
        }
        if self.engine.is_some() {
            return;
        }
        let Some(doc) = &self.document else { return };
        let cache = GapCache::for_project(&doc.folder);
        let compositor = match Compositor::new(&doc.folder) {
            Ok(c) => Arc::new(c.with_gap_frames(Arc::new(CachedGaps::new(
                cache.clone(),
                Arc::clone(&self.models.registry),
            )))),
            Err(e) => {
                self.notify(format!("Cannot draw the film: {e}"), true);
                return;
            }
        };
        let ctx = ctx.clone();
        let waker: Waker = Arc::new(move || ctx.request_repaint());
        let project = Arc::new(doc.project.clone());
        let mut generator = Generator::new(
            Arc::clone(&compositor),
            cache,
            Arc::clone(&self.models.registry),
            Arc::clone(&project),
            Arc::clone(&waker),
        );
        generator.paused = !self.generate;
        generator.restart(Arc::clone(&project), 0);
        // One core is left to the GUI thread, so drawing never waits for
        // rendering (measured: with as many workers as cores, the UI's p99
        // frame time while dragging doubled on 2 cores).
        let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() - 1).clamp(1, 4));
        let mixes = MixBuilder::new(Arc::clone(&compositor), Arc::clone(&waker));
        mixes.rebuild(Arc::clone(&project));
        self.engine = Some(Engine {
            mixes,
            thumbnails: Thumbnails::new(Arc::clone(&compositor), Arc::clone(&waker)),
            project: Arc::clone(&project),
            compositor: Arc::clone(&compositor),
            frames: FrameSource::new(compositor, project, threads, waker),
            generator,
            version: doc.version(),
            shown_version: doc.version(),
        });
    }

    /// Hands a changed document to the workers; picks up generated gaps.
    fn sync_engine(&mut self) {
        let playhead = self.playhead();
        let (Some(doc), Some(engine)) = (&mut self.document, &mut self.engine) else {
            return;
        };
        // The picture follows every step of a drag...
        if engine.shown_version != doc.version() {
            engine.project = Arc::new(doc.project.clone());
            engine
                .frames
                .set_project(Arc::clone(&engine.project), doc.version());
            engine.shown_version = doc.version();
        }
        // ...the sound and the generated gaps only the document a drag ends with.
        if engine.version != doc.version() && !doc.in_gesture() {
            engine.mixes.rebuild(Arc::clone(&engine.project));
            engine
                .generator
                .restart(Arc::clone(&engine.project), playhead);
            engine.version = doc.version();
        }
        let mut notices = Vec::new();
        if let Some(built) = engine.mixes.poll() {
            if let Some(sound) = &self.sound {
                sound.set_mixer(built.mixer);
            }
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
        for report in engine.generator.poll() {
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
                        engine.frames.invalidate();
                    }
                }
                Report::Failed { key, reason } => {
                    notices.push(format!(
                        "{} was not generated: {reason}",
                        timeline::gap_label(key)
                    ));
                }
            }
        }
        for text in notices {
            self.notify(text, true);
        }
    }

    fn gap_status(&self, key: GapKey) -> Option<GapStatus> {
        self.engine
            .as_ref()
            .and_then(|e| e.generator.status(key).cloned())
    }

    /// Shows the frame at the playhead if it is ready; how long putting it
    /// in the texture took.
    fn update_preview(&mut self, ctx: &egui::Context, frame: &eframe::Frame) -> Duration {
        let playhead = self.playhead();
        let Some(engine) = &self.engine else {
            return Duration::ZERO;
        };
        let (_, end) = self.film_clock();
        let looping = self.playback.looping.then(|| self.playback.range(end));
        engine
            .frames
            .want(playhead, i64::from(self.playback.speed().signum()), looping);
        let stamp = engine.frames.stamp();
        if self.preview.shown_frame == Some(playhead) && self.preview_stamp == stamp {
            return Duration::ZERO;
        }
        let Some(image) = engine.frames.get(playhead) else {
            return Duration::ZERO;
        };
        let started = Instant::now();
        self.preview
            .show_frame(ctx, frame.wgpu_render_state(), &image, playhead);
        self.preview_stamp = stamp;
        self.playback.shown(playhead);
        if self.playback.is_playing() {
            self.stats.frames_played += 1;
        }
        started.elapsed()
    }
}

/// What the editor measures about itself, for the benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrameStats {
    /// The time the last frame spent in the editor's own code, building the
    /// UI (the preview upload not included).
    pub ui_time: Duration,
    /// The time the last frame spent putting a new picture in the preview
    /// texture (zero when the picture did not change).
    pub upload_time: Duration,
    /// Film frames shown while playing.
    pub frames_played: u64,
}

impl EditorApp {
    /// The editor's own measurements.
    pub fn stats(&self) -> FrameStats {
        self.stats
    }

    /// Frames skipped during playback so far.
    pub fn dropped_frames(&self) -> u64 {
        self.playback.dropped
    }
}
