//! The inspector: the settings of what is selected (a card, a gap) or, with
//! nothing selected, of the project. Text is edited in a buffer and becomes
//! one undo step when the field loses focus.
//!
//! - `card.rs`: a card's prompt, media, length, clip sound and slip, fit.
//! - `gap.rs`: a gap's mode, model, prompt, push, and what was generated.
//! - `sound.rs`: a sound on a lane and its lane.
//! - `project.rs`: the project's name, frame size, rate and aspect.
//! - `fields.rs`: the rows they share (text, numbers, gains, gestures).

mod card;
mod fields;
mod gap;
mod project;
mod sound;

use eframe::egui::Ui;
use inbetween_engine::project::Project;

use super::command::{Command, Selection};
use super::generation::GapStatus;
use super::library::Library;
use project::project_ui;
use sound::sound_ui;

/// The inspector's own state: the text being typed.
#[derive(Default)]
pub struct Inspector {
    /// What the buffer belongs to ("card 3 prompt") and its text.
    buffer: Option<(String, String)>,
    /// Put the keyboard in the selected card's prompt, its text selected
    /// (a new text card: typing replaces the placeholder).
    pub focus_prompt: bool,
}

impl Inspector {
    /// Draws the inspector for `selection`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        library: &Library,
        selection: &Selection,
        gap_status: Option<GapStatus>,
        available: &[&str],
    ) -> Vec<Command> {
        let mut out = Vec::new();
        match selection {
            Selection::Cards(ids) if ids.len() == 1 => match project.card(ids[0]) {
                Some(card) => self.card_ui(ui, project, library, card, &mut out),
                None => project_ui(ui, self, project, &mut out),
            },
            Selection::Cards(ids) if !ids.is_empty() => {
                ui.heading(format!("{} cards", ids.len()));
                ui.label("Delete removes them all; select one card to change it.");
            }
            Selection::Gap(key) => self.gap_ui(ui, project, *key, gap_status, available, &mut out),
            Selection::Sound(id) => sound_ui(ui, project, *id, &mut out),
            _ => project_ui(ui, self, project, &mut out),
        }
        out
    }
}
