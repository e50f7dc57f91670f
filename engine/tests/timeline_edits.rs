//! Every editorial edit, its refusals, and undo/redo after each.

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use inbetween_engine::history::History;
use inbetween_engine::project::{
    Board, Card, CardContent, CardId, Fit, GapKey, GapMode, GapSettings, MediaRef, Project,
    Settings,
};
use inbetween_engine::time::{FrameRate, TimeRange};
use inbetween_engine::timeline::{Edit, EditError, Layout, Ripple};

const A: CardId = CardId(1);
const B: CardId = CardId(2);
const C: CardId = CardId(3);

fn text(id: u64, start: i64, duration: i64) -> Card {
    Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: format!("card {id}"),
        fit: Fit::Fit,
        content: CardContent::Text,
        board: Default::default(),
    }
}

/// ```text
///   0        24      40        64        88
///   [ A text ]  gap  [ B image ][ C clip  ]
/// ```
fn story() -> Project {
    let mut p = Project::new("edits");
    let mut b = text(2, 40, 24);
    b.content = CardContent::Image {
        media: MediaRef::new("media/b.png"),
    };
    let mut c = text(3, 64, 24);
    c.content = CardContent::Clip {
        media: MediaRef::new("media/c.mp4"),
        source_start_frame: 10,
        gain_db: 0.0,
        muted: false,
    };
    p.cards = vec![text(1, 0, 24), b, c];
    for card in &mut p.cards {
        card.board.shot = card.id.0.to_string();
    }
    p.gaps.insert(
        GapKey {
            from_card: A,
            to_card: B,
        },
        GapSettings {
            mode: GapMode::Dissolve,
            ..GapSettings::default()
        },
    );
    p
}

fn ranges(p: &Project) -> Vec<(u64, i64, i64)> {
    p.cards
        .iter()
        .map(|c| {
            (
                c.id.0,
                c.range_in_timeline.start,
                c.range_in_timeline.duration,
            )
        })
        .collect()
}

fn source_start(p: &Project, id: CardId) -> i64 {
    match p.card(id).map(|c| &c.content) {
        Some(CardContent::Clip {
            source_start_frame, ..
        }) => *source_start_frame,
        other => panic!("{id} is not a clip: {other:?}"),
    }
}

/// Applies `edit` through history, checks the result with `expect`, then
/// checks that undo restores the original and redo the result.
fn apply_undo_redo(edit: Edit, expect: impl Fn(&Project)) {
    let original = story();
    let mut p = original.clone();
    let mut history = History::default();
    history.apply(&mut p, &edit).unwrap();
    expect(&p);
    let after = p.clone();
    assert_eq!(history.undo(&mut p).as_deref(), Some(edit.label().as_str()));
    assert_eq!(p, original, "undo of {edit:?}");
    history.redo(&mut p).unwrap();
    assert_eq!(p, after, "redo of {edit:?}");
}

fn refused(edit: Edit, expected: EditError) {
    let original = story();
    let mut p = original.clone();
    let mut history = History::default();
    assert_eq!(history.apply(&mut p, &edit), Err(expected), "{edit:?}");
    assert_eq!(p, original, "a refused edit changes nothing");
    assert_eq!(history.undo_len(), 0, "a refused edit records nothing");
}

#[test]
fn insert_ripples_later_cards() {
    apply_undo_redo(Edit::InsertCard(Box::new(text(9, 40, 10))), |p| {
        assert_eq!(
            ranges(p),
            [(1, 0, 24), (9, 40, 10), (2, 50, 24), (3, 74, 24)]
        );
    });
    refused(
        Edit::InsertCard(Box::new(text(9, 50, 10))),
        EditError::InsideCard { frame: 50, card: B },
    );
    refused(
        Edit::InsertCard(Box::new(text(2, 30, 5))),
        EditError::DuplicateId(B),
    );
}

#[test]
fn place_uses_free_space_only() {
    apply_undo_redo(Edit::PlaceCard(Box::new(text(9, 28, 8))), |p| {
        assert_eq!(
            ranges(p),
            [(1, 0, 24), (9, 28, 8), (2, 40, 24), (3, 64, 24)]
        );
        assert_eq!(Layout::of(p).gaps().len(), 2);
    });
    refused(
        Edit::PlaceCard(Box::new(text(9, 30, 20))),
        EditError::Overlap {
            moving: CardId(9),
            other: B,
        },
    );
}

#[test]
fn remove_lifts_or_ripples_and_drops_its_gap_settings() {
    apply_undo_redo(
        Edit::RemoveCard {
            id: B,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (3, 64, 24)]);
            assert!(p.gaps.is_empty());
        },
    );
    apply_undo_redo(
        Edit::RemoveCard {
            id: B,
            ripple: Ripple::Yes,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (3, 40, 24)]);
        },
    );
    refused(
        Edit::RemoveCard {
            id: CardId(42),
            ripple: Ripple::No,
        },
        EditError::NoSuchCard(CardId(42)),
    );
}

#[test]
fn move_without_ripple_leaves_others() {
    apply_undo_redo(
        Edit::MoveCard {
            id: A,
            to_start: 10,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 10, 24), (2, 40, 24), (3, 64, 24)]);
        },
    );
    // Jumping past other cards into free space is allowed.
    apply_undo_redo(
        Edit::MoveCard {
            id: A,
            to_start: 100,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(2, 40, 24), (3, 64, 24), (1, 100, 24)]);
        },
    );
    refused(
        Edit::MoveCard {
            id: A,
            to_start: 30,
            ripple: Ripple::No,
        },
        EditError::Overlap {
            moving: A,
            other: B,
        },
    );
    refused(
        Edit::MoveCard {
            id: A,
            to_start: -1,
            ripple: Ripple::No,
        },
        EditError::BeforeStart(A),
    );
}

#[test]
fn move_with_ripple_carries_the_cards_after() {
    apply_undo_redo(
        Edit::MoveCard {
            id: B,
            to_start: 50,
            ripple: Ripple::Yes,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 50, 24), (3, 74, 24)]);
        },
    );
    apply_undo_redo(
        Edit::MoveCard {
            id: B,
            to_start: 24,
            ripple: Ripple::Yes,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 24, 24), (3, 48, 24)]);
            assert!(Layout::of(p).gaps().is_empty());
        },
    );
    refused(
        Edit::MoveCard {
            id: B,
            to_start: 20,
            ripple: Ripple::Yes,
        },
        EditError::Overlap {
            moving: B,
            other: A,
        },
    );
}

#[test]
fn trim_start_moves_the_head_and_the_clip_source() {
    apply_undo_redo(
        Edit::TrimStart {
            id: C,
            to_frame: 70,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 40, 24), (3, 70, 18)]);
            assert_eq!(source_start(p, C), 16);
        },
    );
    apply_undo_redo(
        Edit::TrimStart {
            id: B,
            to_frame: 30,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 30, 34), (3, 64, 24)]);
        },
    );
    refused(
        Edit::TrimStart {
            id: C,
            to_frame: 88,
            ripple: Ripple::No,
        },
        EditError::TooShort(C),
    );
    // C shows source frames from 10; its head cannot reach before source frame 0.
    let mut p = story();
    Edit::RemoveCard {
        id: B,
        ripple: Ripple::No,
    }
    .apply(&mut p)
    .unwrap();
    assert_eq!(
        Edit::TrimStart {
            id: C,
            to_frame: 50,
            ripple: Ripple::No
        }
        .apply(&mut p),
        Err(EditError::BeforeMediaStart(C))
    );
}

#[test]
fn ripple_trim_start_keeps_the_start_and_moves_the_rest() {
    apply_undo_redo(
        Edit::TrimStart {
            id: B,
            to_frame: 44,
            ripple: Ripple::Yes,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 40, 20), (3, 60, 24)]);
        },
    );
}

#[test]
fn trim_end_with_and_without_ripple() {
    apply_undo_redo(
        Edit::TrimEnd {
            id: A,
            to_frame: 30,
            ripple: Ripple::No,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 30), (2, 40, 24), (3, 64, 24)]);
        },
    );
    apply_undo_redo(
        Edit::TrimEnd {
            id: B,
            to_frame: 70,
            ripple: Ripple::Yes,
        },
        |p| {
            assert_eq!(ranges(p), [(1, 0, 24), (2, 40, 30), (3, 70, 24)]);
        },
    );
    refused(
        Edit::TrimEnd {
            id: B,
            to_frame: 70,
            ripple: Ripple::No,
        },
        EditError::Overlap {
            moving: B,
            other: C,
        },
    );
    refused(
        Edit::TrimEnd {
            id: A,
            to_frame: 0,
            ripple: Ripple::No,
        },
        EditError::TooShort(A),
    );
}

#[test]
fn split_a_clip_continues_its_source() {
    apply_undo_redo(
        Edit::SplitCard {
            id: C,
            at_frame: 70,
        },
        |p| {
            assert_eq!(
                ranges(p),
                [(1, 0, 24), (2, 40, 24), (3, 64, 6), (4, 70, 18)]
            );
            assert_eq!(source_start(p, C), 10);
            assert_eq!(source_start(p, CardId(4)), 16);
            assert_eq!(p.card(CardId(4)).map(|c| c.prompt.as_str()), Some("card 3"));
        },
    );
    refused(
        Edit::SplitCard {
            id: C,
            at_frame: 64,
        },
        EditError::SplitOutside { card: C, frame: 64 },
    );
    refused(
        Edit::SplitCard {
            id: C,
            at_frame: 88,
        },
        EditError::SplitOutside { card: C, frame: 88 },
    );
}

#[test]
fn split_hands_the_following_gap_to_the_right_half() {
    apply_undo_redo(
        Edit::SplitCard {
            id: A,
            at_frame: 12,
        },
        |p| {
            let new = CardId(4);
            assert_eq!(
                p.gap_settings(GapKey {
                    from_card: new,
                    to_card: B
                })
                .mode,
                GapMode::Dissolve
            );
            assert!(!p.gaps.contains_key(&GapKey {
                from_card: A,
                to_card: B
            }));
            assert_eq!(Layout::of(p).gap_after(new).map(|g| g.key.to_card), Some(B));
        },
    );
}

#[test]
fn set_prompt_fit_and_gap_settings() {
    apply_undo_redo(
        Edit::SetPrompt {
            id: B,
            prompt: "Dawn".into(),
        },
        |p| {
            assert_eq!(p.card(B).map(|c| c.prompt.as_str()), Some("Dawn"));
        },
    );
    apply_undo_redo(
        Edit::SetFit {
            id: B,
            fit: Fit::Fill,
        },
        |p| {
            assert_eq!(p.card(B).map(|c| c.fit), Some(Fit::Fill));
        },
    );
    let replaced = CardContent::Image {
        media: MediaRef::new("media/other.png"),
    };
    apply_undo_redo(
        Edit::SetContent {
            id: B,
            content: replaced.clone(),
        },
        |p| {
            assert_eq!(p.card(B).map(|c| &c.content), Some(&replaced));
        },
    );
    refused(
        Edit::SetContent {
            id: CardId(99),
            content: replaced.clone(),
        },
        EditError::NoSuchCard(CardId(99)),
    );
    let key = GapKey {
        from_card: A,
        to_card: B,
    };
    let settings = GapSettings {
        mode: GapMode::CameraMove,
        prompt: "push in".into(),
        seed: 7,
        take: 2,
        ..GapSettings::default()
    };
    apply_undo_redo(
        Edit::SetGapSettings {
            key,
            settings: settings.clone(),
        },
        |p| {
            assert_eq!(p.gap_settings(key), settings);
        },
    );
    apply_undo_redo(
        Edit::SetGapSettings {
            key,
            settings: GapSettings::default(),
        },
        |p| {
            assert!(p.gaps.is_empty(), "default settings are not stored");
        },
    );
    refused(
        Edit::SetPrompt {
            id: CardId(8),
            prompt: String::new(),
        },
        EditError::NoSuchCard(CardId(8)),
    );
}

#[test]
fn a_new_frame_rate_retimes_everything() {
    let settings = Settings {
        frame_rate: FrameRate::FPS_25,
        ..story().settings
    };
    apply_undo_redo(Edit::SetSettings(settings), |p| {
        // 24 fps → 25 fps: frame 24 (1 s) becomes frame 25; touching cards still touch.
        assert_eq!(ranges(p), [(1, 0, 25), (2, 42, 25), (3, 67, 25)]);
        assert_eq!(source_start(p, C), 10);
    });
    let mut broken = story().settings;
    broken.resolution.width = 0;
    assert!(matches!(
        Edit::SetSettings(broken).apply(&mut story()),
        Err(EditError::InvalidSettings(_))
    ));
}

#[test]
fn a_drag_is_one_undo_step() {
    let original = story();
    let mut p = original.clone();
    let mut history = History::default();
    history.begin_gesture(&p, "Move card");
    for to_start in 41..=52 {
        history
            .apply(
                &mut p,
                &Edit::MoveCard {
                    id: B,
                    to_start,
                    ripple: Ripple::Yes,
                },
            )
            .unwrap();
    }
    // A refused step in the middle of a drag leaves the last good position.
    assert!(
        history
            .apply(
                &mut p,
                &Edit::MoveCard {
                    id: B,
                    to_start: 0,
                    ripple: Ripple::Yes
                }
            )
            .is_err()
    );
    history.end_gesture(&p);
    assert_eq!(history.undo_len(), 1);
    assert_eq!(ranges(&p), [(1, 0, 24), (2, 52, 24), (3, 76, 24)]);
    assert_eq!(history.undo(&mut p).as_deref(), Some("Move card"));
    assert_eq!(p, original);
    assert_eq!(history.redo_label(), Some("Move card"));
}

#[test]
fn cancelling_a_gesture_restores_and_records_nothing() {
    let original = story();
    let mut p = original.clone();
    let mut history = History::default();
    history.begin_gesture(&p, "Trim");
    history
        .apply(
            &mut p,
            &Edit::TrimEnd {
                id: A,
                to_frame: 30,
                ripple: Ripple::No,
            },
        )
        .unwrap();
    history.cancel_gesture(&mut p);
    assert_eq!(p, original);
    assert_eq!(history.undo_len(), 0);
}

#[test]
fn an_empty_gesture_and_a_no_op_edit_record_nothing() {
    let mut p = story();
    let mut history = History::default();
    history.begin_gesture(&p, "Move card");
    history.end_gesture(&p);
    history
        .apply(
            &mut p,
            &Edit::SetPrompt {
                id: A,
                prompt: "card 1".into(),
            },
        )
        .unwrap();
    assert_eq!(history.undo_len(), 0);
}

#[test]
fn a_new_edit_clears_redo_and_history_is_bounded() {
    let mut p = story();
    let mut history = History::new(3);
    for n in 0..5 {
        history
            .apply(
                &mut p,
                &Edit::SetPrompt {
                    id: A,
                    prompt: format!("take {n}"),
                },
            )
            .unwrap();
    }
    assert_eq!(history.undo_len(), 3);
    history.undo(&mut p);
    assert!(history.redo_label().is_some());
    history
        .apply(
            &mut p,
            &Edit::SetPrompt {
                id: A,
                prompt: "new".into(),
            },
        )
        .unwrap();
    assert!(history.redo_label().is_none());
    while history.undo(&mut p).is_some() {}
    assert_eq!(p.card(A).map(|c| c.prompt.as_str()), Some("take 1"));
}

#[test]
fn a_board_moved_in_the_order_ripples_the_track_and_the_gaps_keep_their_places() {
    // C to the front: C A ~~ B, then the 16-frame gap (A's dissolve stays
    // the first gap, now C → A).
    apply_undo_redo(Edit::ReorderCard { id: C, to_index: 0 }, |p| {
        assert_eq!(ranges(p), [(3, 0, 24), (1, 40, 24), (2, 64, 24)]);
        let first = p.gap_settings(GapKey {
            from_card: C,
            to_card: A,
        });
        assert_eq!(first.mode, GapMode::Dissolve);
        assert_eq!(p.gaps.len(), 1, "the old keys are gone");
        // Automatic shot numbers follow the order.
        let shots: Vec<&str> = p.cards.iter().map(|c| c.board.shot.as_str()).collect();
        assert_eq!(shots, ["1", "2", "3"]);
        assert_eq!(source_start(p, C), 10, "the clip shows what it showed");
    });
    // A past the end: the last; nothing to do when it does not move.
    apply_undo_redo(
        Edit::ReorderCard {
            id: A,
            to_index: 99,
        },
        |p| assert_eq!(ranges(p), [(2, 0, 24), (3, 40, 24), (1, 64, 24)]),
    );
    let mut p = story();
    Edit::ReorderCard { id: B, to_index: 1 }
        .apply(&mut p)
        .unwrap();
    assert_eq!(ranges(&p), ranges(&story()));
    refused(
        Edit::ReorderCard {
            id: CardId(9),
            to_index: 0,
        },
        EditError::NoSuchCard(CardId(9)),
    );
}

mod random_edits {
    use super::*;
    use proptest::prelude::*;

    fn edit() -> impl Strategy<Value = Edit> {
        let id = (1u64..=5).prop_map(CardId);
        let ripple = prop_oneof![Just(Ripple::No), Just(Ripple::Yes)];
        let frame = -10i64..200;
        prop_oneof![
            (10u64..20, frame.clone(), 1i64..40)
                .prop_map(|(i, s, d)| Edit::InsertCard(Box::new(text(i, s, d)))),
            (10u64..20, frame.clone(), 1i64..40)
                .prop_map(|(i, s, d)| Edit::PlaceCard(Box::new(text(i, s, d)))),
            (id.clone(), ripple.clone()).prop_map(|(id, ripple)| Edit::RemoveCard { id, ripple }),
            (id.clone(), frame.clone(), ripple.clone()).prop_map(|(id, to_start, ripple)| {
                Edit::MoveCard {
                    id,
                    to_start,
                    ripple,
                }
            }),
            (id.clone(), frame.clone(), ripple.clone()).prop_map(|(id, to_frame, ripple)| {
                Edit::TrimStart {
                    id,
                    to_frame,
                    ripple,
                }
            }),
            (id.clone(), frame.clone(), ripple).prop_map(|(id, to_frame, ripple)| Edit::TrimEnd {
                id,
                to_frame,
                ripple
            }),
            (id.clone(), frame).prop_map(|(id, at_frame)| Edit::SplitCard { id, at_frame }),
            (id, 0usize..6).prop_map(|(id, to_index)| Edit::ReorderCard { id, to_index }),
        ]
    }

    proptest! {
        #[test]
        fn edits_keep_the_rules_and_undo_all_the_way_back(edits in prop::collection::vec(edit(), 1..30)) {
            let original = story();
            let mut p = original.clone();
            let mut history = History::default();
            let mut applied = 0;
            for e in &edits {
                if history.apply(&mut p, e).is_ok() {
                    applied += 1;
                }
                let problems = inbetween_engine::project::validate(&p);
                prop_assert!(problems.is_empty(), "{:?} after {:?}", problems, e);
                let sorted = p.cards.windows(2).all(|w| w[0].range_in_timeline.start <= w[1].range_in_timeline.start);
                prop_assert!(sorted);
            }
            prop_assert!(history.undo_len() <= applied);
            while history.undo(&mut p).is_some() {}
            prop_assert_eq!(p, original);
        }
    }
}

#[test]
fn sound_is_added_to_lanes_and_moved_as_undoable_edits() {
    use inbetween_engine::project::{AudioClip, AudioClipId, AudioLane, LaneId, LaneKind};
    let clip = |id: u64, start: i64| AudioClip {
        id: AudioClipId(id),
        media: MediaRef::new("media/music.ogg"),
        range_in_timeline: TimeRange::new(start, 48),
        source_start_frame: 0,
        gain_db: 0.0,
        fade_in_frames: 0,
        fade_out_frames: 0,
    };
    let lane = AudioLane {
        id: LaneId(1),
        name: "Music".into(),
        kind: LaneKind::Music,
        gain_db: 0.0,
        muted: false,
        solo: false,
        clips: vec![clip(1, 0)],
    };
    apply_undo_redo(Edit::AddAudioLane(lane.clone()), |p| {
        assert_eq!(p.audio_lanes.len(), 1);
    });
    let mut p = story();
    let mut history = History::default();
    history
        .apply(&mut p, &Edit::AddAudioLane(lane.clone()))
        .unwrap();
    history
        .apply(
            &mut p,
            &Edit::PlaceAudioClip {
                lane: LaneId(1),
                clip: clip(2, 100),
            },
        )
        .unwrap();
    history
        .apply(
            &mut p,
            &Edit::MoveAudioClip {
                id: AudioClipId(2),
                to_start: 10,
            },
        )
        .unwrap();
    let starts: Vec<i64> = p.audio_lanes[0]
        .clips
        .iter()
        .map(|c| c.range_in_timeline.start)
        .collect();
    assert_eq!(starts, [0, 10], "kept in timeline order");
    assert_eq!(history.undo(&mut p).as_deref(), Some("Move sound"));
    assert_eq!(p.audio_lanes[0].clips[1].range_in_timeline.start, 100);
    // Refused: before the film, an unknown clip, an unknown lane, a used id.
    for (edit, expected) in [
        (
            Edit::MoveAudioClip {
                id: AudioClipId(2),
                to_start: -5,
            },
            EditError::BadSoundPlace("audio clip 2".into()),
        ),
        (
            Edit::MoveAudioClip {
                id: AudioClipId(9),
                to_start: 5,
            },
            EditError::NoSuchSound("audio clip 9".into()),
        ),
        (
            Edit::PlaceAudioClip {
                lane: LaneId(7),
                clip: clip(3, 0),
            },
            EditError::NoSuchSound("lane 7".into()),
        ),
    ] {
        let before = p.clone();
        assert_eq!(history.apply(&mut p, &edit), Err(expected));
        assert_eq!(p, before);
    }
    assert!(
        history
            .apply(
                &mut p,
                &Edit::PlaceAudioClip {
                    lane: LaneId(1),
                    clip: clip(1, 5)
                }
            )
            .is_err()
    );
}

#[test]
fn a_sounds_settings_and_its_lanes_change_and_undo() {
    use inbetween_engine::project::{AudioClip, AudioClipId, AudioLane, LaneId, LaneKind};
    let clip = AudioClip {
        id: AudioClipId(1),
        media: MediaRef::new("media/music.ogg"),
        range_in_timeline: TimeRange::new(0, 48),
        source_start_frame: 0,
        gain_db: 0.0,
        fade_in_frames: 0,
        fade_out_frames: 0,
    };
    let lane = AudioLane {
        id: LaneId(1),
        name: "Music".into(),
        kind: LaneKind::Music,
        gain_db: 0.0,
        muted: false,
        solo: false,
        clips: vec![clip.clone()],
    };
    let mut p = story();
    let mut history = History::default();
    history
        .apply(&mut p, &Edit::AddAudioLane(lane.clone()))
        .unwrap();
    let louder = AudioClip {
        gain_db: -3.0,
        fade_in_frames: 12,
        fade_out_frames: 24,
        ..clip.clone()
    };
    history
        .apply(&mut p, &Edit::SetAudioClip(louder.clone()))
        .unwrap();
    assert_eq!(p.audio_lanes[0].clips[0], louder);
    let muted = AudioLane {
        muted: true,
        name: "Score".into(),
        clips: Vec::new(),
        ..lane.clone()
    };
    history.apply(&mut p, &Edit::SetAudioLane(muted)).unwrap();
    assert!(p.audio_lanes[0].muted);
    assert_eq!(p.audio_lanes[0].name, "Score");
    assert_eq!(
        p.audio_lanes[0].clips.len(),
        1,
        "a lane's settings keep its clips"
    );
    let too_long = AudioClip {
        fade_in_frames: 40,
        fade_out_frames: 40,
        ..clip.clone()
    };
    assert!(
        history
            .apply(&mut p, &Edit::SetAudioClip(too_long))
            .is_err()
    );
    history
        .apply(&mut p, &Edit::RemoveAudioClip(AudioClipId(1)))
        .unwrap();
    assert!(p.audio_lanes[0].clips.is_empty());
    assert_eq!(
        history.apply(&mut p, &Edit::RemoveAudioClip(AudioClipId(1))),
        Err(EditError::NoSuchSound("audio clip 1".into()))
    );
    history.undo(&mut p);
    history.undo(&mut p);
    history.undo(&mut p);
    assert_eq!(p.audio_lanes[0].clips[0], clip);
}

#[test]
fn several_cards_move_together_where_one_alone_could_not() {
    // B (40..64) and C (64..88) touch: B alone cannot move right, both can.
    refused(
        Edit::MoveCard {
            id: B,
            to_start: 50,
            ripple: Ripple::No,
        },
        EditError::Overlap {
            moving: B,
            other: C,
        },
    );
    apply_undo_redo(Edit::MoveCards(vec![(B, 50), (C, 74)]), |p| {
        assert_eq!(ranges(p), [(1, 0, 24), (2, 50, 24), (3, 74, 24)]);
    });
    // Into A together: refused, and nothing moves.
    refused(
        Edit::MoveCards(vec![(B, 10), (C, 34)]),
        EditError::Overlap {
            moving: B,
            other: A,
        },
    );
}

#[test]
fn a_clip_is_slipped_and_its_sound_changed_by_edits_of_their_own() {
    let sound = |p: &Project| match p.card(C).map(|c| &c.content) {
        Some(CardContent::Clip { gain_db, muted, .. }) => (*gain_db, *muted),
        other => panic!("not a clip: {other:?}"),
    };
    let slip = Edit::SlipClip {
        id: C,
        source_start_frame: 30,
    };
    assert_eq!(slip.label(), "Slip clip");
    apply_undo_redo(slip, |p| {
        assert_eq!(source_start(p, C), 30);
        assert_eq!(ranges(p), ranges(&story()), "nothing moves on the film");
    });
    let mute = Edit::MuteClip { id: C, muted: true };
    assert_eq!(mute.label(), "Mute clip");
    apply_undo_redo(mute, |p| assert_eq!(sound(p), (0.0, true)));
    let unmute = Edit::MuteClip {
        id: C,
        muted: false,
    };
    assert_eq!(unmute.label(), "Unmute clip");
    let gain = Edit::SetClipGain {
        id: C,
        gain_db: -6.0,
    };
    assert_eq!(gain.label(), "Change clip sound");
    apply_undo_redo(gain, |p| assert_eq!(sound(p), (-6.0, false)));
    // Refused: a still has no source to slip or sound to mute; nor does a
    // source start before its first frame.
    refused(
        Edit::SlipClip {
            id: B,
            source_start_frame: 3,
        },
        EditError::NotAClip(B),
    );
    refused(
        Edit::MuteClip { id: A, muted: true },
        EditError::NotAClip(A),
    );
    refused(
        Edit::SlipClip {
            id: C,
            source_start_frame: -1,
        },
        EditError::BeforeMediaStart(C),
    );
}

fn shots(p: &Project) -> Vec<&str> {
    p.cards.iter().map(|c| c.board.shot.as_str()).collect()
}

#[test]
fn a_card_inserted_between_shots_two_and_three_is_two_a() {
    apply_undo_redo(Edit::InsertCard(Box::new(text(9, 64, 12))), |p| {
        assert_eq!(shots(p), ["1", "2", "2A", "3"]);
    });
    // Placed at the end: the next whole number; at the start, before 1.
    apply_undo_redo(Edit::PlaceCard(Box::new(text(9, 200, 12))), |p| {
        assert_eq!(shots(p), ["1", "2", "3", "4"]);
    });
    apply_undo_redo(Edit::InsertCard(Box::new(text(9, 0, 12))), |p| {
        assert_eq!(shots(p), ["0A", "1", "2", "3"]);
    });
}

#[test]
fn the_right_half_of_a_split_card_and_a_copy_get_new_numbers() {
    apply_undo_redo(
        Edit::SplitCard {
            id: B,
            at_frame: 50,
        },
        |p| {
            assert_eq!(shots(p), ["1", "2", "2A", "3"]);
        },
    );
    // A pasted copy carries the original's board: its number is taken, so
    // it gets its own; the rest of its board stays.
    let mut copy = story().card(A).unwrap().clone();
    copy.id = CardId(9);
    copy.board.notes = "copied".into();
    copy.range_in_timeline = TimeRange::new(24, 8);
    apply_undo_redo(Edit::PlaceCard(Box::new(copy)), |p| {
        assert_eq!(shots(p), ["1", "1A", "2", "3"]);
        assert_eq!(p.card(CardId(9)).unwrap().board.notes, "copied");
    });
}

#[test]
fn a_typed_shot_number_is_kept_through_renumbering_and_an_empty_one_is_automatic() {
    let mut p = story();
    let mut history = History::default();
    let board = |shot: &str| Board {
        shot: shot.into(),
        notes: "Pan left.".into(),
        ..Board::default()
    };
    history
        .apply(
            &mut p,
            &Edit::SetBoard {
                id: B,
                board: board(" 10 "),
            },
        )
        .unwrap();
    let b = p.card(B).unwrap();
    assert_eq!((b.board.shot.as_str(), b.board.shot_set), ("10", true));
    assert_eq!(b.board.notes, "Pan left.");
    // Moving cards keeps every number.
    history
        .apply(
            &mut p,
            &Edit::MoveCard {
                id: A,
                to_start: 300,
                ripple: Ripple::No,
            },
        )
        .unwrap();
    assert_eq!(shots(&p), ["10", "3", "1"]);
    // Renumbered in film order; the typed 10 stays and the count goes on.
    history.apply(&mut p, &Edit::RenumberShots).unwrap();
    assert_eq!(shots(&p), ["10", "11", "12"]);
    assert_eq!(history.undo(&mut p).as_deref(), Some("Renumber shots"));
    assert_eq!(shots(&p), ["10", "3", "1"]);
    // Emptied: an automatic number again, no longer kept.
    history
        .apply(
            &mut p,
            &Edit::SetBoard {
                id: B,
                board: board(""),
            },
        )
        .unwrap();
    let b = p.card(B).unwrap();
    assert!(
        !b.board.shot_set && !b.board.shot.is_empty(),
        "{:?}",
        b.board
    );
    history.apply(&mut p, &Edit::RenumberShots).unwrap();
    assert_eq!(shots(&p), ["1", "2", "3"]);
}
