//! The project file: round trips, determinism, migration and every kind of bad input.

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use inbetween_engine::project::{
    self, Board, Card, CardContent, CardId, Fit, GapKey, GapMode, GapRecipeRecord, GapSettings,
    MediaRef, Project, ProjectError,
};
use inbetween_engine::time::{FrameRate, TimeRange};

fn card(id: u64, start: i64, duration: i64, content: CardContent) -> Card {
    Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: format!("card {id}"),
        fit: Fit::Fit,
        content,
        board: Board {
            shot: id.to_string(),
            ..Board::default()
        },
    }
}

fn sample() -> Project {
    let mut p = Project::new("Sample");
    p.cards = vec![
        card(1, 0, 24, CardContent::Text),
        card(
            2,
            48,
            24,
            CardContent::Image {
                media: MediaRef::new("media/a.png"),
            },
        ),
    ];
    p.gaps.insert(
        GapKey {
            from_card: CardId(1),
            to_card: CardId(2),
        },
        GapSettings {
            mode: GapMode::Dissolve,
            prompt: "fade up".into(),
            seed: 9,
            take: 1,
            push: false,
            model: Some("ifnet".into()),
            generated: Some(GapRecipeRecord {
                model: "dissolve".into(),
                model_version: 1,
                length_frames: 24,
                size: [1280, 720],
                key: "00ff".repeat(8),
            }),
        },
    );
    p
}

fn write(dir: &Path, text: &str) {
    fs::write(dir.join("project.json"), text).unwrap();
}

#[test]
fn save_then_load_gives_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample();
    project::save(&p, dir.path()).unwrap();
    assert!(dir.path().join("media").is_dir());
    let loaded = project::load(dir.path()).unwrap();
    assert_eq!(loaded.project, p);
    assert_eq!(loaded.upgraded_from, None);
}

#[test]
fn output_is_deterministic_whatever_the_order_in_memory() {
    let a = sample();
    let mut b = sample();
    b.cards.reverse();
    assert_eq!(project::to_json(&a).unwrap(), project::to_json(&b).unwrap());
    let text = project::to_json(&a).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 3,"));
    assert!(text.ends_with("}\n"));
}

#[test]
fn loading_the_file_path_works_like_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    project::save(&sample(), dir.path()).unwrap();
    let by_file = project::load(&dir.path().join("project.json")).unwrap();
    assert_eq!(by_file.folder, dir.path());
}

#[test]
fn a_v0_file_is_upgraded() {
    let loaded = project::load(Path::new("tests/fixtures/v0")).unwrap();
    assert_eq!(loaded.upgraded_from, Some(0));
    let p = &loaded.project;
    assert_eq!(p.settings.name, "Prototype story");
    assert_eq!(p.settings.frame_rate, FrameRate::NTSC_24);
    assert_eq!(p.settings.aspect.to_string(), "16:9");
    let ids: Vec<u64> = p.cards.iter().map(|c| c.id.0).collect();
    assert_eq!(ids, [3, 7, 9], "cards come back in timeline order");
    assert_eq!(p.cards[0].prompt, "Chapter one");
    assert_eq!(
        p.cards[1].content,
        CardContent::Clip {
            media: MediaRef::new("media/walk.mp4"),
            source_start_frame: 12,
            gain_db: 0.0,
            muted: false
        }
    );
    let first = p.gap_settings(GapKey {
        from_card: CardId(3),
        to_card: CardId(7),
    });
    assert_eq!(
        (first.mode, first.prompt.as_str(), first.seed),
        (GapMode::Dissolve, "slow", 42)
    );
    let second = p.gap_settings(GapKey {
        from_card: CardId(7),
        to_card: CardId(9),
    });
    assert_eq!(second.mode, GapMode::Motion);
    // Saving writes the current schema, which loads without an upgrade.
    let dir = tempfile::tempdir().unwrap();
    project::save(p, dir.path()).unwrap();
    let again = project::load(dir.path()).unwrap();
    assert_eq!(again.upgraded_from, None);
    assert_eq!(&again.project, p);
}

#[test]
fn invalid_json_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "{\n  \"schema_version\": 1,\n  \"settings\": {,\n}",
    );
    let err = project::load(dir.path()).unwrap_err();
    let ProjectError::Json { line, column, .. } = err else {
        panic!("expected a JSON error, got {err}");
    };
    assert_eq!((line, column), (3, 16));
    let message = project::load(dir.path()).unwrap_err().to_string();
    assert!(message.contains("line 3, column 16"), "{message}");
    assert!(
        message.ends_with("project.json"),
        "the path comes last: {message}"
    );
}

#[test]
fn a_wrong_type_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = project::to_json(&sample()).unwrap().replacen(
        "\"duration_frames\": 24",
        "\"duration_frames\": \"long\"",
        1,
    );
    write(dir.path(), &text);
    let message = project::load(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains("cards[0].range_in_timeline.duration_frames"),
        "{message}"
    );
    assert!(message.contains("line "), "{message}");
}

#[test]
fn a_misspelt_field_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = project::to_json(&sample())
        .unwrap()
        .replacen("\"prompt\"", "\"promt\"", 1);
    write(dir.path(), &text);
    let message = project::load(dir.path()).unwrap_err().to_string();
    assert!(message.contains("unknown field `promt`"), "{message}");
}

#[test]
fn a_newer_schema_is_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let newer = "{ \"schema_version\": 99, \"settings\": {}, \"future\": true }";
    write(dir.path(), newer);
    let err = project::load(dir.path()).unwrap_err();
    assert!(
        matches!(err, ProjectError::TooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Inbetween"));
    let save = project::save(&sample(), dir.path()).unwrap_err();
    assert!(matches!(save, ProjectError::TooNew { .. }), "{save}");
    assert_eq!(
        fs::read_to_string(dir.path().join("project.json")).unwrap(),
        newer
    );
}

#[test]
fn missing_media_still_loads_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    project::save(&sample(), dir.path()).unwrap();
    let loaded = project::load(dir.path()).unwrap();
    let missing = loaded.project.missing_media(&loaded.folder);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].1.as_str(), "media/a.png");
    assert!(missing[0].0.contains("card 2"));
    fs::write(dir.path().join("media/a.png"), b"x").unwrap();
    assert!(loaded.project.missing_media(&loaded.folder).is_empty());
}

fn invalid_problems(p: &Project) -> String {
    let dir = tempfile::tempdir().unwrap();
    // Bypass `save`'s document (it writes what it is given) to plant bad data.
    project::save(p, dir.path()).unwrap();
    match project::load(dir.path()) {
        Err(e @ ProjectError::Invalid { .. }) => e.to_string(),
        other => panic!("expected an invalid project, got {other:?}"),
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let mut p = sample();
    p.cards[1].id = CardId(1);
    let message = invalid_problems(&p);
    assert!(message.contains("two cards have the id 1"), "{message}");
}

#[test]
fn overlapping_cards_are_refused_with_where() {
    let mut p = sample();
    p.cards[1].range_in_timeline = TimeRange::new(20, 10);
    let message = invalid_problems(&p);
    assert!(
        message.contains("overlap for 4 frames from 00:00:00:20"),
        "{message}"
    );
}

#[test]
fn negative_and_zero_durations_are_refused() {
    let mut p = sample();
    p.cards[0].range_in_timeline.duration = -5;
    p.cards[1].range_in_timeline.duration = 0;
    let message = invalid_problems(&p);
    assert!(message.contains("a duration of -5 frames"), "{message}");
    assert!(message.contains("a duration of 0 frames"), "{message}");
}

#[test]
fn absolute_media_paths_are_refused() {
    let mut p = sample();
    p.cards[1].content = CardContent::Image {
        media: MediaRef::new("/home/someone/a.png"),
    };
    let message = invalid_problems(&p);
    assert!(message.contains("absolute"), "{message}");
}

#[test]
fn a_stale_temporary_file_from_a_crash_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    project::save(&sample(), dir.path()).unwrap();
    // A save killed between writing and renaming leaves this behind.
    fs::write(dir.path().join("project.json.tmp-1"), "{ half a fi").unwrap();
    assert_eq!(project::load(dir.path()).unwrap().project, sample());
}

#[test]
fn a_folder_without_a_project_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = project::load(dir.path()).unwrap_err();
    assert!(matches!(err, ProjectError::NotAProject { .. }), "{err}");
    let missing = project::load(&dir.path().join("nope.json")).unwrap_err();
    assert!(missing.to_string().contains("cannot read"), "{missing}");
}

/// A version 1 file as the first wave wrote it: no boards.
const V1: &str = r#"{
  "schema_version": 1,
  "settings": { "name": "Old", "frame_rate": "24", "resolution": { "width": 1280, "height": 720 }, "aspect": "16:9" },
  "cards": [
    { "id": 7, "range_in_timeline": { "start_frame": 48, "duration_frames": 24 }, "prompt": "second", "fit": "fit", "content": { "kind": "text" } },
    { "id": 3, "range_in_timeline": { "start_frame": 0, "duration_frames": 24 }, "prompt": "first", "fit": "fill", "content": { "kind": "text" } }
  ],
  "gaps": [ { "from_card": 3, "to_card": 7, "mode": "dissolve", "prompt": "", "seed": 0, "take": 0 } ],
  "audio_lanes": [],
  "markers": [ { "frame": 10, "label": "here" } ]
}
"#;

#[test]
fn a_v1_file_opens_numbered_in_film_order_and_saves_as_current_meaning_the_same() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), V1);
    let loaded = project::load(dir.path()).unwrap();
    assert_eq!(loaded.upgraded_from, Some(1));
    let p = loaded.project;
    // Film order, not file order: card 3 starts first.
    let shots: Vec<(u64, &str)> = p
        .cards
        .iter()
        .map(|c| (c.id.0, c.board.shot.as_str()))
        .collect();
    assert_eq!(shots, [(3, "1"), (7, "2")]);
    assert!(
        p.cards
            .iter()
            .all(|c| !c.board.shot_set && c.board.notes.is_empty())
    );
    // Everything else as the file said.
    assert_eq!(p.cards[0].prompt, "first");
    assert_eq!(p.cards[0].fit, Fit::Fill);
    assert_eq!(p.markers.len(), 1);
    assert_eq!(
        p.gap_settings(GapKey {
            from_card: CardId(3),
            to_card: CardId(7)
        })
        .mode,
        GapMode::Dissolve
    );
    // Saved, it is the current version and reads back the same.
    project::save(&p, dir.path()).unwrap();
    let text = fs::read_to_string(dir.path().join("project.json")).unwrap();
    assert!(text.contains("\"schema_version\": 3"), "{text}");
    assert!(text.contains("\"shot\": \"1\""), "{text}");
    let again = project::load(dir.path()).unwrap();
    assert_eq!(again.upgraded_from, None);
    assert_eq!(again.project, p);
}

#[test]
fn boards_round_trip_with_any_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample();
    p.cards[1].board = Board {
        shot: "2A".into(),
        shot_set: true,
        scene: "INT. 巣穴 – 夜明け".into(),
        dialogue: "«Bonjour»\nمرحبا".into(),
        action: "He stretches.".into(),
        notes: "Long\n\nnotes".into(),
    };
    project::save(&p, dir.path()).unwrap();
    assert_eq!(project::load(dir.path()).unwrap().project, p);
}

/// [`V1`] as a version 2 file in which the card whose prompt is "first"
/// has `board` and the other none.
fn v2_with_first_board(board: &str) -> String {
    V1.replace("\"schema_version\": 1", "\"schema_version\": 2")
        .replace(
            "\"prompt\": \"first\",",
            &format!("\"prompt\": \"first\", \"board\": {board},"),
        )
}

#[test]
fn a_v2_card_without_a_shot_number_gets_one_and_numbers_given_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &v2_with_first_board(r#"{ "shot": "12", "shot_set": true }"#),
    );
    let p = project::load(dir.path()).unwrap().project;
    let shots: Vec<&str> = p.cards.iter().map(|c| c.board.shot.as_str()).collect();
    assert_eq!(shots, ["12", "13"]);
    assert!(p.cards[0].board.shot_set && !p.cards[1].board.shot_set);
}

#[test]
fn a_v2_file_opens_unchanged_and_saves_as_v3() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = v2_with_first_board(r#"{ "shot": "12", "shot_set": true, "notes": "keep" }"#);
    write(dir.path(), &v2);
    let loaded = project::load(dir.path()).unwrap();
    assert_eq!(loaded.upgraded_from, Some(2));
    let p = loaded.project;
    assert_eq!(p.cards[0].board.notes, "keep");
    assert_eq!(p.cards[0].camera_move, None);
    assert_eq!(p.settings.fade_in_frames, 0);
    project::save(&p, dir.path()).unwrap();
    let text = fs::read_to_string(dir.path().join("project.json")).unwrap();
    assert!(text.contains("\"schema_version\": 3"), "{text}");
    assert_eq!(project::load(dir.path()).unwrap().project, p);
    // What version 3 added cannot be in a version 2 file.
    for (from, to) in [
        ("\"mode\": \"dissolve\"", "\"mode\": \"fade_through_black\""),
        (
            "\"aspect\": \"16:9\"",
            "\"aspect\": \"16:9\", \"fade_in_frames\": 12",
        ),
    ] {
        write(dir.path(), &v2.replace(from, to));
        let err = project::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("schema version 2 does not know"), "{err}");
    }
}

#[test]
fn an_unknown_board_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &v2_with_first_board(r#"{ "shots": "1" }"#));
    let err = project::load(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("shots") && err.contains("project.json"),
        "{err}"
    );
}
