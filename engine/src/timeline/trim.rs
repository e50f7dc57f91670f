//! Changing where a card starts and ends.

use crate::project::{CardContent, CardId, Project};

use super::track::{card_mut, shift_cards_from};
use super::{EditError, Ripple};

/// Moves a card's first frame. A clip keeps showing the same source frame at
/// each film frame, so trimming its head moves its source start with it.
///
/// ```text
///   before:            [ A ]  [ B B B ]  [ C ]
///   trim B's start +1: [ A ]    [ B B ]  [ C ]   (the gap before B grows)
///   ripple, +1:        [ A ]  [ B B ]  [ C ]     (B starts where it did; C moves up)
/// ```
pub(super) fn trim_start(
    p: &mut Project,
    id: CardId,
    to_frame: i64,
    ripple: Ripple,
) -> Result<(), EditError> {
    let card = card_mut(p, id)?;
    let old = card.range_in_timeline;
    let delta = to_frame - old.start;
    if delta >= old.duration {
        return Err(EditError::TooShort(id));
    }
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut card.content
    {
        let new_source = *source_start_frame + delta;
        if new_source < 0 {
            return Err(EditError::BeforeMediaStart(id));
        }
        *source_start_frame = new_source;
    }
    card.range_in_timeline.duration = old.duration - delta;
    match ripple {
        Ripple::No => card.range_in_timeline.start = to_frame,
        Ripple::Yes => shift_cards_from(p, old.end(), -delta, Some(id)),
    }
    Ok(())
}

/// Moves a card's end (the frame after its last).
///
/// ```text
///   before:           [ A ]  [ B B ]    [ C ]
///   trim B's end +1:  [ A ]  [ B B B ]  [ C ]    (the gap after B shrinks)
///   ripple, +1:       [ A ]  [ B B B ]    [ C ]  (C moves along)
/// ```
pub(super) fn trim_end(
    p: &mut Project,
    id: CardId,
    to_frame: i64,
    ripple: Ripple,
) -> Result<(), EditError> {
    let card = card_mut(p, id)?;
    let old = card.range_in_timeline;
    let delta = to_frame - old.end();
    if old.duration + delta < 1 {
        return Err(EditError::TooShort(id));
    }
    card.range_in_timeline.duration = old.duration + delta;
    if ripple == Ripple::Yes {
        shift_cards_from(p, old.end(), delta, Some(id));
    }
    Ok(())
}
