//! Adding cards.

use crate::project::{Card, Project};

use super::EditError;
use super::track::shift_cards_from;

/// Ripple insert: the new card goes in at its start frame and everything from
/// there on moves later by its length.
///
/// ```text
///   before:  [ A ]   [ B ]          insert N at B's start
///   after:   [ A ]   [ N ][ B ]
/// ```
pub(super) fn insert(p: &mut Project, card: Card) -> Result<(), EditError> {
    refuse_duplicate(p, &card)?;
    let at = card.range_in_timeline.start;
    if let Some(inside) = p
        .cards
        .iter()
        .find(|c| c.range_in_timeline.contains(at) && c.range_in_timeline.start != at)
    {
        return Err(EditError::InsideCard {
            frame: at,
            card: inside.id,
        });
    }
    shift_cards_from(p, at, card.range_in_timeline.duration, None);
    p.cards.push(card);
    Ok(())
}

/// Place: the new card goes into free space; nothing else moves, and it is
/// refused if it would cover another card.
///
/// ```text
///   before:  [ A ]          [ B ]      place N in the gap
///   after:   [ A ]  [ N ]   [ B ]
/// ```
pub(super) fn place(p: &mut Project, card: Card) -> Result<(), EditError> {
    refuse_duplicate(p, &card)?;
    p.cards.push(card);
    Ok(())
}

fn refuse_duplicate(p: &Project, card: &Card) -> Result<(), EditError> {
    if p.card(card.id).is_some() {
        return Err(EditError::DuplicateId(card.id));
    }
    Ok(())
}
