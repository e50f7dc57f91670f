//! Editing as a user edits: drags, trims, selection, clipboard, media replaced.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardId, GapKey};

use super::super::Selection;
use super::*;

#[test]
fn dragging_a_card_moves_it_by_the_dragged_amount_and_one_undo_restores_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let before = card_range(&h, 5);
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let centre = h.get_by_label("Card 5").rect().center();
    drag(&mut h, centre, egui::vec2(60.0, 0.0));
    let moved = (60.0 / points_per_frame).round() as i64;
    assert!(moved > 0);
    assert_eq!(card_range(&h, 5), (before.0 + moved, before.1 + moved));
    assert!(h.state().is_dirty());
    assert_eq!(h.state().selection(), &Selection::Cards(vec![CardId(5)]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        card_range(&h, 5),
        before,
        "one undo step undoes the whole drag"
    );
    assert!(!h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
    assert_eq!(card_range(&h, 5), (before.0 + moved, before.1 + moved));
}

#[test]
fn dragging_a_cards_end_trims_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let before = card_range(&h, 5);
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let edge = h.get_by_label("Card 5 end").rect().center();
    drag(&mut h, edge, egui::vec2(40.0, 0.0));
    let longer = (40.0 / points_per_frame).round() as i64;
    assert_eq!(card_range(&h, 5), (before.0, before.1 + longer));
    let start = h.get_by_label("Card 5 start").rect().center();
    drag(&mut h, start, egui::vec2(30.0, 0.0));
    let shorter = (30.0 / points_per_frame).round() as i64;
    assert_eq!(card_range(&h, 5), (before.0 + shorter, before.1 + longer));
}

#[test]
fn clicking_a_gap_shows_the_gap_inspector() {
    let mut h = open(&demo());
    h.get_by_label("Gap 1–2").click();
    h.run_steps(2);
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    assert_eq!(h.state().selection(), &Selection::Gap(key));
    h.get_by_label("Mode");
    h.get_by_label("Held frames");
    // The playhead is in the gap, so the preview shows it.
    let gap = inbetween_engine::timeline::Layout::of(h.state().project().unwrap())
        .gaps()
        .iter()
        .find(|g| g.key == key)
        .unwrap()
        .range_in_timeline;
    let playhead = h.state_mut().playhead();
    assert!(gap.contains(playhead), "{playhead} in {gap:?}");
}

#[test]
fn space_toggles_playback_and_the_playhead_moves() {
    let mut h = open(&demo());
    assert!(!h.state().is_playing());
    h.key_press(Key::Space);
    h.run_steps(1);
    assert!(h.state().is_playing());
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run_steps(1);
    let playhead = h.state_mut().playhead();
    assert!(playhead >= 5, "0.3 s at 24 fps is 7 frames, not {playhead}");
    h.key_press(Key::Space);
    h.run_steps(1);
    assert!(!h.state().is_playing());
    h.key_press(Key::End);
    h.run_steps(1);
    let last = h.state().project().unwrap().duration_frames() - 1;
    assert_eq!(h.state_mut().playhead(), last);
}

#[test]
fn cards_are_cut_copied_and_pasted_where_they_fit() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let end = h.state().project().unwrap().duration_frames();
    h.get_by_label("Card 2").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::C);
    h.run_steps(1);
    // The playhead is on card 1: the copy goes after the film's end.
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run_steps(1);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), 6);
    let pasted = project.cards.last().unwrap();
    let original = project.card(CardId(2)).unwrap();
    assert_eq!(pasted.range_in_timeline.start, end);
    assert_eq!(pasted.content, original.content);
    assert_ne!(pasted.id, original.id);
    let original_content = original.content.clone();
    assert_eq!(h.state().selection(), &Selection::Cards(vec![pasted.id]));
    // Cut card 2, then paste it back where the playhead is: it fits there.
    let (start, _) = card_range(&h, 2);
    h.get_by_label("Card 2").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::X);
    h.run_steps(1);
    assert!(h.state().project().unwrap().card(CardId(2)).is_none());
    h.state_mut().execute(super::super::Command::Seek(start));
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run_steps(1);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), 6);
    assert_eq!(project.cards[1].range_in_timeline.start, start);
    assert_eq!(project.cards[1].content, original_content);
    // Each paste is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(h.state().project().unwrap().cards.len(), 5);
}

#[test]
fn a_selection_of_cards_is_dragged_together_as_one_undo_step() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let (four, five) = (card_range(&h, 4), card_range(&h, 5));
    h.get_by_label("Card 4").click();
    h.run_steps(1);
    let card5 = h.get_by_label("Card 5").rect().center();
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: card5,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: card5,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.run_steps(1);
    assert_eq!(
        h.state().selection(),
        &Selection::Cards(vec![CardId(4), CardId(5)])
    );
    let from = h.get_by_label("Card 4").rect().center();
    drag(&mut h, from, egui::vec2(30.0, 0.0));
    let (moved4, moved5) = (card_range(&h, 4), card_range(&h, 5));
    let delta = moved4.0 - four.0;
    assert!(delta > 0, "moved right");
    assert_eq!(moved5.0 - five.0, delta, "together");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!((card_range(&h, 4), card_range(&h, 5)), (four, five));
}

#[test]
fn a_cards_media_can_be_replaced_and_a_missing_file_relinked() {
    let dir = demo_copy();
    let outside = tempfile::tempdir().unwrap();
    let picture = outside.path().join("sky.png");
    image::RgbaImage::from_pixel(64, 36, image::Rgba([90, 140, 220, 255]))
        .save(&picture)
        .unwrap();
    // bunny-looks.jpg (card 4's) has gone missing.
    std::fs::remove_file(dir.path().join("media/bunny-looks.jpg")).unwrap();
    let mut h = open(dir.path());
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    h.get_by_label("media/bunny-looks.jpg is missing");
    h.get_by_label("Relink…").click();
    h.run_steps(1);
    // The file dialog cannot run here; give the editor its answer.
    h.state_mut().file_chosen(
        super::super::files::Purpose::Replace(CardId(4)),
        vec![picture],
    );
    settle(&mut h);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/sky.png");
    assert!(dir.path().join("media/sky.png").is_file());
    h.get_by_label("Replace…");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/bunny-looks.jpg");
    // A broken file is refused with its name; the card keeps its media.
    let broken = outside.path().join("broken.png");
    std::fs::write(&broken, b"not a png").unwrap();
    h.state_mut().file_chosen(
        super::super::files::Purpose::Replace(CardId(4)),
        vec![broken],
    );
    settle(&mut h);
    h.get_by_label_contains("broken.png");
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/bunny-looks.jpg");
}

#[test]
fn a_cards_board_fields_are_typed_in_the_inspector_one_undo_step_each() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    h.get_by_label_contains("Shot 4 · card 4").hover();
    let card = |h: &Harness<'_, EditorApp>| {
        h.state()
            .project()
            .unwrap()
            .card(inbetween_engine::project::CardId(4))
            .unwrap()
            .board
            .clone()
    };
    let before = card(&h);
    // Notes: clicked, typed (two lines), left.
    h.get_by_label("Notes").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Hold on his face.".into()));
    h.key_press(Key::Enter);
    h.event(egui::Event::Text("Birds, off.".into()));
    h.run_steps(1);
    // Typing goes into the field, not the timeline's shortcuts.
    assert_eq!(card(&h), before, "committed only when the field is left");
    h.get_by_label("Dialogue").click();
    h.run_steps(2);
    assert_eq!(card(&h).notes, "Hold on his face.\nBirds, off.");
    h.event(egui::Event::Text("Good morning!".into()));
    h.run_steps(1);
    // The shot number, typed over: kept from now on.
    h.get_by_label("Shot").click();
    h.run_steps(2);
    assert_eq!(card(&h).dialogue, "Good morning!");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("40".into()));
    h.key_press(Key::Escape);
    h.run_steps(3);
    let typed = card(&h);
    assert_eq!((typed.shot.as_str(), typed.shot_set), ("40", true));
    h.get_by_label_contains("Shot 40 · card 4");
    // Renumber keeps the typed number; the others count on in film order.
    h.state_mut().execute(super::super::Command::Edit(
        inbetween_engine::timeline::Edit::RenumberShots,
    ));
    h.run_steps(2);
    let shots: Vec<String> = h
        .state()
        .project()
        .unwrap()
        .cards
        .iter()
        .map(|c| c.board.shot.clone())
        .collect();
    assert_eq!(shots, ["1", "2", "3", "40", "41"]);
    // Four edits, four undo steps, back to the demo's board.
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(1);
    }
    h.run_steps(2);
    assert_eq!(card(&h), before);
}
