//! The project's page (nothing selected): name, frame size, rate, aspect.

use eframe::egui::{self, Ui};
use inbetween_engine::project::{Project, Resolution, Settings};
use inbetween_engine::time::{FrameRate, Timecode};
use inbetween_engine::timeline::{Edit, Layout};

use super::super::command::Command;
use super::Inspector;
use super::fields::*;

/// Frame sizes offered for a project.
const RESOLUTIONS: [(u32, u32); 6] = [
    (640, 360),
    (1280, 720),
    (1920, 1080),
    (3840, 2160),
    (1080, 1920),
    (1080, 1080),
];

/// Frame rates offered for a project (numerator, denominator).
const RATES: [(i64, i64); 6] = [
    (24000, 1001),
    (24, 1),
    (25, 1),
    (30000, 1001),
    (30, 1),
    (60, 1),
];

pub(super) fn project_ui(
    ui: &mut Ui,
    inspector: &mut Inspector,
    project: &Project,
    layout: &Layout,
    out: &mut Vec<Command>,
) {
    let settings = &project.settings;
    let with = |change: &dyn Fn(&mut Settings)| {
        let mut changed = settings.clone();
        change(&mut changed);
        Command::Edit(Edit::SetSettings(changed))
    };
    ui.heading("Project");
    ui.add_space(6.0);
    let label = ui.label("Name");
    if let Some(name) =
        inspector.text_field(ui, label.id, "project name", &settings.name, false, false)
    {
        out.push(with(&|s| s.name = name.clone()));
    }
    ui.add_space(6.0);
    egui::Grid::new("project grid")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Frame rate");
            let mut rate = settings.frame_rate;
            egui::ComboBox::from_id_salt("rate")
                .selected_text(rate_label(rate))
                .show_ui(ui, |ui| {
                    for (num, den) in RATES {
                        if let Ok(choice) = FrameRate::new(num, den) {
                            ui.selectable_value(&mut rate, choice, rate_label(choice));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if rate != settings.frame_rate {
                out.push(with(&|s| s.frame_rate = rate));
            }
            ui.end_row();
            let label = ui.label("Resolution");
            let mut size = (settings.resolution.width, settings.resolution.height);
            egui::ComboBox::from_id_salt("resolution")
                .selected_text(format!("{}×{}", size.0, size.1))
                .show_ui(ui, |ui| {
                    for choice in RESOLUTIONS {
                        ui.selectable_value(
                            &mut size,
                            choice,
                            format!("{}×{}", choice.0, choice.1),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if size != (settings.resolution.width, settings.resolution.height) {
                out.push(with(&|s| {
                    s.resolution = Resolution {
                        width: size.0,
                        height: size.1,
                    }
                }));
            }
            ui.end_row();
            ui.label("Picture aspect");
            ui.label(settings.aspect.to_string());
            ui.end_row();
            ui.label("Length");
            let frames = project.duration_frames();
            ui.label(format!(
                "{} ({} frames)",
                Timecode::from_frames(frames, settings.frame_rate),
                frames
            ));
            ui.end_row();
            ui.label("Cards / gaps");
            ui.label(format!("{} / {}", project.cards.len(), layout.gaps().len()));
            ui.end_row();
            // The film's fades from and to black (the sound with them).
            let rate = settings.frame_rate;
            let fade_in = settings.fade_in_frames;
            if let Some(f) = inspector.timing_row(ui, "Fade in", "film fade in", fade_in, 0, rate) {
                out.push(with(&|s| s.fade_in_frames = f));
            }
            let fade_out = settings.fade_out_frames;
            if let Some(f) =
                inspector.timing_row(ui, "Fade out", "film fade out", fade_out, 0, rate)
            {
                out.push(with(&|s| s.fade_out_frames = f));
            }
        });
}
