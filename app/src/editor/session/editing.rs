//! The session's edits: one undo step each (or part of the open gesture).

use inbetween_engine::project::Card;
use inbetween_engine::timeline::{Edit, Ripple};

use super::super::command::Selection;
use super::super::document::Document;
use super::Session;

impl Session {
    /// Applies `edit` as one undo step (or part of the open gesture).
    pub fn edit(&mut self, edit: &Edit) {
        let in_gesture = self.document.in_gesture();
        if let Err(e) = self.document.apply(edit) {
            // While dragging, a refused position (an overlap) just leaves the
            // card where it last fitted.
            if !in_gesture {
                self.notify(format!("{}: {e}", edit.label()), true);
            }
        }
    }

    /// Undoes (or redoes) one step, saying which.
    pub fn undo(&mut self, redo: bool) {
        let done = if redo {
            self.document.redo().map(|l| format!("Redid {l}"))
        } else {
            self.document.undo().map(|l| format!("Undid {l}"))
        };
        if let Some(text) = done {
            self.notify(text, false);
        }
    }

    /// Removes what is selected; with `ripple`, later cards close up.
    pub fn delete_selection(&mut self, ripple: Ripple) {
        if let Selection::Sound(id) = self.selection {
            self.selection = Selection::Nothing;
            self.edit(&Edit::RemoveAudioClip(id));
            return;
        }
        let Selection::Cards(mut ids) = std::mem::take(&mut self.selection) else {
            return;
        };
        // Latest first, so rippling one card never moves another still to go.
        ids.sort_by_key(|id| {
            std::cmp::Reverse(
                self.project()
                    .card(*id)
                    .map_or(0, |c| c.range_in_timeline.start),
            )
        });
        let doc = &mut self.document;
        let plural = ids.len() > 1;
        doc.begin_gesture(match (ripple, plural) {
            (Ripple::No, false) => "Delete card",
            (Ripple::No, true) => "Delete cards",
            (Ripple::Yes, false) => "Ripple delete card",
            (Ripple::Yes, true) => "Ripple delete cards",
        });
        for id in ids {
            let _ = doc.apply(&Edit::RemoveCard { id, ripple });
        }
        doc.end_gesture();
    }

    /// Copies the selected cards; the text for the system clipboard.
    pub fn copy_selection(&mut self) -> Option<String> {
        let Selection::Cards(ids) = &self.selection else {
            return None;
        };
        let project = &self.document.project;
        let mut cards: Vec<_> = ids
            .iter()
            .filter_map(|id| project.card(*id))
            .cloned()
            .collect();
        cards.sort_by_key(|c| c.range_in_timeline.start);
        if cards.is_empty() {
            return None;
        }
        // Something on the system clipboard too, so that Ctrl+V comes back
        // to the editor as a paste.
        let text = format!("{} Inbetween card(s)", cards.len());
        self.clipboard = cards;
        Some(text)
    }

    /// Puts the copied cards at `at` (after the film when something is in
    /// the way), as one undo step.
    pub fn paste(&mut self, at: i64) {
        let Some(first) = self.clipboard.first() else {
            return;
        };
        let first = first.range_in_timeline.start;
        let place = |doc: &mut Document, at: i64, cards: &[Card]| {
            doc.begin_gesture("Paste cards");
            let mut ids = Vec::new();
            for card in cards {
                let mut copy = card.clone();
                copy.id = doc.project.next_card_id();
                copy.range_in_timeline.start = at + (card.range_in_timeline.start - first);
                if doc.apply(&Edit::PlaceCard(Box::new(copy.clone()))).is_err() {
                    doc.cancel_gesture();
                    return None;
                }
                ids.push(copy.id);
            }
            doc.end_gesture();
            Some(ids)
        };
        let cards = self.clipboard.clone();
        let doc = &mut self.document;
        let ids = place(doc, at, &cards).or_else(|| {
            let end = doc.project.duration_frames();
            place(doc, end, &cards)
        });
        match ids {
            Some(ids) => self.selection = Selection::Cards(ids),
            None => self.notify("The cards could not be pasted", true),
        }
    }

    /// Puts a copy of each selected card right after it, the later cards
    /// moving along; the gap after it follows the copy (with its
    /// settings). One undo step; the copies are selected.
    pub fn duplicate_selection(&mut self) {
        let Selection::Cards(ids) = &self.selection else {
            return;
        };
        let mut cards: Vec<Card> = ids
            .iter()
            .filter_map(|id| self.project().card(*id))
            .cloned()
            .collect();
        if cards.is_empty() {
            return;
        }
        // Latest first, so an insert never moves a card still to copy.
        cards.sort_by_key(|c| std::cmp::Reverse(c.range_in_timeline.start));
        let doc = &mut self.document;
        doc.begin_gesture(if cards.len() > 1 {
            "Duplicate cards"
        } else {
            "Duplicate card"
        });
        let mut copies = Vec::new();
        for card in cards {
            let layout = inbetween_engine::timeline::Layout::of(&doc.project);
            let after = layout
                .gap_after(card.id)
                .map(|g| (g.key, doc.project.gap_settings(g.key)));
            let mut copy = card.clone();
            copy.id = doc.project.next_card_id();
            copy.range_in_timeline.start = card.range_in_timeline.end();
            copy.board.shot_set = false;
            if doc
                .apply(&Edit::InsertCard(Box::new(copy.clone())))
                .is_err()
            {
                continue;
            }
            if let Some((key, mut settings)) = after {
                settings.generated = None;
                let moved = inbetween_engine::project::GapKey {
                    from_card: copy.id,
                    to_card: key.to_card,
                };
                let _ = doc.apply(&Edit::SetGapSettings {
                    key: moved,
                    settings,
                });
            }
            copies.push(copy.id);
        }
        doc.end_gesture();
        if copies.is_empty() {
            self.notify("The cards could not be duplicated", true);
        } else {
            self.selection = Selection::Cards(copies);
        }
    }

    /// Puts a new text card at `at` (into the gap or empty space there, or
    /// after the card there), selects it and puts the keyboard in its text.
    pub fn new_text_card(&mut self, at: i64) {
        let id = self.project().next_card_id();
        let edit = super::super::text_card::edit_for(self.project(), id, at);
        let doc = &mut self.document;
        doc.begin_gesture("New text card");
        let placed = doc.apply(&edit);
        doc.end_gesture();
        match placed {
            Ok(()) => {
                self.selection = Selection::Cards(vec![id]);
                self.inspector.focus_prompt = true;
            }
            Err(e) => self.notify(format!("New text card: {e}"), true),
        }
    }
}
