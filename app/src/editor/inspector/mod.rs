//! The inspector: the settings of what is selected (a card, a gap) or, with
//! nothing selected, of the project. Text is edited in a buffer and becomes
//! one undo step when the field loses focus.
//!
//! - `card.rs`: a card's prompt, media, length, clip sound and slip, fit.
//! - `camera_move.rs`: a card's camera move (preset, ease, each end's
//!   framing, framed on the preview).
//! - `gap.rs`: a gap's mode, model, prompt, push, and what was generated.
//! - `sound.rs`: a sound on a lane and its lane.
//! - `project.rs`: the project's name, frame size, rate and aspect.
//! - `fields.rs`: the rows they share (text, numbers, gains, gestures).
//! - `timing.rs`: starts, durations and gap lengths typed as frames,
//!   seconds or timecode, with or without ripple.

mod camera_move;
mod card;
mod fields;
mod gap;
mod project;
mod sound;
mod timing;

use eframe::egui::Ui;
use inbetween_engine::project::Project;

use inbetween_engine::timeline::Layout;

use super::command::{Command, Selection};
use super::generation::GapStatus;
use super::library::Library;
use super::takes::Takes;
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
    /// The last timing typed that could not be used: its field and why.
    timing_error: Option<(String, String)>,
    /// Typed timings leave later cards where they are (Ripple off).
    timing_holds_later: bool,
}

/// What the inspector shows besides its own state.
pub struct InspectorContext<'a> {
    /// The document.
    pub project: &'a Project,
    /// Its layout this frame.
    pub layout: &'a Layout,
    /// The media library's listing (which files are missing).
    pub library: &'a Library,
    /// What is selected.
    pub selection: &'a Selection,
    /// The selected gap's state, when a gap is selected.
    pub gap_status: Option<GapStatus>,
    /// What Auto chose for the selected gap, and why, once it is generated.
    pub gap_choice: Option<inbetween_engine::project::AutoChoice>,
    /// How clean the selected gap's middle frame is, once generated.
    pub gap_clean: Option<f32>,
    /// The ids of the models this session can run.
    pub available: &'a [&'a str],
    /// The camera move framing being edited on the preview.
    pub framing: Option<super::framing::FramingEdit>,
}

impl Inspector {
    /// Draws the inspector for what is selected.
    /// `takes`: the takes of a gap, shown on that gap's page.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &InspectorContext<'_>,
        takes: &mut Option<Takes>,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        let (project, layout, library) = (cx.project, cx.layout, cx.library);
        match cx.selection {
            Selection::Cards(ids) if ids.len() == 1 => match project.card(ids[0]) {
                Some(card) => self.card_ui(ui, project, library, card, cx.framing, &mut out),
                None => project_ui(ui, self, project, layout, &mut out),
            },
            Selection::Cards(ids) if !ids.is_empty() => {
                ui.heading(format!("{} cards", ids.len()));
                ui.label("Delete removes them all; select one card to change it.");
            }
            Selection::Gap(key) => self.gap_ui(ui, cx, *key, takes, &mut out),
            Selection::Sound(id) => sound_ui(ui, project, *id, &mut out),
            _ => project_ui(ui, self, project, layout, &mut out),
        }
        out
    }
}
