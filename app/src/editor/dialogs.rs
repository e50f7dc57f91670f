//! The windows over the editor: keyboard shortcuts, Preferences, About,
//! the save-first question, the recovery offer, and the Export film, Export
//! boards and Export timeline dialogs.

use std::sync::Arc;

use eframe::egui::{self, Ui};

use super::EditorApp;
use super::command::{Command, SHORTCUTS};
use super::documents::Then;
use super::export_dialog::Ask;
use super::files::Purpose;
use super::gap_models::WeightsAction;

impl EditorApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        if self.show_shortcuts {
            self.shortcuts_window(ctx);
        }
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
            Some(WeightsAction::Scale(scale)) => {
                self.models.scale = scale;
                self.set_weights(self.models.weights.clone());
            }
            Some(WeightsAction::Upgrades(upgrades)) => {
                self.models.upgrades = upgrades;
                self.set_weights(self.models.weights.clone());
            }
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
        self.boards_window(ctx);
        self.timeline_window(ctx);
    }

    fn boards_window(&mut self, ctx: &egui::Context) {
        if !self.boards.open || self.session.is_none() {
            return;
        }
        let mut open = true;
        let mut result = None;
        egui::Window::new("Export boards")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| result = Some(self.boards.ui(ui)));
        if !open && !self.boards.is_running() {
            self.boards.open = false;
        }
        let Some((asks, start)) = result else { return };
        for ask in asks {
            match ask {
                Ask::ChooseFile => self.ask_file(Purpose::BoardsTo),
                other => self.export_ask(other),
            }
        }
        if start {
            let started = match (&self.session, &self.waker) {
                (Some(session), Some(waker)) => match &session.workers {
                    Some(workers) => self.boards.start(
                        session.project(),
                        Arc::clone(&workers.compositor),
                        Arc::clone(waker),
                    ),
                    None => Err("the film cannot be drawn".into()),
                },
                _ => Err("the film cannot be drawn".into()),
            };
            if let Err(e) = started {
                self.notify(format!("No boards: {e}"), true);
            }
        }
    }

    fn timeline_window(&mut self, ctx: &egui::Context) {
        if !self.timeline_export.open || self.session.is_none() {
            return;
        }
        let mut open = true;
        let mut result = None;
        egui::Window::new("Export timeline")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| result = Some(self.timeline_export.ui(ui)));
        if !open && !self.timeline_export.is_running() {
            self.timeline_export.open = false;
        }
        let Some((asks, start)) = result else { return };
        for ask in asks {
            match ask {
                Ask::ChooseFile => self.ask_file(Purpose::TimelineTo),
                other => self.export_ask(other),
            }
        }
        if start {
            let started = match (&self.session, &self.waker) {
                (Some(session), Some(waker)) => match &session.workers {
                    Some(workers) => self.timeline_export.start(
                        session.project(),
                        session.folder(),
                        Arc::clone(&workers.compositor),
                        Arc::clone(waker),
                    ),
                    None => Err("the film cannot be drawn".into()),
                },
                _ => Err("the film cannot be drawn".into()),
            };
            if let Err(e) = started {
                self.notify(format!("No timeline: {e}"), true);
            }
        }
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

impl EditorApp {
    /// The keyboard shortcuts: one row per command, its keys together; the
    /// list scrolls when the window is shorter than it.
    fn shortcuts_window(&mut self, ctx: &egui::Context) {
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
