//! Timing typed in the inspector: frames, seconds or timecode, with ripple
//! or not.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::super::EditorApp;
use super::{card_range, demo_copy, open};

/// Types `text` into the field labelled `label` and leaves it with Enter.
fn type_into(h: &mut Harness<'_, EditorApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(text.into()));
    h.key_press(Key::Enter);
    h.run_steps(3);
}

#[test]
fn a_cards_duration_and_start_and_a_gaps_length_are_typed_in_three_forms() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    assert_eq!(card_range(&h, 4), (204, 252));
    // Seconds; later cards ripple along.
    type_into(&mut h, "Duration", "3s");
    assert_eq!(card_range(&h, 4), (204, 276));
    assert_eq!(card_range(&h, 5), (300, 348));
    h.get_by_label("72 f · 3.00 s");
    // Timecode for the start: card 5 keeps its distance.
    type_into(&mut h, "Starts at", "00:00:08:12");
    assert_eq!(card_range(&h, 4), (204, 276), "8 s 12 f is where it was");
    type_into(&mut h, "Starts at", "00:00:08:18");
    assert_eq!(card_range(&h, 4), (210, 282));
    assert_eq!(card_range(&h, 5), (306, 354));
    // A gap's length in frames moves the card after it, and the rest.
    h.get_by_label("Gap 4–5").click();
    h.run_steps(2);
    type_into(&mut h, "Length", "36");
    assert_eq!(card_range(&h, 5), (318, 366));
    // What cannot be read says so and changes nothing.
    type_into(&mut h, "Length", "soon");
    h.get_by_label_contains("cannot read \"soon\" as a time");
    type_into(&mut h, "Length", "0");
    h.get_by_label("Length must be at least 1 frames");
    assert_eq!(card_range(&h, 5), (318, 366));
    // Ripple off: only the card changes.
    h.get_by_label("Card 2").click();
    h.run_steps(2);
    h.get_by_label("Ripple: later cards move along").click();
    h.run_steps(2);
    type_into(&mut h, "Duration", "2.5s");
    assert_eq!(card_range(&h, 2), (72, 132));
    assert_eq!(card_range(&h, 3), (132, 192), "card 3 stays");
    // Each typed timing is one undo step.
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(1);
    }
    h.run_steps(2);
    assert_eq!(card_range(&h, 2), (72, 120));
    assert_eq!(card_range(&h, 4), (204, 252));
    assert_eq!(card_range(&h, 5), (276, 324));
}
