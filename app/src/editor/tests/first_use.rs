//! What a first-time user met: each friction point, driven as they drove it.

use std::time::{Duration, Instant};

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardContent, CardId, GapKey, GapSettings};
use inbetween_engine::timeline::{Edit, Layout, Ripple};

use super::super::text_card::PLACEHOLDER;
use super::super::{Command, EditorApp, GapStatus, Selection};
use super::{card_range, demo, demo_copy, drag, harness, open};

fn gap(from: u64, to: u64) -> GapKey {
    GapKey {
        from_card: CardId(from),
        to_card: CardId(to),
    }
}

/// Runs frames until `key` is generated.
fn wait_ready(h: &mut Harness<'_, EditorApp>, key: GapKey) {
    let started = Instant::now();
    while h.state().gap_status(key) != Some(GapStatus::Ready) {
        assert!(
            started.elapsed().as_secs() < 120,
            "{key:?} was not generated"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
}

#[test]
fn every_key_press_counts_even_several_in_one_frame() {
    let mut h = open(&demo());
    h.key_press(Key::Home);
    h.run_steps(1);
    // Ten presses faster than the window draws: all in one frame.
    for _ in 0..10 {
        h.key_press(Key::ArrowRight);
    }
    h.run_steps(1);
    assert_eq!(h.state_mut().playhead(), 10);
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run_steps(1);
    assert_eq!(h.state_mut().playhead(), 40);
}

#[test]
fn t_makes_a_text_card_in_the_gap_at_the_playhead_and_typing_names_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("Gap 1–2").click();
    h.run_steps(2);
    let project = h.state().project().unwrap().clone();
    let span = Layout::of(&project)
        .gaps()
        .iter()
        .find(|g| g.key == gap(1, 2))
        .unwrap()
        .range_in_timeline;
    h.key_press(Key::T);
    h.run_steps(3);
    let Selection::Cards(ids) = h.state().selection().clone() else {
        panic!("the new card is selected");
    };
    let card = h.state().project().unwrap().card(ids[0]).unwrap().clone();
    assert_eq!(card.content, CardContent::Text);
    assert_eq!(card.prompt, PLACEHOLDER);
    // Between shots 1 and 2: shot 1A, the others keep their numbers.
    assert_eq!(card.board.shot, "1A");
    assert!(span.start <= card.range_in_timeline.start);
    assert!(card.range_in_timeline.end() <= span.end(), "inside the gap");
    assert_eq!(
        h.state().project().unwrap().cards.len(),
        project.cards.len() + 1
    );
    // The keyboard is in its text, selected: typing replaces it.
    h.event(egui::Event::Text("Opening titles".into()));
    h.run_steps(1);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let named = h
        .state()
        .project()
        .unwrap()
        .card(card.id)
        .unwrap()
        .prompt
        .clone();
    assert_eq!(named, "Opening titles");
    // Typing a T into the text made no second card.
    assert_eq!(
        h.state().project().unwrap().cards.len(),
        project.cards.len() + 1
    );
    let session = h.state().session().unwrap();
    assert_eq!(session.document.undo_label(), Some("Edit prompt"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().project().unwrap(), &project, "two undo steps");
}

#[test]
fn the_edit_menu_makes_a_text_card_after_the_card_at_the_playhead() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.key_press(Key::Home);
    h.run_steps(1);
    let first = card_range(&h, 1);
    let second = card_range(&h, 2);
    h.get_by_label("Edit").click();
    h.run_steps(3);
    h.get_by_label("New text card T").click();
    h.run_steps(2);
    let project = h.state().project().unwrap();
    let card = project.cards.iter().find(|c| c.id.0 == 6).unwrap();
    assert_eq!(card.range_in_timeline.start, first.1, "right after card 1");
    let length = card.range_in_timeline.duration;
    assert_eq!(card_range(&h, 2), (second.0 + length, second.1 + length));
}

#[test]
fn shift_delete_closes_up_the_track_and_close_gap_joins_two_cards() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let four = card_range(&h, 4);
    let five = card_range(&h, 5);
    h.get_by_label("Card 4").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::SHIFT, Key::Delete);
    h.run_steps(2);
    assert!(h.state().project().unwrap().card(CardId(4)).is_none());
    let length = four.1 - four.0;
    assert_eq!(card_range(&h, 5), (five.0 - length, five.1 - length));
    let session = h.state().session().unwrap();
    assert_eq!(session.document.undo_label(), Some("Ripple delete card"));
    // Close the gap between cards 3 and 5 from its menu.
    let three = card_range(&h, 3);
    h.get_by_label("Gap 3–5").click_secondary();
    h.run_steps(2);
    h.get_by_label("Close gap").click();
    h.run_steps(2);
    assert_eq!(card_range(&h, 5).0, three.1, "card 5 follows card 3");
    assert!(
        Layout::of(h.state().project().unwrap())
            .gaps()
            .iter()
            .all(|g| g.key != gap(3, 5))
    );
}

#[test]
fn a_library_drop_near_the_last_cards_end_snaps_to_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let end = card_range(&h, 5).1;
    let card = h.get_by_label("Card 5").rect();
    let from = h.get_by_label("bunny-burrow.jpg").rect().center();
    // Six points past the end (clear of its trim handle): within snapping
    // distance, and frames off without it.
    let to = egui::pos2(card.right() + 6.0, card.center().y);
    drag(&mut h, from, to - from);
    super::settle(&mut h);
    let project = h.state().project().unwrap();
    let dropped = project.cards.iter().find(|c| c.id.0 == 6).unwrap();
    assert_eq!(dropped.range_in_timeline.start, end, "no 4-frame gap");
}

#[test]
fn the_status_bar_counts_gaps_truly_and_an_edit_elsewhere_keeps_them_generated() {
    let dir = demo_copy();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    h.get_by_label_contains("of 4 gaps generated");
    assert!(h.query_by_label("All 4 gaps generated").is_none());
    wait_ready(&mut h, gap(1, 2));
    let recipe = |h: &Harness<'_, EditorApp>| {
        h.state()
            .project()
            .unwrap()
            .gap_settings(gap(1, 2))
            .generated
    };
    let before = recipe(&h);
    // Moving the last card changes gap 4–5 only: gap 1–2 stays generated,
    // frame after frame, not back to a draft.
    let (start, _) = card_range(&h, 5);
    h.state_mut().execute(Command::Edit(Edit::MoveCard {
        id: CardId(5),
        to_start: start + 10,
        ripple: Ripple::No,
    }));
    for _ in 0..5 {
        h.run_steps(1);
        assert_eq!(h.state().gap_status(gap(1, 2)), Some(GapStatus::Ready));
    }
    // A dissolve reads no prompt: giving the gap one keeps its frames.
    let settings = h.state().project().unwrap().gap_settings(gap(1, 2));
    h.state_mut().execute(Command::Edit(Edit::SetGapSettings {
        key: gap(1, 2),
        settings: GapSettings {
            prompt: "the rabbit stirs".into(),
            ..settings
        },
    }));
    for _ in 0..5 {
        h.run_steps(1);
        assert_eq!(h.state().gap_status(gap(1, 2)), Some(GapStatus::Ready));
    }
    assert_eq!(recipe(&h), before, "the same frames");
}

#[test]
fn without_generation_the_status_bar_says_none_are_generated() {
    let h = open(&demo());
    h.get_by_label("0 of 4 gaps generated; generation paused");
    h.get_by_label("Resume");
}

#[test]
fn the_inspector_keeps_its_width_whatever_is_selected() {
    let mut h = open(&demo());
    let project_edge = h.get_by_label("Project").rect().left();
    let clip = h.get_by_label("Audio clip 1").rect();
    h.hover_at(clip.center());
    h.run_steps(1);
    h.get_by_label("Audio clip 1").click();
    h.run_steps(3);
    let sound_edge = h.get_by_label("Sound 1").rect().left();
    assert_eq!(sound_edge, project_edge, "the preview would jump");
    h.get_by_label("Card 3").click();
    h.run_steps(3);
    let card_edge = h.get_by_label_contains("Shot 3 · card 3 ·").rect().left();
    assert_eq!(card_edge, project_edge);
}

#[test]
fn the_shortcut_list_gives_each_command_one_row_with_all_its_keys() {
    let mut h = open(&demo());
    h.state_mut().execute(Command::ShowShortcuts);
    h.run_steps(2);
    h.get_by_label("Ctrl+Shift+Z, Ctrl+Y");
    h.get_by_label("Shift+Delete, Shift+Backspace");
    assert!(h.query_by_label("Ctrl+Y").is_none(), "not a row of its own");
}

#[test]
fn a_cards_trim_handle_is_wide_enough_to_grab() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let before = card_range(&h, 5);
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let card = h.get_by_label("Card 5").rect();
    // Eight points in from the end: the handle, not the body.
    let from = egui::pos2(card.right() - 8.0, card.center().y);
    drag(&mut h, from, egui::vec2(30.0, 0.0));
    let longer = (30.0 / points_per_frame).round() as i64;
    assert_eq!(
        card_range(&h, 5),
        (before.0, before.1 + longer),
        "trimmed, not moved"
    );
}

#[test]
fn music_longer_than_the_last_card_does_not_make_the_film_longer() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let project = h.state().project().unwrap().clone();
    let film = project.duration_frames();
    let last_card = project
        .cards
        .iter()
        .map(|c| c.range_in_timeline.end())
        .max();
    assert_eq!(Some(film), last_card);
    // Stretch the music's clip to run 10 s past the last card.
    let mut music = project.audio_lanes[0].clips[0].clone();
    music.range_in_timeline.duration = film + 240;
    h.state_mut()
        .execute(Command::Edit(Edit::SetAudioClip(music)));
    h.run_steps(2);
    assert_eq!(h.state().project().unwrap().duration_frames(), film);
    h.get_by_label_contains("/ 00:00:13:12");
    h.key_press(Key::End);
    h.run_steps(1);
    assert_eq!(
        h.state_mut().playhead(),
        film - 1,
        "End is the last card's last frame"
    );
}
