//! Cutting a card in two.

use crate::project::{CardContent, CardId, GapKey, Project};
use crate::time::TimeRange;

use super::EditError;
use super::track::card_mut;

/// Splits a card at `at_frame`: the left half keeps the id, the right half is
/// a new card that starts at `at_frame` (a clip's right half continues from
/// the matching source frame). The gap that followed the card now follows the
/// right half.
///
/// ```text
///   before:         [ A A A A ]  gap  [ B ]
///   split A at 2:   [ A A ][ A'A']  gap  [ B ]
/// ```
pub(super) fn split(p: &mut Project, id: CardId, at_frame: i64) -> Result<(), EditError> {
    let new_id = p.next_card_id();
    let card = card_mut(p, id)?;
    let range = card.range_in_timeline;
    if at_frame <= range.start || at_frame >= range.end() {
        return Err(EditError::SplitOutside {
            card: id,
            frame: at_frame,
        });
    }
    let mut right = card.clone();
    card.range_in_timeline = TimeRange::from_start_end(range.start, at_frame);
    right.id = new_id;
    right.range_in_timeline = TimeRange::from_start_end(at_frame, range.end());
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut right.content
    {
        *source_start_frame += at_frame - range.start;
    }
    p.cards.push(right);
    let following: Vec<_> = p
        .gaps
        .keys()
        .filter(|k| k.from_card == id)
        .copied()
        .collect();
    for key in following {
        if let Some(settings) = p.gaps.remove(&key) {
            let moved = GapKey {
                from_card: new_id,
                to_card: key.to_card,
            };
            p.gaps.insert(moved, settings);
        }
    }
    Ok(())
}
