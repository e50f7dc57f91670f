//! What the edits share: whether an edit ripples, moving the cards after a
//! frame, and finding a card to change. A leaf: the edit files use it and
//! `edit.rs` dispatches to them, so none of them imports another.

use crate::project::{Card, CardId, Project};

use super::EditError;

/// Whether an edit pushes the cards after it along.
///
/// Ripple moves the story track only: audio lanes and markers stay where they
/// are, because cards are timed to the music, not the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ripple {
    /// Later cards keep their places; the edit must fit in the free space.
    No,
    /// Later cards move by the same amount, keeping the gaps between them.
    Yes,
}

/// Moves every card starting at or after `from_frame` (except `except`) by `delta`.
pub(super) fn shift_cards_from(
    p: &mut Project,
    from_frame: i64,
    delta: i64,
    except: Option<CardId>,
) {
    for card in &mut p.cards {
        if card.range_in_timeline.start >= from_frame && Some(card.id) != except {
            card.range_in_timeline = card.range_in_timeline.shifted(delta);
        }
    }
}

/// The card `id`, or the error that names it.
pub(super) fn card_mut(p: &mut Project, id: CardId) -> Result<&mut Card, EditError> {
    p.card_mut(id).ok_or(EditError::NoSuchCard(id))
}
