use crate::project::{CardId, GapKey, Project};
use crate::time::TimeRange;

/// The story track resolved into shots and gaps, for asking what is at a frame.
///
/// ```text
///   frame:  0        24       40        64
///           [ card 1 ][ gap 0  ][ card 2 ]
/// ```
///
/// A gap exists where two neighbouring cards do not touch; cards that touch
/// simply cut. The film runs from frame 0 to the end of the last card; any
/// space before the first card is empty (black).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    cards: Vec<(CardId, TimeRange)>,
    gaps: Vec<Gap>,
}

/// A gap between two cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// Which cards it joins (and where its settings are kept).
    pub key: GapKey,
    /// Where it is on the film.
    pub range_in_timeline: TimeRange,
}

impl Gap {
    /// Where frame `frame_in_gap` (0-based) of the gap lies between the two
    /// sides: the last frame of the card before is t = 0, the first frame of
    /// the card after is t = 1, and the gap's frames are evenly spaced strictly
    /// between, at `(i + 1) / (length + 1)`.
    pub fn t_at(&self, frame_in_gap: i64) -> f64 {
        (frame_in_gap + 1) as f64 / (self.range_in_timeline.duration + 1) as f64
    }
}

/// What the film shows at a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// A card's own picture.
    Card {
        /// The card.
        id: CardId,
        /// Frames since the card's start.
        frame_in_card: i64,
    },
    /// A frame of a gap.
    Gap {
        /// The gap's position among the film's gaps.
        index: usize,
        /// The gap.
        gap: Gap,
        /// Frames since the gap's start.
        frame_in_gap: i64,
        /// Position between the two sides, strictly inside (0, 1).
        t: f64,
    },
    /// Nothing: before the first card or after the last.
    Empty,
}

impl Layout {
    /// The layout of `project`'s story track.
    pub fn of(project: &Project) -> Self {
        let mut cards: Vec<_> = project
            .cards
            .iter()
            .map(|c| (c.id, c.range_in_timeline))
            .collect();
        cards.sort_by_key(|(id, r)| (r.start, *id));
        let gaps = cards
            .windows(2)
            .filter_map(|pair| {
                let [(from_card, a), (to_card, b)] = pair else {
                    return None;
                };
                let range = TimeRange::from_start_end(a.end(), b.start);
                (!range.is_empty()).then_some(Gap {
                    key: GapKey {
                        from_card: *from_card,
                        to_card: *to_card,
                    },
                    range_in_timeline: range,
                })
            })
            .collect();
        Self { cards, gaps }
    }

    /// What is at `frame`.
    pub fn at(&self, frame: i64) -> At {
        let after = self.cards.partition_point(|(_, r)| r.start <= frame);
        if let Some((id, range)) = after.checked_sub(1).and_then(|i| self.cards.get(i))
            && range.contains(frame)
        {
            return At::Card {
                id: *id,
                frame_in_card: frame - range.start,
            };
        }
        let index = self
            .gaps
            .partition_point(|g| g.range_in_timeline.end() <= frame);
        match self.gaps.get(index) {
            Some(gap) if gap.range_in_timeline.contains(frame) => {
                let frame_in_gap = frame - gap.range_in_timeline.start;
                At::Gap {
                    index,
                    gap: *gap,
                    frame_in_gap,
                    t: gap.t_at(frame_in_gap),
                }
            }
            _ => At::Empty,
        }
    }

    /// The gaps, in film order.
    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }

    /// The cards' ids and ranges, in film order.
    pub fn cards(&self) -> &[(CardId, TimeRange)] {
        &self.cards
    }

    /// The gap that follows card `id`, if the next card does not touch it.
    pub fn gap_after(&self, id: CardId) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.key.from_card == id)
    }

    /// The gap that precedes card `id`.
    pub fn gap_before(&self, id: CardId) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.key.to_card == id)
    }

    /// The film's extent: frame 0 to the end of the last card.
    pub fn film_range(&self) -> TimeRange {
        let end = self.cards.last().map_or(0, |(_, r)| r.end());
        TimeRange::from_start_end(0, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Card, CardContent, Fit};

    fn project(ranges: &[(u64, i64, i64)]) -> Project {
        let mut p = Project::new("t");
        p.cards = ranges
            .iter()
            .map(|&(id, start, duration)| Card {
                camera_move: None,
                id: CardId(id),
                range_in_timeline: TimeRange::new(start, duration),
                prompt: String::new(),
                fit: Fit::Fit,
                content: CardContent::Text,
                board: Default::default(),
            })
            .collect();
        p
    }

    #[test]
    fn cards_and_gaps() {
        //  [1: 0..24) gap [24..40) [2: 40..64) [3: 64..70)
        let layout = Layout::of(&project(&[(1, 0, 24), (2, 40, 24), (3, 64, 6)]));
        assert_eq!(layout.gaps().len(), 1, "touching cards make no gap");
        assert_eq!(
            layout.at(0),
            At::Card {
                id: CardId(1),
                frame_in_card: 0
            }
        );
        assert_eq!(
            layout.at(23),
            At::Card {
                id: CardId(1),
                frame_in_card: 23
            }
        );
        assert_eq!(
            layout.at(64),
            At::Card {
                id: CardId(3),
                frame_in_card: 0
            }
        );
        assert_eq!(layout.at(70), At::Empty);
        assert_eq!(layout.at(-1), At::Empty);
        let At::Gap {
            index,
            gap,
            frame_in_gap,
            t,
        } = layout.at(24)
        else {
            panic!("frame 24 is in the gap");
        };
        assert_eq!((index, frame_in_gap), (0, 0));
        assert_eq!(
            gap.key,
            GapKey {
                from_card: CardId(1),
                to_card: CardId(2)
            }
        );
        assert!((t - 1.0 / 17.0).abs() < 1e-12);
        let At::Gap { t: last, .. } = layout.at(39) else {
            panic!("frame 39 is in the gap");
        };
        assert!((last - 16.0 / 17.0).abs() < 1e-12);
        assert_eq!(layout.film_range(), TimeRange::new(0, 70));
    }

    #[test]
    fn leading_space_is_empty_and_order_does_not_matter() {
        let layout = Layout::of(&project(&[(2, 50, 10), (1, 10, 10)]));
        assert_eq!(layout.at(5), At::Empty);
        assert_eq!(layout.gaps()[0].range_in_timeline, TimeRange::new(20, 30));
        assert_eq!(
            layout.gap_after(CardId(1)).map(|g| g.key.to_card),
            Some(CardId(2))
        );
        assert_eq!(
            layout.gap_before(CardId(2)).map(|g| g.key.from_card),
            Some(CardId(1))
        );
        assert!(layout.gap_before(CardId(1)).is_none());
    }

    #[test]
    fn every_gap_frame_has_t_strictly_inside() {
        let layout = Layout::of(&project(&[(1, 0, 1), (2, 2, 1), (3, 100, 1)]));
        for frame in 1..100 {
            match layout.at(frame) {
                At::Gap { t, .. } => assert!(t > 0.0 && t < 1.0),
                At::Card { .. } => assert_eq!(frame, 2),
                At::Empty => panic!("frame {frame} is inside the film"),
            }
        }
    }
}
