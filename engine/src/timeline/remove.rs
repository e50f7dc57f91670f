//! Taking cards off the track.

use crate::project::{CardId, Project};

use super::track::shift_cards_from;
use super::{EditError, Ripple};

/// Removes a card and the settings of the gaps it joined.
///
/// ```text
///   before:        [ A ]  [ B ]  [ C ]
///   remove B:      [ A ]         [ C ]      (lift: C stays)
///   ripple B:      [ A ]  [ C ]             (C moves up by B's length)
/// ```
pub(super) fn remove(p: &mut Project, id: CardId, ripple: Ripple) -> Result<(), EditError> {
    let index = p.card_index(id).ok_or(EditError::NoSuchCard(id))?;
    let removed = p.cards.remove(index);
    p.gaps
        .retain(|key, _| key.from_card != id && key.to_card != id);
    if ripple == Ripple::Yes {
        let range = removed.range_in_timeline;
        shift_cards_from(p, range.end(), -range.duration, None);
    }
    Ok(())
}
