//! A card's page: its prompt, its storyboard fields (shot number, scene,
//! dialogue, action, notes), media (replace, relink), length, a clip's
//! sound and slip, and how its picture fills the frame.

use eframe::egui::{self, Ui};
use inbetween_engine::project::{Board, Card, CardContent, Fit, Project};
use inbetween_engine::time::Timecode;
use inbetween_engine::timeline::Edit;

use super::super::command::Command;
use super::super::framing::FramingEdit;
use super::super::library::Library;
use super::Inspector;
use super::fields::*;

/// A board field: its label, its hint, how many lines, and where it is.
type BoardField = (
    &'static str,
    &'static str,
    usize,
    fn(&mut Board) -> &mut String,
);

/// The storyboard fields under the prompt, in the order a board prints them.
const BOARD_FIELDS: [BoardField; 5] = [
    (
        "Shot",
        "Numbered in film order; a card put between 2 and 3 is 2A. A number typed here is kept; empty it to number the shot automatically",
        1,
        |b| &mut b.shot,
    ),
    (
        "Scene",
        "A scene heading, as a script has it (INT. BURROW – DAWN)",
        1,
        |b| &mut b.scene,
    ),
    ("Dialogue", "What is said in the shot", 2, |b| {
        &mut b.dialogue
    }),
    ("Action", "What happens, as action lines say it", 2, |b| {
        &mut b.action
    }),
    ("Notes", "Camera, sound, anything for the editor", 3, |b| {
        &mut b.notes
    }),
];

impl Inspector {
    /// The card's shot number, scene heading, dialogue, action and notes;
    /// each change is one Edit board.
    fn board_ui(&mut self, ui: &mut Ui, card: &Card, out: &mut Vec<Command>) {
        for (name, hint, rows, field) in BOARD_FIELDS {
            ui.add_space(4.0);
            let label = ui.label(name).on_hover_text(hint);
            let owner = format!("card {} {name}", card.id.0);
            let mut board = card.board.clone();
            let current = field(&mut board).clone();
            if let Some(text) = self.text_field_rows(ui, label.id, &owner, &current, rows, false) {
                *field(&mut board) = text;
                out.push(Command::Edit(Edit::SetBoard { id: card.id, board }));
            }
        }
    }

    pub(super) fn card_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        library: &Library,
        card: &Card,
        framing: Option<FramingEdit>,
        out: &mut Vec<Command>,
    ) {
        let rate = project.settings.frame_rate;
        ui.heading(format!(
            "Shot {} · card {} · {}",
            card.board.shot,
            card.id.0,
            card.kind_name()
        ));
        ui.add_space(6.0);
        let label = ui.label(match card.content {
            CardContent::Text => "Prompt (shown as the title)",
            _ => "Prompt (what happens in the shot)",
        });
        let owner = format!("card {} prompt", card.id.0);
        let focus = std::mem::take(&mut self.focus_prompt);
        if let Some(prompt) = self.text_field(ui, label.id, &owner, &card.prompt, true, focus) {
            out.push(Command::Edit(Edit::SetPrompt {
                id: card.id,
                prompt,
            }));
        }
        self.board_ui(ui, card, out);
        ui.add_space(6.0);
        egui::Grid::new("card grid").num_columns(2).show(ui, |ui| {
            if let Some(media) = card.media() {
                ui.label("Media");
                ui.vertical(|ui| {
                    let missing = library.is_missing(media.as_str());
                    if let Some(why) = library.refused(media.as_str()) {
                        let text = egui::RichText::new(format!("Refused: {why}"))
                            .color(ui.visuals().error_fg_color);
                        ui.add(egui::Label::new(text).wrap());
                    } else if missing {
                        let text = egui::RichText::new(format!("{} is missing", media.as_str()))
                            .color(ui.visuals().error_fg_color);
                        ui.add(egui::Label::new(text).wrap());
                    } else {
                        ui.add(egui::Label::new(media.as_str()).truncate())
                            .on_hover_text(media.as_str());
                    }
                    let text = if missing { "Relink…" } else { "Replace…" };
                    if ui
                        .button(text)
                        .on_hover_text("Choose another picture or clip for this card")
                        .clicked()
                    {
                        out.push(Command::ReplaceMedia(card.id));
                    }
                });
                ui.end_row();
            }
            let range = card.range_in_timeline;
            let ripple = self.timing_ripple();
            let owner = format!("card {} start", card.id.0);
            if let Some(start) = self.timing_row(ui, "Starts at", &owner, range.start, 0, rate) {
                out.push(Command::Edit(Edit::MoveCard {
                    id: card.id,
                    to_start: start,
                    ripple,
                }));
            }
            let owner = format!("card {} duration", card.id.0);
            if let Some(length) = self.timing_row(ui, "Duration", &owner, range.duration, 1, rate) {
                out.push(Command::Edit(Edit::TrimEnd {
                    id: card.id,
                    to_frame: range.start + length,
                    ripple,
                }));
            }
            self.ripple_row(ui);
            if let CardContent::Clip {
                source_start_frame,
                gain_db,
                muted,
                ..
            } = &card.content
            {
                // The clip's own sound.
                let label = ui.label("Sound (dB)");
                ui.horizontal(|ui| {
                    let mut gain = *gain_db;
                    let response = ui.add(gain_value(&mut gain)).labelled_by(label.id);
                    as_gesture(&response, "Change clip sound", out, || Edit::SetClipGain {
                        id: card.id,
                        gain_db: gain,
                    });
                    let mut mute = *muted;
                    if ui.checkbox(&mut mute, "Mute").changed() {
                        out.push(Command::Edit(Edit::MuteClip {
                            id: card.id,
                            muted: mute,
                        }));
                    }
                });
                ui.end_row();
                let mut start = *source_start_frame;
                let response = number_row(
                    ui,
                    "Clip in",
                    egui::DragValue::new(&mut start)
                        .range(0..=i64::MAX)
                        .speed(0.25)
                        .prefix("source frame "),
                )
                .on_hover_text(format!(
                    "The clip's first frame shown: it shows {} to {} of the clip",
                    Timecode::from_frames(start, rate),
                    Timecode::from_frames(start + card.range_in_timeline.duration, rate)
                ));
                as_gesture(&response, "Slip clip", out, || Edit::SlipClip {
                    id: card.id,
                    source_start_frame: start,
                });
                ui.end_row();
            }
            if card.media().is_some() {
                let label = ui.label("Picture");
                let mut fit = card.fit;
                egui::ComboBox::from_id_salt("fit")
                    .selected_text(fit_label(fit))
                    .show_ui(ui, |ui| {
                        for choice in [Fit::Fit, Fit::Fill] {
                            ui.selectable_value(&mut fit, choice, fit_label(choice));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if fit != card.fit {
                    out.push(Command::Edit(Edit::SetFit { id: card.id, fit }));
                }
                ui.end_row();
                self.camera_move_rows(ui, card, framing, out);
            }
        });
    }
}
