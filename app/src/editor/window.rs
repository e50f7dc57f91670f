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
use super::{EditorApp, NOTICE_SECONDS, RECENT_KEY};

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
                self.stats.frames_played, self.playback.dropped
            );
        }
        // Closed with nothing unsaved: no recovery copy is needed.
        if let Some(doc) = &self.document
            && !doc.is_dirty()
        {
            inbetween_engine::project::discard_recovery(&doc.folder);
        }
    }

    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        self.ensure_engine(&ctx);
        self.sync_engine();
        self.sync_sound();
        let upload = self.update_preview(&ctx, frame);
        if let Some((purpose, chosen)) = self.files.poll() {
            self.file_chosen(purpose, chosen);
        }
        if let Some(ask) = self.export.poll() {
            self.export_ask(ask);
        }
        self.autosave();
        self.poll_beats();
        let mut commands = Vec::new();
        self.close_request(&ctx);
        if !ctx.egui_wants_keyboard_input() {
            for (command, shortcut) in &SHORTCUTS {
                if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                    commands.push(command.clone());
                }
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
        if self.document.is_some() {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(175.0)
                .min_size(110.0)
                .show(ui, |ui| self.timeline_panel(ui, &mut commands));
            egui::Panel::left("media library")
                .resizable(true)
                .default_size(190.0)
                .min_size(120.0)
                .show(ui, |ui| self.library_panel(ui, &mut commands));
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(300.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
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
        if self.is_playing() {
            let (rate, _) = self.film_clock();
            ctx.request_repaint_after(self.playback.next_frame_in(rate));
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
        let has_document = self.document.is_some();
        let (undo, redo) = match &self.document {
            Some(doc) => (
                doc.undo_label().map(str::to_owned),
                doc.redo_label().map(str::to_owned),
            ),
            None => (None, None),
        };
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
                let cards_selected =
                    matches!(&self.selection, super::Selection::Cards(ids) if !ids.is_empty());
                item(ui, Command::Cut, cards_selected, None, out);
                item(ui, Command::Copy, cards_selected, None, out);
                item(ui, Command::Paste, !self.clipboard.is_empty(), None, out);
                item(ui, Command::Delete, cards_selected, None, out);
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
                let mut looping = self.playback.looping;
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
            let Some(engine) = &mut self.engine else {
                return;
            };
            if let Some(error) = engine.frames.error() {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot draw {error}"));
                ui.separator();
            }
            match engine.generator.running() {
                Some((key, done)) => {
                    ui.add(
                        egui::ProgressBar::new(done)
                            .desired_width(140.0)
                            .text(format!("Generating {}", super::timeline::gap_label(key))),
                    );
                    if engine.generator.queued() > 0 {
                        ui.label(format!("{} more waiting", engine.generator.queued()));
                    }
                    if ui
                        .button("Cancel")
                        .on_hover_text("Stop generating; gaps keep their drafts")
                        .clicked()
                    {
                        engine.generator.cancel();
                    }
                }
                None if engine.generator.paused && engine.generator.queued() > 0 => {
                    ui.label(format!(
                        "Generation paused, {} gaps waiting",
                        engine.generator.queued()
                    ));
                    if ui.button("Resume").clicked() {
                        engine.generator.paused = false;
                    }
                }
                None => {
                    ui.label("All gaps generated");
                }
            }
        });
    }

    fn timeline_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let playhead = self.playhead();
        let Some(doc) = &self.document else { return };
        let mut thumbnails = std::collections::HashMap::new();
        if let Some(engine) = &mut self.engine {
            engine.thumbnails.poll(ui.ctx());
            for card in &doc.project.cards {
                if let Some(texture) = engine.thumbnails.get(card, &engine.project) {
                    thumbnails.insert(card.id, texture);
                }
            }
        }
        let statuses = |key| -> Option<GapStatus> {
            self.engine
                .as_ref()
                .and_then(|e| e.generator.status(key).cloned())
        };
        let cx = TimelineContext {
            waveforms: &self.waveforms,
            thumbnails: &thumbnails,
            project: &doc.project,
            selection: &self.selection,
            playhead,
            marks: (self.playback.mark_in, self.playback.mark_out),
            gap_status: &statuses,
        };
        let commands = self.timeline.ui(ui, &cx);
        out.extend(commands);
        // Files dropped from the desktop become cards where they land.
        let dropped: Vec<std::path::PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            let pointer = ui.input(|i| i.pointer.hover_pos());
            let at = pointer
                .and_then(|p| self.timeline.frame_at_pos(p))
                .unwrap_or(playhead);
            out.push(Command::Import(dropped, at));
        }
    }

    fn library_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let playhead = self.playhead();
        let Some(doc) = &self.document else { return };
        out.extend(self.library.ui(ui, &doc.project, &doc.folder, playhead));
    }

    fn inspector_panel(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let Some(doc) = &self.document else { return };
        let status = match &self.selection {
            super::Selection::Gap(key) => self.gap_status(*key),
            _ => None,
        };
        out.extend(self.inspector.ui(
            ui,
            &doc.project,
            &doc.folder,
            &self.selection,
            status,
            self.models.has_ifnet(),
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
        let Some(doc) = &self.document else {
            ui.heading("No project is open");
            ui.label("Start Inbetween with a project folder: inbetween projects/demo");
            return;
        };
        let settings = &doc.project.settings;
        let transport = Transport {
            frame: playhead,
            film_end: doc.project.duration_frames(),
            rate: settings.frame_rate,
            playing: self.playback.is_playing(),
            speed: self.playback.speed(),
            looping: self.playback.looping,
            dropped: self.playback.dropped,
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
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (command, shortcut) in &SHORTCUTS {
                        ui.label(ctx.format_shortcut(shortcut));
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
                        ("Right-click", "Card and gap menus"),
                    ] {
                        ui.label(keys);
                        ui.label(what);
                        ui.end_row();
                    }
                });
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
                } else {
                    self.drop_changes();
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
        if let Some(offer) = &self.recovery {
            let when = offer
                .written
                .elapsed()
                .map(|d| format!("{} minutes ago", d.as_secs() / 60))
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
            match answer {
                Some(true) => self.restore_recovery(),
                Some(false) => {
                    self.recovery = None;
                    self.drop_changes();
                }
                None => {}
            }
        }
        self.export_window(ctx);
    }

    fn export_window(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        let Some(doc) = &self.document else { return };
        let marks = (self.playback.mark_in, self.playback.mark_out);
        let mut open = true;
        let mut result = None;
        egui::Window::new("Export film")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                result = Some(self.export.ui(ui, &doc.project, marks));
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
        let (Some(doc), Some(engine), Some(waker)) = (&self.document, &self.engine, &self.waker)
        else {
            self.notify("The film cannot be drawn, so it cannot be exported", true);
            return;
        };
        let marks = (self.playback.mark_in, self.playback.mark_out);
        let started = self.export.start(
            &doc.project,
            Arc::clone(&engine.compositor),
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
