//! The inspector: the settings of what is selected (a card, a gap) or, with
//! nothing selected, of the project. Text is edited in a buffer and becomes
//! one undo step when the field loses focus.

use eframe::egui::{self, Ui};
use inbetween_engine::project::{
    AudioClip, Card, CardContent, Fit, GapKey, GapMode, GapSettings, Project, Resolution, Settings,
};
use inbetween_engine::time::{FrameRate, Timecode};
use inbetween_engine::timeline::{Edit, Layout, Ripple};

use super::command::{Command, Selection};
use super::gap_models::model_label;
use super::generation::GapStatus;
use super::timeline::gap_label;
use inbetween_engine::r#gen::CATALOGUE;

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
        folder: &std::path::Path,
        selection: &Selection,
        gap_status: Option<GapStatus>,
        available: &[&str],
    ) -> Vec<Command> {
        let mut out = Vec::new();
        match selection {
            Selection::Cards(ids) if ids.len() == 1 => match project.card(ids[0]) {
                Some(card) => self.card_ui(ui, project, folder, card, &mut out),
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

    /// A multi-line text field that commits when it loses focus.
    fn text_field(
        &mut self,
        ui: &mut Ui,
        label: egui::Id,
        owner: &str,
        current: &str,
        multiline: bool,
        focus: bool,
    ) -> Option<String> {
        if self.buffer.as_ref().is_none_or(|(o, _)| o != owner) {
            self.buffer = Some((owner.to_owned(), current.to_owned()));
        }
        let (_, text) = self.buffer.as_mut()?;
        let editor = if multiline {
            egui::TextEdit::multiline(text).desired_rows(4)
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
        if !response.has_focus() && text != current {
            if response.lost_focus() {
                return Some(text.clone());
            }
            // Changed underneath (undo): show the document's text.
            *text = current.to_owned();
        }
        None
    }

    fn card_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        folder: &std::path::Path,
        card: &Card,
        out: &mut Vec<Command>,
    ) {
        let rate = project.settings.frame_rate;
        ui.heading(format!("Card {} · {}", card.id.0, card.kind_name()));
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
        ui.add_space(6.0);
        egui::Grid::new("card grid").num_columns(2).show(ui, |ui| {
            if let Some(media) = card.media() {
                ui.label("Media");
                ui.vertical(|ui| {
                    let missing = !media.resolve(folder).is_file();
                    if missing {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("{} is missing", media.as_str()),
                        );
                    } else {
                        ui.label(media.as_str());
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
            ui.label("Starts at");
            ui.label(Timecode::from_frames(card.range_in_timeline.start, rate).to_string());
            ui.end_row();
            let mut duration = card.range_in_timeline.duration;
            let response = number_row(
                ui,
                "Duration (frames)",
                egui::DragValue::new(&mut duration)
                    .range(1..=i64::MAX)
                    .speed(0.25),
            );
            as_gesture(&response, "Trim card", out, || Edit::TrimEnd {
                id: card.id,
                to_frame: card.range_in_timeline.start + duration,
                ripple: Ripple::No,
            });
            ui.end_row();
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
                    as_gesture(&response, "Change clip sound", out, || {
                        clip_edit(card, |_, g, _| *g = gain)
                    });
                    let mut mute = *muted;
                    if ui.checkbox(&mut mute, "Mute").changed() {
                        out.push(Command::Edit(clip_edit(card, |_, _, m| *m = mute)));
                    }
                });
                ui.end_row();
                let mut start = *source_start_frame;
                let response = number_row(
                    ui,
                    "Clip in (source frame)",
                    egui::DragValue::new(&mut start)
                        .range(0..=i64::MAX)
                        .speed(0.25),
                )
                .on_hover_text(format!(
                    "Shows {} to {} of the clip",
                    Timecode::from_frames(start, rate),
                    Timecode::from_frames(start + card.range_in_timeline.duration, rate)
                ));
                as_gesture(&response, "Slip clip", out, || {
                    clip_edit(card, |s, _, _| *s = start)
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
            }
        });
    }

    fn gap_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        key: GapKey,
        status: Option<GapStatus>,
        available: &[&str],
        out: &mut Vec<Command>,
    ) {
        let layout = Layout::of(project);
        let Some(gap) = layout.gaps().iter().find(|g| g.key == key) else {
            ui.heading("Gap");
            ui.label("These cards no longer have a gap between them.");
            return;
        };
        let settings = project.gap_settings(key);
        let set = |settings: GapSettings| Command::Edit(Edit::SetGapSettings { key, settings });
        ui.heading(gap_label(key));
        ui.label(format!(
            "{} frames ({:.2} s)",
            gap.range_in_timeline.duration,
            project
                .settings
                .frame_rate
                .seconds_at(gap.range_in_timeline.duration)
        ));
        ui.add_space(6.0);
        egui::Grid::new("gap grid").num_columns(2).show(ui, |ui| {
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
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "{} is not available (are its weights set in Edit > Preferences?): this gap stays a draft",
                            model_label(Some(id))
                        ),
                    );
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
            ui.label("Status");
            ui.label(match &status {
                Some(GapStatus::Ready) => "Generated".to_owned(),
                Some(GapStatus::Generating(done, stage)) => format!("{stage} {:.0}%", done * 100.0),
                Some(GapStatus::Failed(reason)) => format!("Failed: {reason}"),
                Some(GapStatus::Queued) | None => "Draft (waiting to be generated)".to_owned(),
            });
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

/// A sound on a lane: its gain and fades, and its lane's gain, mute and solo.
fn sound_ui(
    ui: &mut Ui,
    project: &Project,
    id: inbetween_engine::project::AudioClipId,
    out: &mut Vec<Command>,
) {
    let found = project
        .audio_lanes
        .iter()
        .find_map(|lane| lane.clips.iter().find(|c| c.id == id).map(|c| (lane, c)));
    let Some((lane, clip)) = found else {
        ui.heading("Sound");
        ui.label("This sound is no longer in the project.");
        return;
    };
    let rate = project.settings.frame_rate;
    ui.heading(format!("Sound {}", id.0));
    ui.label(clip.media.as_str());
    ui.label(format!(
        "{} – {}",
        Timecode::from_frames(clip.range_in_timeline.start, rate),
        Timecode::from_frames(clip.range_in_timeline.end(), rate)
    ));
    ui.add_space(6.0);
    let set_clip = |change: &dyn Fn(&mut AudioClip)| {
        let mut changed = clip.clone();
        change(&mut changed);
        Edit::SetAudioClip(changed)
    };
    egui::Grid::new("sound grid").num_columns(2).show(ui, |ui| {
        let mut gain = clip.gain_db;
        let response = number_row(ui, "Gain (dB)", gain_value(&mut gain));
        as_gesture(&response, "Change sound", out, || {
            set_clip(&|c| c.gain_db = gain)
        });
        ui.end_row();
        let most = clip.range_in_timeline.duration;
        let mut fade_in = clip.fade_in_frames;
        let response = number_row(
            ui,
            "Fade in (frames)",
            egui::DragValue::new(&mut fade_in).range(0..=most - clip.fade_out_frames),
        );
        as_gesture(&response, "Change sound", out, || {
            set_clip(&|c| c.fade_in_frames = fade_in)
        });
        ui.end_row();
        let mut fade_out = clip.fade_out_frames;
        let response = number_row(
            ui,
            "Fade out (frames)",
            egui::DragValue::new(&mut fade_out).range(0..=most - clip.fade_in_frames),
        );
        as_gesture(&response, "Change sound", out, || {
            set_clip(&|c| c.fade_out_frames = fade_out)
        });
        ui.end_row();
    });
    ui.add_space(8.0);
    ui.heading(format!("Lane: {}", lane.name));
    egui::Grid::new("lane grid").num_columns(2).show(ui, |ui| {
        let mut changed = lane.clone();
        let response = number_row(ui, "Lane gain (dB)", gain_value(&mut changed.gain_db));
        as_gesture(&response, "Change audio lane", out, || {
            Edit::SetAudioLane(changed.clone())
        });
        ui.end_row();
        ui.label("Listen");
        ui.horizontal(|ui| {
            let mut changed = lane.clone();
            let mute = ui.checkbox(&mut changed.muted, "Mute").changed();
            let solo = ui.checkbox(&mut changed.solo, "Solo").changed();
            if mute || solo {
                out.push(Command::Edit(Edit::SetAudioLane(changed)));
            }
        });
        ui.end_row();
    });
    if ui
        .button("Detect beats")
        .on_hover_text("Put a marker at each beat of this sound")
        .clicked()
    {
        out.push(Command::DetectBeats(id));
    }
}

fn project_ui(ui: &mut Ui, inspector: &mut Inspector, project: &Project, out: &mut Vec<Command>) {
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
            ui.label(format!(
                "{} / {}",
                project.cards.len(),
                Layout::of(project).gaps().len()
            ));
            ui.end_row();
        });
}

/// A labelled number in a grid row.
fn number_row(ui: &mut Ui, label: &str, value: egui::DragValue<'_>) -> egui::Response {
    let label = ui.label(label);
    ui.add(value).labelled_by(label.id)
}

/// A gain in dB, as every gain in the inspector is edited.
fn gain_value(db: &mut f32) -> egui::DragValue<'_> {
    egui::DragValue::new(db).range(-60.0..=12.0).speed(0.1)
}

/// `card` (a clip) with its source in-point, sound gain or mute changed.
fn clip_edit(card: &Card, change: impl FnOnce(&mut i64, &mut f32, &mut bool)) -> Edit {
    let mut content = card.content.clone();
    if let CardContent::Clip {
        source_start_frame,
        gain_db,
        muted,
        ..
    } = &mut content
    {
        change(source_start_frame, gain_db, muted);
    }
    Edit::SetContent {
        id: card.id,
        content,
    }
}

/// A value dragged with the mouse is one undo step; typed, one per change.
fn as_gesture(
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

fn fit_label(fit: Fit) -> &'static str {
    match fit {
        Fit::Fit => "Fit (whole picture)",
        Fit::Fill => "Fill (crop)",
    }
}

fn rate_label(rate: FrameRate) -> String {
    if rate.den() == 1 {
        format!("{} fps", rate.num())
    } else {
        format!("{:.3} fps ({rate})", rate.as_f64())
    }
}
