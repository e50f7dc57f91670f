//! A card's camera move made in the inspector and framed on the preview,
//! and the fades: gap modes and the film's fade in and out.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CameraMove, CardId, GapKey, GapMode, MovePreset};

use super::super::EditorApp;
use super::super::framing::{FramingEdit, MoveEnd};
use super::{demo_copy, drag, open, open_tall};

fn camera_move(h: &Harness<'_, EditorApp>, id: u64) -> Option<CameraMove> {
    h.state()
        .project()
        .unwrap()
        .card(CardId(id))
        .unwrap()
        .camera_move
}

fn undo(h: &mut Harness<'_, EditorApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
}

#[test]
fn a_still_gets_a_push_in_and_its_end_framing_is_dragged_on_the_preview() {
    let dir = demo_copy();
    let mut h = open_tall(dir.path());
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    assert_eq!(camera_move(&h, 4), None);
    h.get_by_label("Camera move").click();
    h.run_steps(2);
    h.get_by_label("Push in").click();
    h.run_steps(2);
    let push = MovePreset::PushIn.camera_move();
    assert_eq!(camera_move(&h, 4), Some(push));
    // Frame the end on the preview: the playhead goes to the card's last frame.
    h.get_by_label("End framing").click();
    h.run_steps(3);
    let editing = FramingEdit {
        card: CardId(4),
        end: MoveEnd::End,
    };
    assert_eq!(h.state().session().unwrap().framing, Some(editing));
    assert_eq!(h.state_mut().playhead(), 251);
    // Drag the rectangle left: the end looks further left; one undo step.
    let body = h.get_by_label("End framing rectangle").rect().center();
    drag(&mut h, body, egui::vec2(-30.0, 0.0));
    let moved = camera_move(&h, 4).unwrap();
    assert!(moved.end.centre[0] < 0.49, "{:?}", moved.end);
    assert_eq!(moved.start, push.start, "the start stays");
    undo(&mut h);
    assert_eq!(camera_move(&h, 4), Some(push));
    // Drag a corner outward: the end zooms out (a wider framing).
    let corner = h.get_by_label("End framing corner 3").rect().center();
    drag(&mut h, corner, egui::vec2(20.0, 12.0));
    let zoomed = camera_move(&h, 4).unwrap();
    assert!(zoomed.end.zoom < push.end.zoom, "{:?}", zoomed.end);
    assert!(zoomed.end.zoom >= 1.0);
    undo(&mut h);
    assert_eq!(camera_move(&h, 4), Some(push));
    // Selecting something else ends the framing; "None" takes the move off.
    h.get_by_label("Card 2").click();
    h.run_steps(2);
    assert_eq!(h.state().session().unwrap().framing, None);
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    h.get_by_label("Camera move").click();
    h.run_steps(2);
    h.get_by_label("None").click();
    h.run_steps(2);
    assert_eq!(camera_move(&h, 4), None);
}

#[test]
fn a_gap_fades_through_black_and_the_film_fades_in() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("Gap 3–4").click();
    h.run_steps(2);
    h.get_by_label("Mode").click();
    h.run_steps(2);
    h.get_by_label("Fade through black").click();
    h.run_steps(2);
    let key = GapKey {
        from_card: CardId(3),
        to_card: CardId(4),
    };
    let project = |h: &Harness<'_, EditorApp>| h.state().project().unwrap().clone();
    assert_eq!(
        project(&h).gap_settings(key).mode,
        GapMode::FadeThroughBlack
    );
    // The project's fade in, typed in seconds.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.state_mut().execute(super::super::Command::Select(
        super::super::Selection::Nothing,
    ));
    h.run_steps(2);
    h.get_by_label("Fade in").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("1s".into()));
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(project(&h).settings.fade_in_frames, 24);
}
