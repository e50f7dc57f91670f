//! Moving cards along the track.

use crate::project::{CardId, Project};

use super::track::{card_mut, shift_cards_from};
use super::{EditError, Ripple};

/// Moves a card to start at `to_start`.
///
/// ```text
///   before:           [ A ]   [ B ]      [ C ]
///   move B +3:        [ A ]      [ B ]   [ C ]     (no ripple: C stays)
///   ripple B +3:      [ A ]      [ B ]      [ C ]  (C moves along)
/// ```
///
/// Without ripple the card may jump past others into any free space. With
/// ripple every card after it moves by the same amount, so the gaps after it
/// keep their lengths; only the gap before it changes.
pub(super) fn move_card(
    p: &mut Project,
    id: CardId,
    to_start: i64,
    ripple: Ripple,
) -> Result<(), EditError> {
    let card = card_mut(p, id)?;
    let old = card.range_in_timeline;
    let delta = to_start - old.start;
    card.range_in_timeline = old.shifted(delta);
    if ripple == Ripple::Yes {
        shift_cards_from(p, old.end(), delta, Some(id));
    }
    Ok(())
}

/// Moves several cards at once, each to its own start (a drag of a
/// selection): checked together, so they may pass where one alone could not.
pub(super) fn move_cards(p: &mut Project, moves: &[(CardId, i64)]) -> Result<(), EditError> {
    for (id, to_start) in moves {
        let card = card_mut(p, *id)?;
        card.range_in_timeline.start = *to_start;
    }
    Ok(())
}
