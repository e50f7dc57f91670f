//! The window's panels and dialogs, each frame: menu bar, status bar,
//! timeline, inspector, preview; keyboard shortcuts, dropped files, and the
//! question about unsaved changes when the window closes.

use std::time::Duration;

use eframe::egui::{self, Ui};

use std::sync::Arc;

use super::command::{Command, SHORTCUTS};
use super::documents::Then;
use super::export_dialog::Ask;
use super::files::Purpose;
use super::gap_models::{WEIGHTS_KEY, WeightsAction};
use super::generation::GapStatus;
use super::preview::{Transport, transport_ui};
use super::timeline::TimelineContext;
use super::{EditorApp, NOTICE_SECONDS, RECENT_KEY, Selection};

impl eframe::App for EditorApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, WEIGHTS_KEY, &self.models.weights);
    }

    fn on_exit(&mut self) {
        // For scripts/bench-xvfb-playback: what playback achieved.
        if std::env::var_os("INBETWEEN_PLAYBACK_STATS").is_some() {
            eprintln!(
                "playback stats: {} frames shown while playing, {} dropped",
                self.stats.frames_played,
                self.dropped_frames()
            );
        }
        // Closed with nothing unsaved: no recovery copy is needed.
        if let Some(session) = &self.session
            && !session.document.is_dirty()
        {
            inbetween_engine::project::discard_recovery(session.folder());
        }
    }

    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        self.ensure_workers(&ctx);
        self.sync_workers();
        self.sync_sound();
        let upload = self.update_preview(&ctx, frame);
        if let Some((purpose, chosen)) = self.files.poll() {
            self.file_chosen(purpose, chosen);
        }
        if let Some(ask) = self.export.poll() {
            self.export_ask(ask);
        }
        let mut saved_as = None;
        if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
            session.autosave();
            session.poll_beats();
            session.poll_imports();
            saved_as = session.poll_save_as();
            let version = session.document.version();
            session
                .library
                .poll(&session.document.project, version, waker);
        }
        if let Some(folder) = saved_as {
            self.remember_recent(&folder);
        }
        self.collect_notices();
        let mut commands = Vec::new();
        self.close_request(&ctx);
        if !ctx.egui_wants_keyboard_input() {
            // Every press counts: several can arrive in one frame.
            for (command, shortcut) in &SHORTCUTS {
                let presses = ctx.input_mut(|i| {
                    i.count_and_consume_key(shortcut.modifiers, shortcut.logical_key)
                });
                commands.extend(std::iter::repeat_n(command.clone(), presses));
            }
            // The windowing layer turns Ctrl+X/C/V into these events.
            ctx.input(|i| {
                for event in &i.events {
                    match event {
                        egui::Event::Cut => commands.push(Command::Cut),
                        egui::Event::Copy => commands.push(Command::Copy),
                        egui::Event::Paste(_) => commands.push(Command::Paste),
                        _ => {}
                    }
                }
            });
        }
        egui::Panel::top("menu bar").show(ui, |ui| self.menu_bar(ui, &mut commands));
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar(ui));
        if self.session.is_some() {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(175.0)
                .min_size(110.0)
                .show(ui, |ui| self.timeline_panel(ui, &mut commands));
            egui::Panel::left("media library")
                .resizable(true)
                .default_size(190.0)
                .min_size(120.0)
                .show(ui, |ui| {
                    // The panel keeps its width whatever it shows.
                    ui.set_min_width(ui.available_width());
                    self.library_panel(ui, &mut commands);
                });
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(300.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    // The same width for every selection, so the preview
                    // never jumps; long texts wrap or shorten instead.
                    ui.set_min_width(ui.available_width());
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.inspector_panel(ui, &mut commands));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_panel(ui, &mut commands));
        self.dialogs(&ctx);
        let changed = !commands.is_empty();
        for command in commands {
            self.execute(command);
        }
        self.sync_sound();
        if let Some(text) = self.clipboard_text.take() {
            ctx.copy_text(text);
        }
        if changed {
            ctx.request_repaint();
        }
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if let Some(session) = &self.session
            && session.playback.is_playing()
        {
            let (rate, _) = session.film_clock();
            ctx.request_repaint_after(session.playback.next_frame_in(rate));
        }
        self.stats.ui_time = started.elapsed().saturating_sub(upload);
        self.stats.upload_time = upload;
        self.notices
            .retain(|n| n.at.elapsed() < Duration::from_secs(NOTICE_SECONDS));
        if let Some(first) = self.notices.first() {
            let left = Duration::from_secs(NOTICE_SECONDS).saturating_sub(first.at.elapsed());
            ctx.request_repaint_after(left);
        }
    }
}

impl EditorApp {
    /// With unsaved changes, closing the window asks first.
    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Then::Close);
        }
    }

    fn export_ask(&mut self, ask: Ask) {
        match ask {
            Ask::ChooseFile => self.ask_file(Purpose::ExportTo),
            Ask::Notice(text, error) => self.notify(text, error),
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let has_document = self.session.is_some();
        let (undo, redo) = match &self.session {
            Some(s) => (
                s.document.undo_label().map(str::to_owned),
                s.document.redo_label().map(str::to_owned),
            ),
            None => (None, None),
        };
        let cards_selected = self
            .session
            .as_ref()
            .is_some_and(|s| matches!(&s.selection, Selection::Cards(ids) if !ids.is_empty()));
        let can_paste = self
            .session
            .as_ref()
            .is_some_and(|s| !s.clipboard.is_empty());
        let looping = self.session.as_ref().is_some_and(|s| s.playback.looping);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, Command::New, true, None, out);
                item(ui, Command::Open, true, None, out);
                ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
                    ui.menu_button("Open Recent", |ui| {
                        for folder in &self.recent {
                            item(ui, Command::OpenPath(folder.clone()), true, None, out);
                        }
                    });
                });
                ui.separator();
                item(ui, Command::Save, has_document, None, out);
                item(ui, Command::SaveAs, has_document, None, out);
                ui.separator();
                item(ui, Command::ImportMedia, has_document, None, out);
                item(ui, Command::ExportFilm, has_document, None, out);
                ui.separator();
                item(ui, Command::Quit, true, None, out);
            });
            ui.menu_button("Edit", |ui| {
                let undo_text = undo.as_ref().map(|l| format!("Undo {l}"));
                let redo_text = redo.as_ref().map(|l| format!("Redo {l}"));
                item(ui, Command::Undo, undo.is_some(), undo_text, out);
                item(ui, Command::Redo, redo.is_some(), redo_text, out);
                ui.separator();
                item(ui, Command::NewTextCard(None), has_document, None, out);
                ui.separator();
                item(ui, Command::Cut, cards_selected, None, out);
                item(ui, Command::Copy, cards_selected, None, out);
                item(ui, Command::Paste, can_paste, None, out);
                item(ui, Command::Delete, cards_selected, None, out);
                item(ui, Command::RippleDelete, cards_selected, None, out);
                item(ui, Command::SelectAll, has_document, None, out);
                ui.separator();
                item(ui, Command::ShowPreferences, true, None, out);
            });
            ui.menu_button("View", |ui| {
                item(ui, Command::ZoomIn, has_document, None, out);
                item(ui, Command::ZoomOut, has_document, None, out);
                item(ui, Command::ZoomToFit, has_document, None, out);
                ui.separator();
                ui.checkbox(&mut self.preview.safe_guides, "Safe-area guides");
                ui.menu_button("Aspect guide", |ui| {
                    ui.radio_value(&mut self.preview.aspect_guide, None, "None");
                    for (w, h, name) in super::preview::ASPECT_GUIDES {
                        ui.radio_value(&mut self.preview.aspect_guide, Some((w, h)), name);
                    }
                });
                ui.checkbox(&mut self.preview.actual_size, "Preview at 100%");
            });
            ui.menu_button("Playback", |ui| {
                item(ui, Command::TogglePlay, has_document, None, out);
                item(ui, Command::GoToStart, has_document, None, out);
                item(ui, Command::GoToEnd, has_document, None, out);
                item(ui, Command::StepFrames(-1), has_document, None, out);
                item(ui, Command::StepFrames(1), has_document, None, out);
                ui.separator();
                item(ui, Command::MarkIn, has_document, None, out);
                item(ui, Command::MarkOut, has_document, None, out);
                let mut looping = looping;
                if ui.checkbox(&mut looping, "Loop playback").clicked() {
                    out.push(Command::ToggleLoop);
                    ui.close();
                }
            });
            ui.menu_button("Help", |ui| {
                item(ui, Command::ShowShortcuts, true, None, out);
                item(ui, Command::ShowAbout, true, None, out);
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if let Some(notice) = self.notices.last() {
                let colour = if notice.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(colour, &notice.text);
                ui.separator();
            }
            let Some(session) = &mut self.session else {
                return;
            };
            if session.saving_as() {
                ui.spinner();
                ui.label("Copying the media for Save As…");
                ui.separator();
            }
            if let Some(done) = session.importing() {
                ui.add(
                    egui::ProgressBar::new(done as f32)
                        .desired_width(120.0)
                        .text("Importing"),
                );
                ui.separator();
            }
            let summary = super::generation::Summary::of(session);
            let Some(workers) = &mut session.workers else {
                return;
            };
            if let Some(error) = workers.frames.error() {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot draw {error}"));
                ui.separator();
            }
            let generator = &mut workers.generator;
            if let Some((key, done)) = generator.running() {
                ui.add(
                    egui::ProgressBar::new(done)
                        .desired_width(140.0)
                        .text(format!("Generating {}", super::timeline::gap_label(key))),
                );
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop generating; gaps keep their drafts")
                    .clicked()
                {
                    generator.cancel();
                }
            }
            ui.label(summary.text());
            if generator.running().is_none()
                && generator.paused
                && generator.queued() > 0
                && ui.button("Resume").clicked()
            {
                generator.paused = false;
            }
        });
    }

    fn timeline_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let playhead = self.playhead();
        let Some(session) = &mut self.session else {
            return;
        };
        let mut thumbnails = std::collections::HashMap::new();
        if let Some(workers) = &mut session.workers {
            workers.thumbnails.poll(ui.ctx());
            for card in &session.document.project.cards {
                if let Some(texture) = workers.thumbnails.get(card, &workers.project) {
                    thumbnails.insert(card.id, texture);
                }
            }
        }
        let workers = &session.workers;
        let statuses = |key| -> Option<GapStatus> {
            workers
                .as_ref()
                .and_then(|w| w.generator.status(key).cloned())
        };
        let cx = TimelineContext {
            waveforms: &session.waveforms,
            thumbnails: &thumbnails,
            project: &session.document.project,
            selection: &session.selection,
            playhead,
            marks: (session.playback.mark_in, session.playback.mark_out),
            gap_status: &statuses,
        };
        out.extend(session.timeline.ui(ui, &cx));
    }

    fn library_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let playhead = self.playhead();
        let Some(session) = &self.session else { return };
        out.extend(session.library.ui(ui, session.project(), playhead));
    }

    fn inspector_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let status = match &session.selection {
            Selection::Gap(key) => session.gap_status(*key),
            _ => None,
        };
        out.extend(session.inspector.ui(
            ui,
            &session.document.project,
            &session.library,
            &session.selection,
            status,
            &self.models.available(),
        ));
    }

    fn central_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        if let Some(error) = &self.open_error {
            ui.heading("The project could not be opened");
            ui.add_space(8.0);
            ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            return;
        }
        let playhead = self.playhead();
        let Some(session) = &self.session else {
            ui.heading("No project is open");
            ui.label("Use File > New… or File > Open…, or start Inbetween with a project folder: inbetween projects/demo");
            return;
        };
        let settings = &session.project().settings;
        let playback = &session.playback;
        let transport = Transport {
            frame: playhead,
            film_end: session.project().duration_frames(),
            rate: settings.frame_rate,
            playing: playback.is_playing(),
            speed: playback.speed(),
            looping: playback.looping,
            dropped: playback.dropped,
            no_sound: match &self.sound {
                Some(sound) => sound.unavailable.clone(),
                None => Some("The sound output is not open yet".into()),
            },
        };
        let film_size = (settings.resolution.width, settings.resolution.height);
        egui::Panel::bottom("transport")
            .show_separator_line(false)
            .show(ui, |ui| {
                out.extend(transport_ui(ui, &transport, &mut self.preview));
            });
        egui::CentralPanel::default().show(ui, |ui| self.preview.picture_ui(ui, film_size));
    }

    fn dialogs(&mut self, ctx: &egui::Context) {
        // One row per command, its keys together; the list scrolls when the
        // window is shorter than it.
        let mut rows: Vec<(Command, Vec<String>)> = Vec::new();
        for (command, shortcut) in &SHORTCUTS {
            let keys = ctx.format_shortcut(shortcut);
            match rows.iter_mut().find(|(c, _)| c == command) {
                Some((_, all)) => all.push(keys),
                None => rows.push((command.clone(), vec![keys])),
            }
        }
        let tallest = (ctx.content_rect().height() - 120.0).max(120.0);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(tallest)
                    .show(ui, |ui| shortcuts_ui(ui, &rows));
            });
        let mut show_preferences = self.show_preferences;
        let mut action = None;
        egui::Window::new("Preferences")
            .open(&mut show_preferences)
            .collapsible(false)
            .show(ctx, |ui| action = self.models.preferences_ui(ui));
        self.show_preferences = show_preferences;
        match action {
            Some(WeightsAction::Choose) => self.ask_file(super::files::Purpose::Weights),
            Some(WeightsAction::Clear) => self.set_weights(None),
            None => {}
        }
        egui::Window::new("About Inbetween")
            .open(&mut self.show_about)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("Inbetween {}", env!("CARGO_PKG_VERSION")));
                ui.label("A storyboard editor that fills the gaps between story cards with frames made on this computer.");
            });
        if let Some(then) = self.confirm.clone() {
            let question = match &then {
                Then::Close => "Save changes before closing?",
                Then::Open(_) | Then::New(_) => "Save changes before opening another project?",
            };
            let mut answer = None;
            let modal = egui::Modal::new(egui::Id::unique("save first")).show(ctx, |ui| {
                ui.heading(question);
                ui.label("Changes not saved are lost.");
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Don't save").clicked() {
                        answer = Some(false);
                    }
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                });
            });
            if modal.should_close() {
                self.confirm = None;
            }
            if let Some(save) = answer {
                self.confirm = None;
                if save {
                    self.execute(Command::Save);
                } else if let Some(session) = &mut self.session {
                    session.drop_changes();
                }
                // Only go on when the changes are saved (or dropped).
                if !save || !self.is_dirty() {
                    self.proceed(then);
                }
            }
        }
        if self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Some(offer) = self.session.as_ref().and_then(|s| s.recovery.as_ref()) {
            let when = offer
                .written
                .elapsed()
                .map(super::documents::ago)
                .unwrap_or_else(|_| "recently".into());
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.heading("Restore unsaved changes?");
                ui.label(format!(
                    "This project was not closed properly. A copy with the changes made before that was kept ({when})."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(false);
                    }
                });
            });
            if let (Some(restore), Some(session)) = (answer, &mut self.session) {
                if restore {
                    session.restore_recovery();
                } else {
                    session.recovery = None;
                    session.drop_changes();
                }
            }
        }
        self.export_window(ctx);
    }

    fn export_window(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        let Some(session) = &self.session else { return };
        let marks = (session.playback.mark_in, session.playback.mark_out);
        let mut open = true;
        let mut result = None;
        egui::Window::new("Export film")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                result = Some(self.export.ui(ui, session.project(), marks));
            });
        if !open && !self.export.is_running() {
            self.export.open = false;
        }
        let Some((asks, start)) = result else { return };
        for ask in asks {
            self.export_ask(ask);
        }
        if start {
            self.start_export();
        }
    }

    /// Starts exporting the document as it is now.
    pub(super) fn start_export(&mut self) {
        let (Some(session), Some(waker)) = (&self.session, &self.waker) else {
            self.notify("The film cannot be drawn, so it cannot be exported", true);
            return;
        };
        let Some(workers) = &session.workers else {
            self.notify("The film cannot be drawn, so it cannot be exported", true);
            return;
        };
        let marks = (session.playback.mark_in, session.playback.mark_out);
        let started = self.export.start(
            session.project(),
            Arc::clone(&workers.compositor),
            marks,
            Arc::clone(waker),
        );
        if let Err(e) = started {
            self.notify(format!("Not exported: {e}"), true);
        }
    }
}

/// A menu entry for `command`, with its shortcut.
fn item(
    ui: &mut Ui,
    command: Command,
    enabled: bool,
    text: Option<String>,
    out: &mut Vec<Command>,
) {
    let mut button = egui::Button::new(text.unwrap_or_else(|| command.label()));
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(command);
        ui.close();
    }
}

/// The shortcut list: each command with its keys, then the mouse's gestures.
fn shortcuts_ui(ui: &mut Ui, rows: &[(Command, Vec<String>)]) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for (command, keys) in rows {
            ui.label(keys.join(", "));
            ui.label(command.label());
            ui.end_row();
        }
        for (keys, what) in [
            ("Ctrl + wheel", "Zoom the timeline about the pointer"),
            ("Wheel", "Scroll the timeline"),
            ("Drag a card", "Move it (Alt: no snapping)"),
            ("Drag a card's edge", "Trim it"),
            ("Shift/Ctrl + click", "Add a card to the selection"),
            ("Click or drag the ruler", "Seek, scrub"),
            ("Click a gap", "Select it and put the playhead in it"),
            ("Right-click", "Card and gap menus"),
        ] {
            ui.label(keys);
            ui.label(what);
            ui.end_row();
        }
    });
}
