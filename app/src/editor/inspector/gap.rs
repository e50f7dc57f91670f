//! A gap's page: its mode, model, prompt and push, its state, and the
//! recipe of the frames it shows.

use eframe::egui::{self, Ui};
use inbetween_engine::r#gen::CATALOGUE;
use inbetween_engine::project::{GapKey, GapMode, GapSettings};
use inbetween_engine::timeline::Edit;

use super::super::command::Command;
use super::super::gap_models::model_label;
use super::super::generation::GapStatus;
use super::super::takes::Takes;
use super::super::timeline::gap_label;
use super::super::timeline::likely_to_ghost;
use super::{Inspector, InspectorContext};

impl Inspector {
    pub(super) fn gap_ui(
        &mut self,
        ui: &mut Ui,
        cx: &InspectorContext<'_>,
        key: GapKey,
        takes: &mut Option<Takes>,
        out: &mut Vec<Command>,
    ) {
        let (project, layout, status, available) =
            (cx.project, cx.layout, &cx.gap_status, cx.available);
        let Some(gap) = layout.gaps().iter().find(|g| g.key == key) else {
            ui.heading("Gap");
            ui.label("These cards no longer have a gap between them.");
            return;
        };
        let settings = project.gap_settings(key);
        let set = |settings: GapSettings| Command::Edit(Edit::SetGapSettings { key, settings });
        ui.heading(gap_label(key));
        ui.add_space(6.0);
        egui::Grid::new("gap grid").num_columns(2).show(ui, |ui| {
            let range = gap.range_in_timeline;
            let owner = format!("{key} length");
            let rate = project.settings.frame_rate;
            if let Some(length) = self.timing_row(ui, "Length", &owner, range.duration, 1, rate) {
                // The card after the gap moves; with ripple, so do the rest.
                out.push(Command::Edit(Edit::MoveCard {
                    id: key.to_card,
                    to_start: range.start + length,
                    ripple: self.timing_ripple(),
                }));
            }
            self.ripple_row(ui);
            let label = ui.label("Mode");
            let mut mode = settings.mode;
            egui::ComboBox::from_id_salt("gap mode")
                .selected_text(mode.label())
                .show_ui(ui, |ui| {
                    for choice in GapMode::ALL {
                        ui.selectable_value(&mut mode, choice, choice.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if mode != settings.mode {
                out.push(set(GapSettings {
                    mode,
                    ..settings.clone()
                }));
            }
            ui.end_row();
            if settings.mode == GapMode::Auto {
                ui.label("Auto chose");
                let text = match &cx.gap_choice {
                    Some(choice) => format!("{}: {}", choice.mode.label(), choice.why),
                    None => "(once the gap is generated)".to_owned(),
                };
                ui.add(egui::Label::new(text).wrap());
                ui.end_row();
            }
            if matches!(settings.mode, GapMode::Auto | GapMode::Motion) {
                let label = ui.label("Model");
                let mut model = settings.model.clone();
                // The motion models of the catalogue that run here, and the
                // gap's own choice even when it does not (so it shows).
                let offered: Vec<Option<String>> = std::iter::once(None)
                    .chain(
                        CATALOGUE
                            .iter()
                            .filter(|m| m.for_motion_gaps && m.id != "motion")
                            .filter(|m| {
                                available.contains(&m.id) || model.as_deref() == Some(m.id)
                            })
                            .map(|m| Some(m.id.to_owned())),
                    )
                    .collect();
                egui::ComboBox::from_id_salt("gap model")
                    .selected_text(model_label(model.as_deref()))
                    .show_ui(ui, |ui| {
                        for choice in offered {
                            let text = model_label(choice.as_deref());
                            ui.selectable_value(&mut model, choice, text);
                        }
                    })
                    .response
                    .on_hover_text(
                        "Models that need weights are offered once their weights are set in Edit > Preferences",
                    )
                    .labelled_by(label.id);
                if model != settings.model {
                    out.push(set(GapSettings {
                        model,
                        ..settings.clone()
                    }));
                }
                ui.end_row();
                if let Some(id) = settings.model.as_deref()
                    && !available.contains(&id)
                {
                    ui.label("");
                    let text = egui::RichText::new(format!(
                        "{} is not available (are its weights set in Edit > Preferences?): this gap stays a draft",
                        model_label(Some(id))
                    ))
                    .color(ui.visuals().warn_fg_color);
                    ui.add(egui::Label::new(text).wrap());
                    ui.end_row();
                }
            }
            ui.label("Frames");
            if ui
                .button("Regenerate")
                .on_hover_text("Throw away this gap's generated frames and make them again")
                .clicked()
            {
                out.push(Command::RegenerateGap(key));
            }
            ui.end_row();
            ui.label("Held frames");
            let mut push = settings.push;
            if ui.checkbox(&mut push, "push in gently").changed() {
                out.push(set(GapSettings {
                    push,
                    ..settings.clone()
                }));
            }
            ui.end_row();
            if let Some(clean) = cx.gap_clean {
                ui.label("Confidence");
                if likely_to_ghost(settings.mode, Some(clean)) {
                    ui.vertical(|ui| {
                        let text = egui::RichText::new(format!(
                            "Likely to ghost: {:.0}% of what changes looks dissolved",
                            (1.0 - clean) * 100.0
                        ))
                        .color(ui.visuals().warn_fg_color);
                        ui.add(egui::Label::new(text).wrap());
                        if ui
                            .button("Try the other takes")
                            .on_hover_text("Make this gap with every mode and model, to compare")
                            .clicked()
                        {
                            out.push(Command::GenerateTakes(key));
                        }
                    });
                } else {
                    ui.label(format!("{:.0}% clean", clean * 100.0));
                }
                ui.end_row();
            }
            ui.label("Status");
            ui.add(
                egui::Label::new(match status {
                    Some(GapStatus::Ready) => "Generated".to_owned(),
                    Some(GapStatus::Generating(done, stage)) => {
                        format!("{stage} {:.0}%", done * 100.0)
                    }
                    Some(GapStatus::Failed(reason)) => format!("Failed: {reason}"),
                    Some(GapStatus::Queued) | None => "Draft (waiting to be generated)".to_owned(),
                })
                .wrap(),
            );
            ui.end_row();
        });
        ui.add_space(6.0);
        let label = ui.label("Prompt (what happens in the gap)");
        let owner = format!("gap {} {} prompt", key.from_card.0, key.to_card.0);
        if let Some(prompt) = self.text_field(ui, label.id, &owner, &settings.prompt, true, false) {
            out.push(set(GapSettings {
                prompt,
                ..settings.clone()
            }));
        }
        ui.add_space(6.0);
        ui.collapsing("Takes", |ui| {
            ui.label("The gap made in each way that applies, to compare: point at one to play it.");
            let running = takes
                .as_ref()
                .is_some_and(|t| t.key == key && t.is_running());
            if ui
                .add_enabled(!running, egui::Button::new("Generate takes"))
                .on_hover_text("Make this gap with every mode and model, keeping each in the cache")
                .clicked()
            {
                out.push(Command::GenerateTakes(key));
            }
            if let Some(takes) = takes.as_mut().filter(|t| t.key == key) {
                takes.ui(ui, &settings, out);
            }
        });
        if let Some(recipe) = &settings.generated {
            ui.add_space(6.0);
            ui.collapsing("Recipe", |ui| {
                ui.label(format!("Model: {} v{}", recipe.model, recipe.model_version));
                ui.label(format!(
                    "{} frames at {}×{}",
                    recipe.length_frames, recipe.size[0], recipe.size[1]
                ));
                ui.label(
                    egui::RichText::new(format!("Cache: {}", recipe.key))
                        .small()
                        .monospace(),
                );
            });
        }
    }
}
