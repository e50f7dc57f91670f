//! A card's camera move: a preset or none, its ease, each end's zoom and
//! turn, and the buttons that frame each end on the preview.

use eframe::egui::{self, Ui};
use inbetween_engine::project::{CameraMove, Card, Ease, MovePreset, Viewport};
use inbetween_engine::timeline::Edit;

use super::super::command::Command;
use super::super::framing::{FramingEdit, MoveEnd};
use super::Inspector;
use super::fields::as_gesture;

/// The name of `m` in the move menu: a preset's, "Custom" or "None".
fn move_name(m: Option<&CameraMove>) -> &'static str {
    match m {
        None => "None",
        Some(m) => MovePreset::ALL
            .iter()
            .find(|p| {
                let preset = p.camera_move();
                preset.start == m.start && preset.end == m.end
            })
            .map_or("Custom", |p| p.label()),
    }
}

impl Inspector {
    /// The camera move rows of a still or clip card, in the card's grid.
    pub(super) fn camera_move_rows(
        &mut self,
        ui: &mut Ui,
        card: &Card,
        framing: Option<FramingEdit>,
        out: &mut Vec<Command>,
    ) {
        let id = card.id;
        let set = |camera_move: Option<CameraMove>| Edit::SetCameraMove { id, camera_move };
        let current = card.camera_move;
        let label = ui.label("Camera move").on_hover_text(
            "A pan or zoom over the card's picture (\"Ken Burns\"): the framing at its first frame and at its last",
        );
        let mut chosen = None;
        egui::ComboBox::from_id_salt("camera move")
            .selected_text(move_name(current.as_ref()))
            .show_ui(ui, |ui| {
                if ui.selectable_label(current.is_none(), "None").clicked() {
                    chosen = Some(None);
                }
                for preset in MovePreset::ALL {
                    let on = move_name(current.as_ref()) == preset.label();
                    if ui.selectable_label(on, preset.label()).clicked() {
                        let mut m = preset.camera_move();
                        if let Some(old) = current {
                            m.ease = old.ease;
                        }
                        chosen = Some(Some(m));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(m) = chosen
            && m != current
        {
            out.push(Command::Edit(set(m)));
        }
        ui.end_row();
        let Some(m) = current else {
            return;
        };
        let label = ui.label("Ease");
        let mut ease = m.ease;
        egui::ComboBox::from_id_salt("camera ease")
            .selected_text(ease.label())
            .show_ui(ui, |ui| {
                for choice in Ease::ALL {
                    ui.selectable_value(&mut ease, choice, choice.label());
                }
            })
            .response
            .labelled_by(label.id);
        if ease != m.ease {
            out.push(Command::Edit(set(Some(CameraMove { ease, ..m }))));
        }
        ui.end_row();
        for end in [MoveEnd::Start, MoveEnd::End] {
            let label = ui.label(format!("{} framing", end.label()));
            let view = end.of(&m);
            ui.horizontal(|ui| {
                let editing = framing == Some(FramingEdit { card: id, end });
                let button = ui
                    .selectable_label(editing, "Frame on preview")
                    .on_hover_text(format!(
                        "Show the whole picture at the card's {} frame with the camera's rectangle: drag it to move, drag a corner to zoom",
                        if end == MoveEnd::Start { "first" } else { "last" }
                    ))
                    .labelled_by(label.id);
                if button.clicked() {
                    let edit = (!editing).then_some(FramingEdit { card: id, end });
                    out.push(Command::EditFraming(edit));
                }
            });
            ui.end_row();
            // Its zoom and turn, on a row of their own (the panel's width).
            ui.label("");
            ui.horizontal(|ui| {
                let mut zoom = view.zoom;
                let response = ui.add(
                    egui::DragValue::new(&mut zoom)
                        .range(1.0..=Viewport::MAX_ZOOM)
                        .speed(0.01)
                        .prefix("zoom ")
                        .suffix("×"),
                );
                let with = |v: Viewport| Edit::SetCameraMove {
                    id,
                    camera_move: Some(end.with(&m, v.kept_inside())),
                };
                as_gesture(&response.on_hover_text("Zoom"), "Zoom framing", out, || {
                    with(Viewport { zoom, ..view })
                });
                let mut turn = view.turn_degrees;
                let response = ui.add(
                    egui::DragValue::new(&mut turn)
                        .range(-Viewport::MAX_TURN_DEGREES..=Viewport::MAX_TURN_DEGREES)
                        .speed(0.2)
                        .prefix("turn ")
                        .suffix("°"),
                );
                as_gesture(&response.on_hover_text("Turn"), "Turn framing", out, || {
                    with(Viewport {
                        turn_degrees: turn,
                        ..view
                    })
                });
            });
            ui.end_row();
        }
    }
}
