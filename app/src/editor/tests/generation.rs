//! Gaps generated in the background, regenerated, and given the neural model.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardId, GapKey};

use super::super::EditorApp;
use super::*;

#[test]
fn gaps_are_generated_in_the_background_and_their_recipes_recorded() {
    let dir = demo_copy();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    // Gap 1–2 is a dissolve: quick to make. The others are cancelled when
    // the harness is dropped.
    let started = std::time::Instant::now();
    while h.state().gap_status(key) != Some(super::super::GapStatus::Ready) {
        assert!(
            started.elapsed().as_secs() < 120,
            "gap 1–2 was not generated"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    let recipe = h
        .state()
        .project()
        .unwrap()
        .gap_settings(key)
        .generated
        .unwrap();
    assert_eq!(recipe.model, "dissolve");
    assert!(dir.path().join(".cache/gaps").join(&recipe.key).is_dir());
    assert!(!h.state().is_dirty(), "a recipe is not an unsaved change");
}

#[test]
fn an_edit_elsewhere_does_not_restart_the_gap_being_generated() {
    let dir = demo_copy();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    let key = GapKey {
        from_card: CardId(2),
        to_card: CardId(3),
    };
    let generating = |h: &Harness<'_, EditorApp>| matches!(h.state().gap_status(key), Some(super::super::GapStatus::Generating(_, stage)) if stage != "Starting");
    let started = std::time::Instant::now();
    while !generating(&h) {
        assert!(started.elapsed().as_secs() < 120, "gap 2–3 never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    // Moving the last card changes gap 4–5 only.
    let (start, _) = card_range(&h, 5);
    h.state_mut().execute(super::super::Command::Edit(
        inbetween_engine::timeline::Edit::MoveCard {
            id: CardId(5),
            to_start: start + 10,
            ripple: inbetween_engine::timeline::Ripple::No,
        },
    ));
    h.run_steps(1);
    assert!(generating(&h), "{:?}", h.state().gap_status(key));
}

#[test]
fn regenerating_a_gap_makes_its_frames_again() {
    let dir = demo_copy();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    let wait_ready = |h: &mut Harness<'_, EditorApp>| {
        let started = std::time::Instant::now();
        while h.state().gap_status(key) != Some(super::super::GapStatus::Ready) {
            assert!(
                started.elapsed().as_secs() < 120,
                "gap 1–2 was not generated"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
            h.run_steps(1);
        }
    };
    wait_ready(&mut h);
    let recipe = h
        .state()
        .project()
        .unwrap()
        .gap_settings(key)
        .generated
        .unwrap();
    let entry = dir.path().join(".cache/gaps").join(&recipe.key);
    let made = std::fs::metadata(entry.join("recipe.json"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    h.get_by_label("Gap 1–2").click();
    h.run_steps(2);
    h.get_by_label("Regenerate").click();
    h.run_steps(1);
    assert_ne!(
        h.state().gap_status(key),
        Some(super::super::GapStatus::Ready)
    );
    wait_ready(&mut h);
    let again = std::fs::metadata(entry.join("recipe.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert!(again > made, "the frames were made again");
}

/// A small RIFE 4 network with random weights, written as a user's
/// `rife.safetensors` (in the folder returned with it).
fn small_network() -> (tempfile::TempDir, std::path::PathBuf) {
    use inbetween_engine::r#gen::ifnet::{NetLayout, Weights, random_weights};
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("rife.safetensors");
    let layout = NetLayout {
        widths: vec![16, 12, 8, 8],
        prelu: true,
        generation: inbetween_engine::r#gen::ifnet::Generation::Rife4,
    };
    Weights::save(&random_weights(&layout, 1).unwrap(), &weights).unwrap();
    (dir, weights)
}

#[test]
fn with_ifnet_weights_set_a_gap_can_be_given_the_neural_model() {
    let (_weights_dir, weights) = small_network();
    let dir = demo_copy();
    let key = GapKey {
        from_card: CardId(2),
        to_card: CardId(3),
    };
    // Without weights the Model menu offers only the built-in model.
    let mut h = open(dir.path());
    h.get_by_label("Gap 2–3").click();
    h.run_steps(2);
    h.get_by_label("Model").click();
    h.run_steps(2);
    assert!(h.query_by_label("IFNet (neural)").is_none());

    let mut app = EditorApp::open(Some(dir.path()))
        .without_generation()
        .without_sound();
    app.set_weights(Some(weights.clone()));
    let mut h = harness(app);
    h.get_by_label("Gap 2–3").click();
    h.run_steps(2);
    h.get_by_label("Model").click();
    h.run_steps(2);
    h.get_by_label("IFNet (neural)").click();
    h.run_steps(2);
    let settings = h.state().project().unwrap().gap_settings(key);
    assert_eq!(settings.model.as_deref(), Some("ifnet"));
    // Preferences say what was loaded.
    h.state_mut().show_preferences = true;
    h.run_steps(2);
    h.get_by_label_contains("Loaded: RIFE 4.0–4.3, 4 blocks, widths 16/12/8/8");

    // A broken file is named, and the gap says it stays a draft.
    std::fs::write(&weights, b"not weights").unwrap();
    h.state_mut().set_weights(Some(weights));
    h.run_steps(2);
    // In the status bar and in Preferences.
    assert_eq!(
        h.query_all_by_label_contains("rife.safetensors is not a safetensors file")
            .count(),
        2
    );
    h.get_by_label_contains("this gap stays a draft");
}

#[test]
fn auto_between_two_framings_of_one_picture_moves_the_camera_and_says_why() {
    let dir = framing_pair_demo();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    let key = GapKey {
        from_card: CardId(3),
        to_card: CardId(4),
    };
    h.state_mut()
        .execute(super::super::Command::RegenerateGap(key));
    let started = std::time::Instant::now();
    while h.state().gap_status(key) != Some(super::super::GapStatus::Ready) {
        assert!(
            started.elapsed().as_secs() < 240,
            "gap 3–4 was not generated"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    let choice = h.state().gap_choice(key).expect("Auto says what it chose");
    assert_eq!(
        choice.mode,
        inbetween_engine::project::GapMode::CameraMove,
        "{}",
        choice.why
    );
    h.get_by_label("Gap 3–4").click();
    h.run_steps(2);
    h.get_by_label_contains("Camera move: frame B is frame A zoomed 2.0× toward the lower right");
    // The recipe names Auto; the cache keeps its choice with the frames.
    let recipe = h
        .state()
        .project()
        .unwrap()
        .gap_settings(key)
        .generated
        .unwrap();
    assert_eq!(recipe.model, "auto");
    assert!(
        dir.path()
            .join(".cache/gaps")
            .join(&recipe.key)
            .join("choice.json")
            .is_file()
    );
    // The camera move is clean; measured motion on the same pair ghosts and
    // is flagged, with the other takes one click away.
    let clean = h.state().gap_clean(key).unwrap();
    assert!(
        clean >= inbetween_engine::r#gen::confidence::FLAG_BELOW,
        "{clean}"
    );
    assert!(h.query_by_label("Try the other takes").is_none());
    let settings = h.state().project().unwrap().gap_settings(key);
    h.state_mut().execute(super::super::Command::Edit(
        inbetween_engine::timeline::Edit::SetGapSettings {
            key,
            settings: inbetween_engine::project::GapSettings {
                mode: inbetween_engine::project::GapMode::Motion,
                ..settings
            },
        },
    ));
    let started = std::time::Instant::now();
    let made_by = |h: &Harness<'_, EditorApp>| {
        let generated = h.state().project().unwrap().gap_settings(key).generated;
        generated.map(|r| r.model)
    };
    while h.state().gap_status(key) != Some(super::super::GapStatus::Ready)
        || made_by(&h).as_deref() != Some("motion")
    {
        assert!(
            started.elapsed().as_secs() < 240,
            "gap 3–4 was not generated in Motion mode"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    h.run_steps(2);
    h.get_by_label_contains("Likely to ghost");
    h.get_by_label("Try the other takes");
}

/// The demo with cards 3 and 4 made the burrow still and a 2x closer view
/// of its lower right (made here from the demo's still): gap 3–4 joins two
/// framings of one picture.
fn framing_pair_demo() -> tempfile::TempDir {
    let dir = demo_copy();
    let burrow = image::open(dir.path().join("media/bunny-burrow.jpg"))
        .unwrap()
        .to_rgba8();
    let close = image::imageops::crop_imm(&burrow, 560, 300, 640, 360).to_image();
    let close = image::imageops::resize(&close, 1280, 720, image::imageops::FilterType::Triangle);
    close.save(dir.path().join("media/close.png")).unwrap();
    let path = dir.path().join("project.json");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["cards"][2]["content"] =
        serde_json::json!({"kind": "image", "media": "media/bunny-burrow.jpg"});
    doc["cards"][3]["content"]["media"] = "media/close.png".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();

    dir
}

#[test]
fn takes_are_made_side_by_side_and_one_is_picked_undoably() {
    let dir = framing_pair_demo();
    let mut h = harness(
        EditorApp::open(Some(dir.path()))
            .without_generation()
            .without_sound(),
    );
    let key = GapKey {
        from_card: CardId(3),
        to_card: CardId(4),
    };
    h.get_by_label("Gap 3–4").click();
    h.run_steps(2);
    h.get_by_label("Takes").click();
    h.run_steps(2);
    h.get_by_label("Generate takes").click();
    h.run_steps(2);
    let started = std::time::Instant::now();
    while h.query_by_label("Use Camera move").is_none() {
        assert!(started.elapsed().as_secs() < 300, "the takes were not made");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    // Auto is what the gap shows; the other takes can be used.
    h.get_by_label_contains("Shown in the film");
    for label in ["Use Motion", "Use Dissolve"] {
        assert!(h.query_by_label(label).is_some(), "{label}");
    }
    // Each take is kept in the cache.
    let entries = std::fs::read_dir(dir.path().join(".cache/gaps"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("recipe.json").is_file())
        .count();
    assert!(entries >= 4, "{entries} cache entries");
    // The inspector scrolls; a user scrolls down to the takes.
    h.get_by_label("Use Camera move").scroll_to_me();
    // The scroll is animated.
    h.run_steps(30);
    h.get_by_label("Use Camera move").click();
    h.run_steps(2);
    let mode = |h: &Harness<'_, EditorApp>| h.state().project().unwrap().gap_settings(key).mode;
    assert_eq!(mode(&h), inbetween_engine::project::GapMode::CameraMove);
    h.state_mut().execute(super::super::Command::Undo);
    h.run_steps(1);
    assert_eq!(mode(&h), inbetween_engine::project::GapMode::Auto);
}

/// A project of two small pictures of one pattern, the second moved, with a
/// Motion gap of four frames between them.
fn moving_pattern_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("media")).unwrap();
    for (name, shift) in [("a.png", 0.0f32), ("b.png", 3.0)] {
        image::RgbaImage::from_fn(64, 36, |x, y| {
            let (x, y) = (x as f32 - shift, y as f32);
            let v = |k: f32| (128.0 + 90.0 * ((x * 0.21 + k).sin() * (y * 0.17 - k).cos())) as u8;
            image::Rgba([v(0.0), v(1.0), v(2.0), 255])
        })
        .save(dir.path().join("media").join(name))
        .unwrap();
    }
    let card = |id: u64, start: i64, media: &str| {
        serde_json::json!({
            "id": id,
            "range_in_timeline": {"start_frame": start, "duration_frames": 6},
            "prompt": "",
            "fit": "fit",
            "content": {"kind": "image", "media": media}
        })
    };
    let project = serde_json::json!({
        "schema_version": 1,
        "settings": {
            "name": "Upgrade",
            "frame_rate": "24",
            "resolution": {"width": 64, "height": 36},
            "aspect": "16:9"
        },
        "cards": [card(1, 0, "media/a.png"), card(2, 10, "media/b.png")],
        "gaps": [{"from_card": 1, "to_card": 2, "mode": "motion", "prompt": "", "seed": 0, "take": 0}],
        "audio_lanes": [],
        "markers": []
    });
    std::fs::write(
        dir.path().join("project.json"),
        serde_json::to_vec_pretty(&project).unwrap(),
    )
    .unwrap();
    dir
}

#[test]
fn with_ifnet_installed_a_motion_gap_shows_the_fast_model_then_the_fused_one() {
    let (_weights_dir, weights) = small_network();
    let dir = moving_pattern_project();
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    let mut app = EditorApp::open(Some(dir.path())).without_sound();
    app.set_weights(Some(weights));
    let mut h = harness(app);
    let model = |h: &Harness<'_, EditorApp>| {
        h.state()
            .project()
            .unwrap()
            .gap_settings(key)
            .generated
            .map(|r| r.model)
    };
    let mut seen = Vec::new();
    let started = std::time::Instant::now();
    while model(&h).as_deref() != Some("fused") {
        assert!(
            started.elapsed().as_secs() < 300,
            "never upgraded; recipes seen: {seen:?}"
        );
        if let Some(m) = model(&h)
            && seen.last() != Some(&m)
        {
            seen.push(m);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    // The motion model's frames showed first, and both stay in the cache;
    // the gap's own settings are untouched (still Motion, no model named).
    assert_eq!(seen.first().map(String::as_str), Some("motion"), "{seen:?}");
    let cached = std::fs::read_dir(dir.path().join(".cache/gaps"))
        .unwrap()
        .count();
    assert!(cached >= 2, "{cached} gaps in the cache");
    assert_eq!(h.state().project().unwrap().gap_settings(key).model, None);
    assert!(!h.state().is_dirty(), "an upgrade is not an unsaved change");
    // Done once: nothing is queued to upgrade again.
    for _ in 0..20 {
        h.run_steps(1);
    }
    let generator = &h
        .state()
        .session
        .as_ref()
        .unwrap()
        .workers
        .as_ref()
        .unwrap()
        .generator;
    assert_eq!(
        (generator.upgrading(), generator.upgrades_queued()),
        (None, 0)
    );
}
