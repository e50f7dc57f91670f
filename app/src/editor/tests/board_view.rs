//! The board view: toggled with the timeline, sharing its selection;
//! boards dragged to reorder, duplicated, deleted, and a new text card.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardId, GapKey, GapMode};

use super::super::{EditorApp, Selection};
use super::{demo_copy, drag, open};

/// The cards' ids in film order.
fn order(h: &Harness<'_, EditorApp>) -> Vec<u64> {
    h.state()
        .project()
        .unwrap()
        .cards
        .iter()
        .map(|c| c.id.0)
        .collect()
}

fn selection(h: &Harness<'_, EditorApp>) -> Selection {
    h.state().session().unwrap().selection.clone()
}

#[test]
fn boards_are_reordered_by_dragging_and_share_the_timelines_selection() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run_steps(3);
    for id in 1..=5 {
        h.get_by_label(&format!("Board {id}"));
    }
    assert!(
        h.query_by_label("Card 1").is_none(),
        "the timeline is hidden"
    );
    // A board clicked is the selection the timeline shows.
    h.get_by_label("Board 3").click();
    h.run_steps(2);
    assert_eq!(selection(&h), Selection::Cards(vec![CardId(3)]));
    // Board 5 dragged onto board 2's left half: it comes second.
    let gap_12 = h.state().project().unwrap().gap_settings(GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    });
    assert_eq!(gap_12.mode, GapMode::Dissolve);
    let from = h.get_by_label("Board 5").rect().center();
    let to = h.get_by_label("Board 2").rect().left_center() + egui::vec2(8.0, 0.0);
    drag(&mut h, from, to - from);
    assert_eq!(order(&h), [1, 5, 2, 3, 4]);
    let project = h.state().project().unwrap().clone();
    // The first gap keeps its place and its dissolve, now 1 → 5.
    let first_gap = project.gap_settings(GapKey {
        from_card: CardId(1),
        to_card: CardId(5),
    });
    assert_eq!(first_gap.mode, GapMode::Dissolve);
    assert_eq!(first_gap.prompt, gap_12.prompt);
    assert_eq!(project.card(CardId(5)).unwrap().board.shot, "2");
    assert_eq!(selection(&h), Selection::Cards(vec![CardId(5)]));
    // Duplicate: a copy right after it, selected.
    h.get_by_label("Duplicate").click();
    h.run_steps(2);
    assert_eq!(order(&h), [1, 5, 6, 2, 3, 4]);
    assert_eq!(selection(&h), Selection::Cards(vec![CardId(6)]));
    // Delete: it goes, the rest close up.
    let end_before = h.state().project().unwrap().duration_frames();
    h.get_by_label("Delete").click();
    h.run_steps(2);
    assert_eq!(order(&h), [1, 5, 2, 3, 4]);
    assert_eq!(
        h.state().project().unwrap().duration_frames(),
        end_before - 48
    );
    // New text card: after the selected board (or the film's end).
    h.get_by_label("Board 3").click();
    h.run_steps(2);
    h.get_by_label("New text card").click();
    h.run_steps(3);
    let cards = order(&h);
    assert_eq!(cards.len(), 6);
    let new = *cards.iter().max().unwrap();
    assert_eq!(cards[4], new, "right after board 3: {cards:?}");
    h.key_press(Key::Escape);
    h.run_steps(2);
    // Back to the timeline: the same selection.
    h.state_mut()
        .execute(super::super::Command::Select(Selection::Cards(vec![
            CardId(2),
        ])));
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run_steps(3);
    h.get_by_label("Card 2");
    assert!(h.query_by_label("Board 2").is_none());
    assert_eq!(selection(&h), Selection::Cards(vec![CardId(2)]));
    // Every step undoes: new card, delete, duplicate, reorder.
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(1);
    }
    h.run_steps(2);
    assert_eq!(order(&h), [1, 2, 3, 4, 5]);
}
