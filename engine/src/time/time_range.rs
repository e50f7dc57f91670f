use serde::{Deserialize, Serialize};

/// A half-open span of frames, `[start, start + duration)`.
///
/// The frames are counted at the rate of whatever owns the range (for
/// everything in a project, the project's rate). `end` is the first frame *not*
/// in the range, so two ranges that touch share no frame, and a range of
/// duration 0 is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct TimeRange {
    /// The first frame in the range.
    #[serde(rename = "start_frame")]
    pub start: i64,
    /// How many frames the range holds; never negative in a valid document.
    #[serde(rename = "duration_frames")]
    pub duration: i64,
}

impl TimeRange {
    /// `[start, start + duration)`.
    pub fn new(start: i64, duration: i64) -> Self {
        Self { start, duration }
    }

    /// `[start, end)`; an `end` before `start` gives an empty range at `start`.
    pub fn from_start_end(start: i64, end: i64) -> Self {
        Self::new(start, end.saturating_sub(start).max(0))
    }

    /// The first frame after the range.
    pub fn end(self) -> i64 {
        self.start.saturating_add(self.duration)
    }

    /// True when the range holds no frame.
    pub fn is_empty(self) -> bool {
        self.duration <= 0
    }

    /// True when `frame` lies in `[start, end)`.
    pub fn contains(self, frame: i64) -> bool {
        frame >= self.start && frame < self.end()
    }

    /// True when the two ranges share at least one frame.
    pub fn overlaps(self, other: TimeRange) -> bool {
        !self.intersection(other).is_empty()
    }

    /// The frames in both ranges (empty when they do not meet).
    pub fn intersection(self, other: TimeRange) -> TimeRange {
        let start = self.start.max(other.start);
        let end = self.end().min(other.end());
        Self::from_start_end(start, end)
    }

    /// The smallest range holding both.
    pub fn union_hull(self, other: TimeRange) -> TimeRange {
        Self::from_start_end(self.start.min(other.start), self.end().max(other.end()))
    }

    /// The same span moved by `delta` frames.
    pub fn shifted(self, delta: i64) -> TimeRange {
        Self::new(self.start.saturating_add(delta), self.duration)
    }

    /// `frame` clamped into the range (the range must not be empty).
    pub fn clamp(self, frame: i64) -> i64 {
        if self.is_empty() {
            return self.start;
        }
        frame.clamp(self.start, self.end() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn half_open() {
        let r = TimeRange::new(10, 5);
        assert!(r.contains(10));
        assert!(r.contains(14));
        assert!(!r.contains(15));
        assert!(!r.overlaps(TimeRange::new(15, 3)));
        assert!(r.overlaps(TimeRange::new(14, 3)));
        assert!(TimeRange::new(3, 0).is_empty());
    }

    #[test]
    fn json_names_carry_units() {
        let json = serde_json::to_string(&TimeRange::new(2, 3)).unwrap();
        assert_eq!(json, r#"{"start_frame":2,"duration_frames":3}"#);
    }

    fn range() -> impl Strategy<Value = TimeRange> {
        (-1000i64..1000, 0i64..500).prop_map(|(s, d)| TimeRange::new(s, d))
    }

    proptest! {
        #[test]
        fn intersection_is_commutative_and_inside_both(a in range(), b in range()) {
            let i = a.intersection(b);
            prop_assert_eq!(i, b.intersection(a));
            prop_assert!(i.duration <= a.duration && i.duration <= b.duration);
            if !i.is_empty() {
                prop_assert!(a.contains(i.start) && b.contains(i.start));
                prop_assert!(a.contains(i.end() - 1) && b.contains(i.end() - 1));
            }
        }

        #[test]
        fn overlap_matches_a_shared_frame(a in range(), b in range(), f in -1000i64..1500) {
            if a.contains(f) && b.contains(f) {
                prop_assert!(a.overlaps(b));
            }
            prop_assert_eq!(a.overlaps(b), b.overlaps(a));
        }

        #[test]
        fn hull_contains_both(a in range(), b in range()) {
            let h = a.union_hull(b);
            prop_assert!(h.start <= a.start && h.end() >= a.end());
            prop_assert!(h.start <= b.start && h.end() >= b.end());
        }

        #[test]
        fn shifting_preserves_duration_and_membership(a in range(), d in -1000i64..1000, f in -2000i64..2000) {
            let s = a.shifted(d);
            prop_assert_eq!(s.duration, a.duration);
            prop_assert_eq!(a.contains(f), s.contains(f + d));
        }

        #[test]
        fn clamp_stays_inside(a in range(), f in -3000i64..3000) {
            prop_assume!(!a.is_empty());
            prop_assert!(a.contains(a.clamp(f)));
        }
    }
}
