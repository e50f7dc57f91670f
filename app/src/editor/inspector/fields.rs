//! The rows the inspector's pages share: a text field committed when it
//! loses focus, numbers, gains, one undo step per drag, labels.

use eframe::egui::{self, Ui};
use inbetween_engine::project::Fit;
use inbetween_engine::time::FrameRate;
use inbetween_engine::timeline::Edit;

use super::super::command::Command;
use super::Inspector;

impl Inspector {
    /// A text field that commits when it loses focus. The field being
    /// typed in keeps its text in the inspector's buffer (`owner` names
    /// it); the page's other fields show the document's.
    pub(super) fn text_field(
        &mut self,
        ui: &mut Ui,
        label: egui::Id,
        owner: &str,
        current: &str,
        multiline: bool,
        focus: bool,
    ) -> Option<String> {
        let rows = if multiline { 4 } else { 1 };
        self.text_field_rows(ui, label, owner, current, rows, focus)
    }

    /// [`Inspector::text_field`] with `rows` lines (1: a single line).
    pub(super) fn text_field_rows(
        &mut self,
        ui: &mut Ui,
        label: egui::Id,
        owner: &str,
        current: &str,
        rows: usize,
        focus: bool,
    ) -> Option<String> {
        let mine = self.buffer.as_ref().is_some_and(|(o, _)| o == owner);
        if focus && !mine {
            self.buffer = Some((owner.to_owned(), current.to_owned()));
        }
        let mine = mine || focus;
        let mut scratch = current.to_owned();
        let text = match self.buffer.as_mut() {
            Some((_, text)) if mine => text,
            _ => &mut scratch,
        };
        let editor = if rows > 1 {
            egui::TextEdit::multiline(text).desired_rows(rows)
        } else {
            egui::TextEdit::singleline(text)
        };
        let response = ui
            .add(editor.desired_width(f32::INFINITY))
            .labelled_by(label);
        if focus {
            response.request_focus();
            let mut state = egui::TextEdit::load_state(ui.ctx(), response.id).unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
            egui::TextEdit::store_state(ui.ctx(), response.id, state);
        }
        if !mine {
            // The first key typed here: this field takes the buffer.
            if response.changed() {
                self.buffer = Some((owner.to_owned(), scratch));
            }
            return None;
        }
        if !response.has_focus() && text != current {
            if response.lost_focus() {
                return Some(text.clone());
            }
            // Changed underneath (undo): show the document's text.
            *text = current.to_owned();
        }
        None
    }
}

/// A labelled number in a grid row.
pub(super) fn number_row(ui: &mut Ui, label: &str, value: egui::DragValue<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(value).labelled_by(label.id)
}

/// A gain in dB, as every gain in the inspector is edited.
pub(super) fn gain_value(db: &mut f32) -> egui::DragValue<'_> {
    egui::DragValue::new(db).range(-60.0..=12.0).speed(0.1)
}

/// A value dragged with the mouse is one undo step; typed, one per change.
pub(super) fn as_gesture(
    response: &egui::Response,
    label: &'static str,
    out: &mut Vec<Command>,
    edit: impl FnOnce() -> Edit,
) {
    if response.drag_started() {
        out.push(Command::BeginGesture(label));
    }
    if response.changed() {
        out.push(Command::Edit(edit()));
    }
    if response.drag_stopped() {
        out.push(Command::EndGesture);
    }
}

pub(super) fn fit_label(fit: Fit) -> &'static str {
    match fit {
        Fit::Fit => "Fit (whole picture)",
        Fit::Fill => "Fill (crop)",
    }
}

pub(super) fn rate_label(rate: FrameRate) -> String {
    if rate.den() == 1 {
        format!("{} fps", rate.num())
    } else {
        format!("{:.3} fps ({rate})", rate.as_f64())
    }
}
