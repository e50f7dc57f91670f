//! The menu bar: File, Edit, View, Playback, Help; each entry a command,
//! with its shortcut and greyed out when it cannot apply.

use eframe::egui::{self, Ui};

use super::command::Command;
use super::{EditorApp, Selection};

impl EditorApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let has_document = self.session.is_some();
        let has_cards = self
            .session
            .as_ref()
            .is_some_and(|s| !s.document.project.cards.is_empty());
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
                item(ui, Command::ImportTimeline, true, None, out);
                ui.separator();
                item(ui, Command::ExportFilm, has_document, None, out);
                item(ui, Command::ExportBoards, has_cards, None, out);
                item(ui, Command::ExportTimeline, has_cards, None, out);
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
                let renumber = Command::Edit(inbetween_engine::timeline::Edit::RenumberShots);
                item(ui, renumber, has_cards, None, out);
                ui.separator();
                item(ui, Command::Cut, cards_selected, None, out);
                item(ui, Command::Copy, cards_selected, None, out);
                item(ui, Command::Paste, can_paste, None, out);
                item(ui, Command::Duplicate, cards_selected, None, out);
                item(ui, Command::Delete, cards_selected, None, out);
                item(ui, Command::RippleDelete, cards_selected, None, out);
                item(ui, Command::SelectAll, has_document, None, out);
                ui.separator();
                item(ui, Command::ShowPreferences, true, None, out);
            });
            ui.menu_button("View", |ui| {
                let boards = self.session.as_ref().is_some_and(|s| s.board_view);
                let text = if boards { "Timeline" } else { "Board view" };
                item(
                    ui,
                    Command::ToggleBoardView,
                    has_document,
                    Some(text.into()),
                    out,
                );
                ui.separator();
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
