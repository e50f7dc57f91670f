//! The editor driven as a user drives it (egui_kittest), with assertions on
//! the app's state.

use std::path::{Path, PathBuf};

use eframe::egui::{self};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::CardId;

use super::EditorApp;

mod board_view;
mod camera_moves;
mod deliverables;
mod editing;
mod files;
mod first_use;
mod generation;
mod sessions;
mod sound;
mod timing;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo")
}

/// A copy of the demo project to change.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::fs::copy(demo().join("project.json"), dir.path().join("project.json")).unwrap();
    for entry in std::fs::read_dir(demo().join("media")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("media").join(entry.file_name()),
        )
        .unwrap();
    }
    dir
}

fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 700.0))
        .build_eframe(|_cc| app);
    harness.run_steps(3);
    harness
}

fn open(path: &Path) -> Harness<'static, EditorApp> {
    harness(
        EditorApp::open(Some(path))
            .without_generation()
            .without_sound(),
    )
}

/// The editor on `path`, tall enough for a card's whole inspector.
fn open_tall(path: &Path) -> Harness<'static, EditorApp> {
    let app = EditorApp::open(Some(path))
        .without_generation()
        .without_sound();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .build_eframe(|_cc| app);
    h.run_steps(3);
    h
}

fn card_range(h: &Harness<'_, EditorApp>, id: u64) -> (i64, i64) {
    let card = h.state().project().unwrap().card(CardId(id)).unwrap();
    (card.range_in_timeline.start, card.range_in_timeline.end())
}

/// Runs frames until the imports under way are in (they run on a worker).
fn settle(h: &mut Harness<'_, EditorApp>) {
    let started = std::time::Instant::now();
    while h.state().session().is_some_and(|s| s.importing().is_some()) {
        assert!(
            started.elapsed().as_secs() < 30,
            "the import did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    h.run_steps(2);
}

/// Drags from `from` by `by` points the way a mouse does.
fn drag(h: &mut Harness<'_, EditorApp>, from: egui::Pos2, by: egui::Vec2) {
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for step in 1..=4 {
        h.hover_at(from + by * (step as f32 / 4.0));
        h.run_steps(1);
    }
    h.drop_at(from + by);
    h.run_steps(2);
}

#[test]
fn the_window_shows_the_open_project() {
    let app = EditorApp::open(Some(&demo()))
        .without_generation()
        .without_sound();
    assert_eq!(app.window_title(), "Inbetween — The Big Rabbit Wakes");
    let h = harness(app);
    for card in 1..=5 {
        h.get_by_label(&format!("Card {card}"));
    }
    h.get_by_label("Gap 1–2");
    // Nothing selected: the inspector shows the project.
    h.get_by_label("Project");
    h.get_by_label("Cards / gaps");
    h.get_by_label("5 / 4");
}

#[test]
fn a_broken_project_opens_an_empty_editor_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("project.json"), "{ \"schema_version\": 1,").unwrap();
    let app = EditorApp::open(Some(dir.path()));
    assert_eq!(app.window_title(), "Inbetween");
    let h = harness(app);
    h.get_by_label("The project could not be opened");
    h.get_by_label_contains("not valid JSON at line 1");
}

#[test]
fn no_project_says_how_to_open_one() {
    let h = harness(EditorApp::open(None));
    h.get_by_label("No project is open");
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
