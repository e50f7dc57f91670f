//! The editor window: menu bar, preview with its transport, inspector,
//! timeline and status bar.
//!
//! [`EditorApp`] is the shell: the window, menus, preferences, recent
//! projects, dialogs and the sound device. Everything that belongs to one
//! open project lives in its `session::Session`, which New and Open
//! replace whole. Views return [`Command`]s and [`EditorApp::execute`]
//! (`command_handling.rs`) applies them, as engine edits where they change
//! the document. Frames are rendered ahead on worker threads ([`frames`])
//! and gaps are generated in the background (`generation`); the GUI
//! thread only picks up what is ready and never waits.

mod board_view;
mod command;
mod command_handling;
mod deliverables;
mod dialogs;
mod document;
mod documents;
mod export_dialog;
mod files;
pub mod frames;
mod framing;
mod gap_models;
mod generation;
mod import;
mod inspector;
mod library;
mod menu_bar;
mod mix_builder;
mod playback;
mod playhead;
mod preview;
mod session;
pub mod sound;
mod takes;
mod text_card;
mod theme;
mod thumbnails;
mod timeline;
mod window;
mod workers;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui;
use gap_models::{GapModels, SCALE_KEY, UPGRADE_KEY, WEIGHTS_KEY};
use inbetween_engine::r#gen::installed::installed_ifnet_weights;
use inbetween_engine::jobs::Waker;
use inbetween_engine::project::{self, Project};

pub use command::{Command, Selection};
use document::Document;
use documents::Then;
use export_dialog::ExportDialog;
use files::{FileDialogs, Purpose};
use preview::Preview;
use session::Session;
use sound::SoundOutput;

#[cfg(test)]
use generation::GapStatus;

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
                app.models.scale = eframe::get_value(storage, SCALE_KEY).unwrap_or(1.0);
                app.models.upgrades = eframe::get_value(storage, UPGRADE_KEY).unwrap_or(true);
                // Set in Preferences, or else installed (scripts/install-weights).
                let weights = weights.or_else(installed_ifnet_weights);
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

/// A message in the status bar.
struct Notice {
    text: String,
    error: bool,
    at: Instant,
}

/// The editor: the shell around the open project's session.
pub struct EditorApp {
    /// The open project, if any.
    session: Option<Session>,
    /// Why the project given on the command line could not be opened.
    open_error: Option<String>,
    /// The preview's texture and its display options (kept across projects).
    preview: Preview,
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
    /// File ▸ Export boards….
    boards: deliverables::BoardsDialog,
    /// File ▸ Export timeline….
    timeline_export: deliverables::TimelineDialog,
    /// The timeline Import timeline… is importing, while it asks where to.
    timeline_to_import: Option<PathBuf>,
    /// Recently opened project folders, newest first.
    recent: Vec<PathBuf>,
    /// Wakes the GUI thread from workers (set on the first frame).
    waker: Option<Waker>,
    /// The sound output (opened with the first frame).
    sound: Option<SoundOutput>,
    /// Open the sound device (tests and benchmarks do not).
    play_sound: bool,
    /// The playback clock's start the sound last followed.
    sound_anchor: Option<(u64, i64, bool, i32)>,
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
        let (session, open_error) = match path.map(project::load) {
            None => (None, None),
            Some(Ok(loaded)) => (Some(Session::new(Document::new(loaded))), None),
            Some(Err(e)) => (None, Some(e.to_string())),
        };
        let folder = session.as_ref().map(|s| s.folder().to_path_buf());
        let mut app = Self {
            session,
            open_error,
            preview: Preview::default(),
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
            boards: deliverables::BoardsDialog::default(),
            timeline_export: deliverables::TimelineDialog::default(),
            timeline_to_import: None,
            recent: Vec::new(),
            waker: None,
            sound: None,
            play_sound: true,
            sound_anchor: None,
            clipboard_text: None,
            stats: FrameStats::default(),
            title: String::new(),
            preview_stamp: (0, 0),
        };
        app.title = app.window_title();
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
        match &self.session {
            Some(s) => format!(
                "Inbetween — {}{}",
                s.project().settings.name,
                if s.document.is_dirty() { " •" } else { "" }
            ),
            None => "Inbetween".to_owned(),
        }
    }

    /// The open document.
    pub fn project(&self) -> Option<&Project> {
        self.session.as_ref().map(Session::project)
    }

    #[cfg(test)]
    /// The open project's session.
    fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    #[cfg(test)]
    /// Where a gap's frames are.
    fn gap_status(&self, key: inbetween_engine::project::GapKey) -> Option<GapStatus> {
        self.session.as_ref()?.gap_status(key)
    }

    #[cfg(test)]
    /// What Auto chose for a generated gap.
    fn gap_choice(
        &self,
        key: inbetween_engine::project::GapKey,
    ) -> Option<inbetween_engine::project::AutoChoice> {
        self.session.as_ref()?.gap_choice(key)
    }

    #[cfg(test)]
    /// How clean a generated gap is.
    fn gap_clean(&self, key: inbetween_engine::project::GapKey) -> Option<f32> {
        self.session.as_ref()?.gap_clean(key)
    }

    #[cfg(test)]
    /// What is selected.
    pub fn selection(&self) -> &Selection {
        const NOTHING: &Selection = &Selection::Nothing;
        self.session.as_ref().map_or(NOTHING, |s| &s.selection)
    }

    /// True while playing.
    pub fn is_playing(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.playback.is_playing())
    }

    /// True when there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.document.is_dirty())
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            error,
            at: Instant::now(),
        });
    }

    /// Moves what the session said into the status bar.
    fn collect_notices(&mut self) {
        let said = match &mut self.session {
            Some(session) => session.take_notices(),
            None => return,
        };
        for (text, error) in said {
            self.notify(text, error);
        }
    }

    /// Puts `session` in place of the open one (whose workers are
    /// cancelled and joined as it drops).
    fn replace_session(&mut self, session: Session) {
        if let Some(sound) = &self.sound {
            sound.stop();
        }
        self.sound_anchor = None;
        self.session = Some(session);
        self.open_error = None;
        // The texture and the display options stay; the frame is the new film's.
        self.preview.shown_frame = None;
        self.preview_stamp = (0, 0);
    }

    /// Opens the file dialog for `purpose`.
    fn ask_file(&mut self, purpose: Purpose) {
        let folder = self.session.as_ref().map(|s| s.folder().to_path_buf());
        let name = self.project().map(|p| format!("{}.mp4", p.settings.name));
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
                if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
                    session.import(chosen, at, waker.clone());
                }
            }
            Purpose::ExportTo => self.export.path = first.display().to_string(),
            Purpose::BoardsTo => self.boards.path = first.display().to_string(),
            Purpose::TimelineTo => self.timeline_export.path = first.display().to_string(),
            Purpose::ImportTimeline => {
                self.timeline_to_import = Some(first);
                self.ask_file(Purpose::ImportTimelineInto);
            }
            Purpose::ImportTimelineInto => {
                if let Some(timeline) = self.timeline_to_import.take() {
                    self.import_timeline(&timeline, &first);
                }
            }
            Purpose::Replace(id) => {
                if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
                    session.replace_media(id, first, waker.clone());
                }
            }
            Purpose::Weights => self.set_weights(Some(first)),
        }
        self.collect_notices();
    }

    /// Makes the project `folder` of the OpenTimelineIO file `timeline` and
    /// opens it (asking first about unsaved changes); a timeline that cannot
    /// be read is named in a notice, and nothing is written.
    fn import_timeline(&mut self, timeline: &Path, folder: &Path) {
        use inbetween_engine::interchange::import_timeline::import_timeline;
        match import_timeline(timeline, folder) {
            Ok(imported) => {
                let mut text = format!(
                    "Imported {}: {} cards",
                    timeline.display(),
                    imported.project.cards.len()
                );
                if !imported.warnings.is_empty() {
                    text = format!("{text} ({})", imported.warnings.join("; "));
                }
                self.notify(text, !imported.warnings.is_empty());
                self.after_asking(Then::Open(folder.to_path_buf()));
            }
            Err(e) => self.notify(format!("Not imported: {e}"), true),
        }
    }

    /// Uses the IFNet weights in `path` (None: no IFNet). The workers start
    /// anew with the new models; a file that does not load is named in a
    /// notice and in Preferences, and the built-in models stay.
    pub fn set_weights(&mut self, path: Option<PathBuf>) {
        self.models = GapModels::with_weights(path, self.models.scale, self.models.upgrades);
        match &self.models.status {
            Some(Ok(summary)) => self.notify(format!("IFNet loaded: {summary}"), false),
            Some(Err(reason)) => self.notify(reason.clone(), true),
            None => {}
        }
        if let Some(session) = &mut self.session {
            session.workers = None;
        }
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
        self.session.as_ref().map_or(0, |s| s.playback.dropped)
    }
}
