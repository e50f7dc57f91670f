//! A sound's page: its gain and fades, and its lane's gain, mute and solo.

use eframe::egui::{self, Ui};
use inbetween_engine::project::{AudioClip, Project};
use inbetween_engine::time::Timecode;
use inbetween_engine::timeline::Edit;

use super::super::command::Command;
use super::fields::*;

/// A sound on a lane: its gain and fades, and its lane's gain, mute and solo.
pub(super) fn sound_ui(
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
