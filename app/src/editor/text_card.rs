//! New text cards: where one goes and what it holds at first.
//!
//! ```text
//!   in a gap:        [ A ]  ·  ·  ·  ·  [ B ]   →  [ A ] · [ T ] · [ B ]
//!                    (centred, two seconds or the whole gap if shorter)
//!   on a card:       [ A ]  [ B ]  (playhead in A)  →  [ A ][ T ]  [ B ]
//!                    (after the card, later cards moving along: an insert)
//!   in empty space:  at the frame, as long as fits before the next card
//! ```

use inbetween_engine::project::{Card, CardContent, CardId, Fit, Project};
use inbetween_engine::time::TimeRange;
use inbetween_engine::timeline::{At, Edit, Layout};

/// How long a new text card is when nothing makes it shorter.
pub const TEXT_SECONDS: f64 = 2.0;

/// What a new text card says until the user types over it.
pub const PLACEHOLDER: &str = "New shot";

/// The edit that puts a new text card (with id `id`) at frame `at`.
pub fn edit_for(project: &Project, id: CardId, at: i64) -> Edit {
    let natural = project
        .settings
        .frame_rate
        .frame_at_seconds(TEXT_SECONDS)
        .max(1);
    let at = at.max(0);
    let card = |start, duration| Card {
        camera_move: None,
        id,
        range_in_timeline: TimeRange::new(start, duration),
        prompt: PLACEHOLDER.to_owned(),
        fit: Fit::Fit,
        content: CardContent::Text,
        board: Default::default(),
    };
    match Layout::of(project).at(at) {
        At::Gap { gap, .. } => {
            let range = gap.range_in_timeline;
            let duration = natural.min(range.duration);
            Edit::PlaceCard(Box::new(card(
                range.start + (range.duration - duration) / 2,
                duration,
            )))
        }
        At::Card { id: on, .. } => {
            let end = project.card(on).map_or(at, |c| c.range_in_timeline.end());
            Edit::InsertCard(Box::new(card(end, natural)))
        }
        At::Empty => {
            let next = project
                .cards
                .iter()
                .map(|c| c.range_in_timeline.start)
                .filter(|&start| start > at)
                .min();
            let duration = next.map_or(natural, |next| natural.min(next - at));
            Edit::PlaceCard(Box::new(card(at, duration)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use inbetween_engine::time::FrameRate;

    /// Cards at [0, 48) and [96, 144) at 24 fps; a gap of 48 between.
    fn two_cards() -> Project {
        let mut p = Project::new("t");
        p.settings.frame_rate = FrameRate::new(24, 1).unwrap();
        for (id, start) in [(1, 0), (2, 96)] {
            p.cards.push(Card {
                camera_move: None,
                id: CardId(id),
                range_in_timeline: TimeRange::new(start, 48),
                prompt: String::new(),
                fit: Fit::Fit,
                content: CardContent::Text,
                board: Default::default(),
            });
        }
        p
    }

    fn range(edit: &Edit) -> (bool, i64, i64) {
        match edit {
            Edit::PlaceCard(c) => (false, c.range_in_timeline.start, c.range_in_timeline.end()),
            Edit::InsertCard(c) => (true, c.range_in_timeline.start, c.range_in_timeline.end()),
            other => panic!("not a new card: {other:?}"),
        }
    }

    #[test]
    fn a_text_card_fills_a_short_gap_and_is_centred_in_a_long_one() {
        let p = two_cards();
        // The 48-frame gap is exactly two seconds: the card fills it.
        assert_eq!(range(&edit_for(&p, CardId(3), 60)), (false, 48, 96));
        let mut long = two_cards();
        long.cards[1].range_in_timeline.start = 148;
        // A 100-frame gap: two seconds in its middle.
        assert_eq!(range(&edit_for(&long, CardId(3), 50)), (false, 74, 122));
    }

    #[test]
    fn on_a_card_the_text_card_is_inserted_after_it() {
        let p = two_cards();
        assert_eq!(range(&edit_for(&p, CardId(3), 10)), (true, 48, 96));
        let mut applied = p.clone();
        edit_for(&p, CardId(3), 100).apply(&mut applied).unwrap();
        let moved = applied.card(CardId(2)).unwrap().range_in_timeline;
        assert_eq!(
            moved.start, 96,
            "inserted after the last card: nothing moves"
        );
        assert_eq!(
            applied.card(CardId(3)).unwrap().range_in_timeline.start,
            144
        );
    }

    #[test]
    fn in_empty_space_it_fits_before_the_next_card() {
        let mut p = two_cards();
        p.cards[0].range_in_timeline.start = 30;
        assert_eq!(range(&edit_for(&p, CardId(3), 0)), (false, 0, 30));
        let after = edit_for(&two_cards(), CardId(3), 500);
        assert_eq!(range(&after), (false, 500, 548));
    }

    #[test]
    fn the_new_card_says_what_to_type_over() {
        let Edit::PlaceCard(card) = edit_for(&two_cards(), CardId(7), 60) else {
            panic!("a placed card");
        };
        assert_eq!(card.prompt, PLACEHOLDER);
        assert_eq!(card.content, CardContent::Text);
        assert_eq!(card.id, CardId(7));
    }
}
