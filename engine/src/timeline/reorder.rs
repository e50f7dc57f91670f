//! Moving a card to another place in the story's order (a board dragged in
//! the board view).

use std::collections::BTreeMap;

use crate::project::{CardId, GapKey, Project, shots};

use super::EditError;

/// Moves card `id` to be the `to_index`th card of the story (0 the first;
/// past the end, the last). The story track ripples: the cards are laid
/// out again from the first one's start in the new order, and the gaps
/// stay where they were in the order, each with its length and settings
/// (now between its new neighbours; what was generated for its old ones
/// is forgotten). Shot numbers given automatically follow the new order;
/// typed ones stay.
///
/// ```text
///   before:            [ A ]~~[ B ]----[ C ]      ~~ a dissolve, -- a cut gap
///   C to the front:    [ C ]~~[ A ]----[ B ]
/// ```
pub(super) fn reorder(p: &mut Project, id: CardId, to_index: usize) -> Result<(), EditError> {
    let from = p.card_index(id).ok_or(EditError::NoSuchCard(id))?;
    let Some(first_start) = p.cards.first().map(|c| c.range_in_timeline.start) else {
        return Ok(());
    };
    // The gaps between neighbours, in order: their lengths and settings.
    let slots: Vec<_> = p
        .cards
        .windows(2)
        .map(|pair| {
            let key = GapKey {
                from_card: pair[0].id,
                to_card: pair[1].id,
            };
            let length = pair[1].range_in_timeline.start - pair[0].range_in_timeline.end();
            (length, p.gaps.get(&key).cloned())
        })
        .collect();
    let card = p.cards.remove(from);
    let to = to_index.min(p.cards.len());
    p.cards.insert(to, card);
    let mut gaps = BTreeMap::new();
    let mut at = first_start;
    for i in 0..p.cards.len() {
        let range = &mut p.cards[i].range_in_timeline;
        range.start = at;
        at = range.end();
        if let Some((length, settings)) = slots.get(i) {
            at += length;
            if let Some(mut settings) = settings.clone() {
                settings.generated = None;
                let key = GapKey {
                    from_card: p.cards[i].id,
                    to_card: p.cards[i + 1].id,
                };
                gaps.insert(key, settings);
            }
        }
    }
    p.gaps = gaps;
    // Boards numbered automatically follow the new order.
    shots::renumber(p);
    Ok(())
}
