//! Sound: silent without a device, sound dragged and dropped, beats, mute.

use std::sync::Arc;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardContent, CardId};

use super::super::{EditorApp, Selection};
use super::*;

#[test]
fn without_a_sound_device_the_editor_plays_silently_and_says_so() {
    // The editor as a user starts it: sound on.
    let mut h = harness(EditorApp::open(Some(&demo())).without_generation());
    let has_device = h.state().sound.as_ref().is_some_and(|s| s.has_device());
    // The sound's state is always shown beside the transport, before and
    // after anything else is said in the status bar.
    let state = if has_device { "Sound on" } else { "No sound" };
    h.get_by_label(state);
    // Playing works either way.
    h.key_press(Key::Space);
    h.run_steps(1);
    std::thread::sleep(std::time::Duration::from_millis(200));
    h.run_steps(1);
    assert!(h.state_mut().playhead() > 0);
    h.get_by_label(state);
}

fn music_start(h: &Harness<'_, EditorApp>) -> (usize, i64) {
    let lanes = &h.state().project().unwrap().audio_lanes;
    (
        lanes[0].clips.len(),
        lanes[0].clips[0].range_in_timeline.start,
    )
}

#[test]
fn sound_on_a_lane_is_dragged_as_one_undo_step_and_dropped_files_land_on_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let clip = h.get_by_label("Audio clip 1").rect();
    // Grab it away from the playhead (at frame 0, where it would snap back).
    let from = egui::pos2(clip.left() + clip.width() * 0.5, clip.center().y);
    drag(&mut h, from, egui::vec2(40.0, 0.0));
    let moved = (40.0 / points_per_frame).round() as i64;
    assert_eq!(music_start(&h), (1, moved));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(music_start(&h), (1, 0), "one undo step");
    // A sound file dropped on the timeline goes on the lane.
    let outside = tempfile::tempdir().unwrap();
    let wav = outside.path().join("door.wav");
    let mut bytes = Vec::new();
    inbetween_engine::audio::write_wav(&mut bytes, &vec![0.1; 48_000 * 2]).unwrap();
    std::fs::write(&wav, bytes).unwrap();
    let ruler = h.get_by_label("Timeline ruler").rect();
    h.hover_at(egui::pos2(ruler.center().x, ruler.bottom() + 30.0));
    h.run_steps(1);
    h.input_mut().dropped_files.push(Arc::new(DroppedPath(wav)));
    h.run_steps(2);
    settle(&mut h);
    let lane = &h.state().project().unwrap().audio_lanes[0];
    assert_eq!(lane.clips.len(), 2);
    let door = lane
        .clips
        .iter()
        .find(|c| c.media.as_str() == "media/door.wav")
        .unwrap();
    assert_eq!(door.range_in_timeline.duration, 24, "1 s at 24 fps");
    assert!(dir.path().join("media/door.wav").is_file());
}

#[test]
fn detected_beats_become_markers_in_one_undo_step() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    assert_eq!(h.state().project().unwrap().markers.len(), 1);
    h.state_mut().execute(super::super::Command::DetectBeats(
        inbetween_engine::project::AudioClipId(1),
    ));
    let started = std::time::Instant::now();
    while h.state().project().unwrap().markers.len() == 1 {
        assert!(started.elapsed().as_secs() < 60, "no beats were marked");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    let markers = &h.state().project().unwrap().markers;
    assert!(markers.len() > 20, "{}", markers.len());
    assert!(markers.windows(2).all(|w| w[0].frame < w[1].frame));
    h.get_by_label_contains("beats");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(h.state().project().unwrap().markers.len(), 1);
}

#[test]
fn a_sound_is_selected_and_its_lane_muted_in_the_inspector() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let clip = h.get_by_label("Audio clip 1").rect();
    h.hover_at(clip.center());
    h.run_steps(1);
    h.get_by_label("Audio clip 1").click();
    h.run_steps(2);
    assert_eq!(
        h.state().selection(),
        &Selection::Sound(inbetween_engine::project::AudioClipId(1))
    );
    h.get_by_label("Lane: Music");
    h.get_by_label("Mute").click();
    h.run_steps(2);
    assert!(h.state().project().unwrap().audio_lanes[0].muted);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert!(!h.state().project().unwrap().audio_lanes[0].muted);
    // Delete removes the selected sound.
    h.key_press(Key::Delete);
    h.run_steps(1);
    assert!(h.state().project().unwrap().audio_lanes[0].clips.is_empty());
}

#[test]
fn a_clip_cards_own_sound_is_muted_in_the_inspector() {
    let dir = demo_copy();
    // Tall enough for the card's whole inspector.
    let mut h = super::open_tall(dir.path());
    h.get_by_label("Card 3").click();
    h.run_steps(2);
    h.get_by_label("Mute").click();
    h.run_steps(1);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(3))
        .unwrap()
        .clone();
    assert!(matches!(
        card.content,
        CardContent::Clip { muted: true, .. }
    ));
    // The Edit menu names the step for what it did.
    h.get_by_label("Edit").click();
    h.run_steps(3);
    h.get_by_label("Undo Mute clip Ctrl+Z");
}
