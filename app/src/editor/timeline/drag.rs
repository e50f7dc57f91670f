//! Dragging a card: what edit a drag makes ([`drag_edit`], a pure
//! function), and where edges snap ([`snap_targets`]: one list for moves,
//! trims and drops).

use eframe::egui::{Response, Ui};
use inbetween_engine::project::{AudioClipId, Card, CardId};
use inbetween_engine::time::TimeRange;
use inbetween_engine::timeline::{Edit, Ripple};

use super::super::command::{Command, Selection};
use super::super::theme;
use super::{TimelineContext, TimelineView};

/// What is being dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DragKind {
    /// The card's body: it moves.
    Move,
    /// Its first frame.
    TrimStart,
    /// Its end.
    TrimEnd,
}

/// A card drag in progress: what it started from.
#[derive(Debug, Clone)]
pub(super) struct Drag {
    pub kind: DragKind,
    /// The card grabbed.
    pub card: CardId,
    /// Its range when the drag began.
    pub start: i64,
    pub end: i64,
    /// Where the pointer went down.
    pub pointer_x: f32,
    /// The other selected cards moving with it, and where they started.
    pub others: Vec<(CardId, i64)>,
}

impl TimelineView {
    pub(super) fn handle_drag(
        &mut self,
        ui: &Ui,
        response: &Response,
        kind: DragKind,
        card: &Card,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        // Measured from where the button went down, not from where the drag
        // was recognised (a few points later).
        let origin = ui.input(|i| i.pointer.press_origin());
        if response.drag_started()
            && let Some(pos) = origin.or(response.interact_pointer_pos())
        {
            // A selected card drags the whole selection with it.
            let others = match cx.selection {
                Selection::Cards(ids) if kind == DragKind::Move && ids.contains(&card.id) => ids
                    .iter()
                    .filter(|id| **id != card.id)
                    .filter_map(|id| cx.project.card(*id))
                    .map(|c| (c.id, c.range_in_timeline.start))
                    .collect(),
                _ => Vec::new(),
            };
            self.drag = Some(Drag {
                kind,
                card: card.id,
                start: card.range_in_timeline.start,
                end: card.range_in_timeline.end(),
                pointer_x: pos.x,
                others,
            });
            out.push(Command::BeginGesture(match kind {
                DragKind::Move => "Move card",
                DragKind::TrimStart | DragKind::TrimEnd => "Trim card",
            }));
            if !matches!(cx.selection, Selection::Cards(ids) if ids.contains(&card.id)) {
                out.push(Command::Select(Selection::Cards(vec![card.id])));
            }
        }
        let Some(drag) = self.drag.clone().filter(|d| {
            d.card == card.id && std::mem::discriminant(&d.kind) == std::mem::discriminant(&kind)
        }) else {
            return;
        };
        if response.dragged()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let moved = ((pos.x - drag.pointer_x) / self.points_per_frame).round() as i64;
            let snapping = !ui.input(|i| i.modifiers.alt);
            let targets = snap_targets(cx, Dragged::Card(card.id));
            let reach = (theme::SNAP_DISTANCE / self.points_per_frame).round() as i64;
            let snap = |frame: i64| {
                if snapping {
                    snapped(frame, &targets, reach)
                } else {
                    frame
                }
            };
            let edit = drag_edit(&drag, card.range_in_timeline, moved, snap);
            out.extend(edit.map(Command::Edit));
        }
        if response.drag_stopped() {
            self.drag = None;
            out.push(Command::EndGesture);
        }
    }
}

/// The edit dragging `drag` by `moved` frames makes, the card being at
/// `current` now; `snap` says where an edge at a frame lands (the frame
/// itself when snapping is off). None when the card is already there.
///
/// ```text
///   move:        [ A ]     →      [ A ]   whichever edge snaps closer wins;
///                                         no card of the selection before 0
///   trim start:  [ A ]     →   [    A ]   at least one frame long
///   trim end:    [ A ]     →  [ A    ]
/// ```
pub(super) fn drag_edit(
    drag: &Drag,
    current: TimeRange,
    moved: i64,
    snap: impl Fn(i64) -> i64,
) -> Option<Edit> {
    match drag.kind {
        DragKind::Move => {
            let length = drag.end - drag.start;
            let start = drag.start + moved;
            // Snap whichever edge is closer to something.
            let by_start = snap(start) - start;
            let by_end = snap(start + length) - (start + length);
            let shift = if by_start.abs() <= by_end.abs() && by_start != 0 || by_end == 0 {
                by_start
            } else {
                by_end
            };
            // No card of the selection goes before the film's start.
            let earliest = drag.others.iter().map(|o| o.1).fold(drag.start, i64::min);
            let delta = (start + shift - drag.start).max(-earliest);
            let to_start = drag.start + delta;
            if to_start == current.start {
                None
            } else if drag.others.is_empty() {
                Some(Edit::MoveCard {
                    id: drag.card,
                    to_start,
                    ripple: Ripple::No,
                })
            } else {
                let moves = std::iter::once((drag.card, drag.start))
                    .chain(drag.others.iter().copied())
                    .map(|(id, start)| (id, start + delta))
                    .collect();
                Some(Edit::MoveCards(moves))
            }
        }
        DragKind::TrimStart => {
            let to_frame = snap(drag.start + moved).clamp(0, drag.end - 1);
            (to_frame != current.start).then_some(Edit::TrimStart {
                id: drag.card,
                to_frame,
                ripple: Ripple::No,
            })
        }
        DragKind::TrimEnd => {
            let to_frame = snap(drag.end + moved).max(drag.start + 1);
            (to_frame != current.end()).then_some(Edit::TrimEnd {
                id: drag.card,
                to_frame,
                ripple: Ripple::No,
            })
        }
    }
}

/// What is being dragged, so that it does not snap to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dragged {
    /// A card.
    Card(CardId),
    /// A sound on a lane.
    Sound(AudioClipId),
    /// Something new (a dropped file): everything is a target.
    New,
}

/// Frames a dragged edge or a drop snaps to: cards' edges, the edges of
/// sound on the audio lanes, markers (beats) and the playhead, all but what
/// is `dragged`: one list for every kind of drag.
pub(super) fn snap_targets(cx: &TimelineContext<'_>, dragged: Dragged) -> Vec<i64> {
    let cards = cx
        .project
        .cards
        .iter()
        .filter(|c| dragged != Dragged::Card(c.id));
    let sounds = cx
        .project
        .audio_lanes
        .iter()
        .flat_map(|l| &l.clips)
        .filter(|c| dragged != Dragged::Sound(c.id));
    let mut targets: Vec<i64> = cards
        .map(|c| c.range_in_timeline)
        .chain(sounds.map(|c| c.range_in_timeline))
        .flat_map(|r| [r.start, r.end()])
        .chain(cx.project.markers.iter().map(|m| m.frame))
        .collect();
    targets.push(cx.playhead);
    targets
}

/// `frame`, or the closest target within `reach` frames of it.
pub(super) fn snapped(frame: i64, targets: &[i64], reach: i64) -> i64 {
    targets
        .iter()
        .copied()
        .filter(|t| (t - frame).abs() <= reach)
        .min_by_key(|t| (t - frame).abs())
        .unwrap_or(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drag(kind: DragKind, others: Vec<(CardId, i64)>) -> Drag {
        Drag {
            kind,
            card: CardId(1),
            start: 100,
            end: 148,
            pointer_x: 0.0,
            others,
        }
    }

    const AT: TimeRange = TimeRange {
        start: 100,
        duration: 48,
    };

    fn to(frames: &[i64]) -> impl Fn(i64) -> i64 + '_ {
        |f| snapped(f, frames, 4)
    }

    #[test]
    fn a_move_snaps_whichever_edge_is_closer_to_a_target() {
        let moved =
            |by, targets: &[i64]| drag_edit(&drag(DragKind::Move, vec![]), AT, by, to(targets));
        // No target near: moved by exactly the pointer's frames.
        assert_eq!(
            moved(10, &[]),
            Some(Edit::MoveCard {
                id: CardId(1),
                to_start: 110,
                ripple: Ripple::No
            })
        );
        // The start lands 2 frames from 112: it snaps there.
        let start_snaps = moved(10, &[112]);
        assert!(matches!(
            start_snaps,
            Some(Edit::MoveCard { to_start: 112, .. })
        ));
        // The end (158) lands 3 from 161, the start 4 from 106: the end wins.
        let end_snaps = moved(10, &[106, 161]);
        assert!(
            matches!(end_snaps, Some(Edit::MoveCard { to_start: 113, .. })),
            "{end_snaps:?}"
        );
        // Where it already is: no edit.
        assert_eq!(moved(0, &[]), None);
    }

    #[test]
    fn a_selection_moves_together_and_never_before_the_film_starts() {
        let d = drag(DragKind::Move, vec![(CardId(2), 30)]);
        let edit = drag_edit(&d, AT, -50, |f| f);
        assert_eq!(
            edit,
            Some(Edit::MoveCards(vec![(CardId(1), 70), (CardId(2), 0)])),
            "stopped at 0"
        );
    }

    #[test]
    fn trims_snap_and_keep_a_frame() {
        let trim = |kind, by, targets: &[i64]| drag_edit(&drag(kind, vec![]), AT, by, to(targets));
        assert_eq!(
            trim(DragKind::TrimStart, 5, &[107]),
            Some(Edit::TrimStart {
                id: CardId(1),
                to_frame: 107,
                ripple: Ripple::No
            })
        );
        // Past the end: one frame is left.
        assert!(matches!(
            trim(DragKind::TrimStart, 500, &[]),
            Some(Edit::TrimStart { to_frame: 147, .. })
        ));
        assert!(matches!(
            trim(DragKind::TrimEnd, -500, &[]),
            Some(Edit::TrimEnd { to_frame: 101, .. })
        ));
        assert!(matches!(
            trim(DragKind::TrimEnd, 10, &[160]),
            Some(Edit::TrimEnd { to_frame: 160, .. })
        ));
    }

    #[test]
    fn snapping_picks_the_closest_target_in_reach() {
        assert_eq!(snapped(50, &[40, 53, 70], 4), 53);
        assert_eq!(snapped(50, &[40, 70], 4), 50);
        assert_eq!(snapped(50, &[47, 52], 4), 52);
    }
}
