//! The sample projects under `projects/` open, are complete, and are stored
//! exactly as the engine writes them (so they diff cleanly after a save).

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use inbetween_engine::project::{self, CardContent};
use inbetween_engine::timeline::Layout;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../projects")
        .join(name)
}

#[test]
fn the_demo_opens_with_all_its_media() {
    let loaded = project::load(&sample("demo")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let p = &loaded.project;
    assert!((4..=6).contains(&p.cards.len()));
    let kinds: Vec<_> = p.cards.iter().map(|c| c.kind_name()).collect();
    for kind in ["text", "image", "clip"] {
        assert!(kinds.contains(&kind), "the demo has a {kind} card");
    }
    assert!(p.missing_media(&loaded.folder).is_empty());
    assert!(
        Layout::of(p).gaps().len() >= 3,
        "the demo leaves gaps to fill"
    );
    assert!(
        p.cards
            .iter()
            .any(|c| matches!(c.content, CardContent::Clip { .. }))
    );
}

#[test]
fn the_demo_is_stored_in_canonical_form() {
    let file = sample("demo").join("project.json");
    let on_disk = std::fs::read_to_string(&file).unwrap();
    let loaded = project::load(&sample("demo")).unwrap();
    let canonical = project::to_json(&loaded.project).unwrap();
    if std::env::var_os("INBETWEEN_BLESS").is_some() {
        std::fs::write(&file, &canonical).unwrap();
        return;
    }
    assert_eq!(
        on_disk, canonical,
        "projects/demo/project.json differs from what a save writes; run with INBETWEEN_BLESS=1 to rewrite it"
    );
}

#[test]
fn the_readme_example_is_a_valid_project() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let start = readme.find("```json\n").expect("README has a JSON example") + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("project.json"), &readme[start..end]).unwrap();
    let loaded = project::load(dir.path()).unwrap();
    assert_eq!(loaded.project.audio_lanes[0].clips[0].fade_out_frames, 48);
    assert_eq!(
        loaded.project.cards[0].source_range().map(|r| r.start),
        Some(10)
    );
}
