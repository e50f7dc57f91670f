//! The editor driven as a user drives it (egui_kittest), with assertions on
//! the app's state.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardContent, CardId, GapKey};

use super::{EditorApp, Selection};

mod first_use;
mod sessions;

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

#[test]
fn dragging_a_card_moves_it_by_the_dragged_amount_and_one_undo_restores_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let before = card_range(&h, 5);
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let centre = h.get_by_label("Card 5").rect().center();
    drag(&mut h, centre, egui::vec2(60.0, 0.0));
    let moved = (60.0 / points_per_frame).round() as i64;
    assert!(moved > 0);
    assert_eq!(card_range(&h, 5), (before.0 + moved, before.1 + moved));
    assert!(h.state().is_dirty());
    assert_eq!(h.state().selection(), &Selection::Cards(vec![CardId(5)]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        card_range(&h, 5),
        before,
        "one undo step undoes the whole drag"
    );
    assert!(!h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
    assert_eq!(card_range(&h, 5), (before.0 + moved, before.1 + moved));
}

#[test]
fn dragging_a_cards_end_trims_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let before = card_range(&h, 5);
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let edge = h.get_by_label("Card 5 end").rect().center();
    drag(&mut h, edge, egui::vec2(40.0, 0.0));
    let longer = (40.0 / points_per_frame).round() as i64;
    assert_eq!(card_range(&h, 5), (before.0, before.1 + longer));
    let start = h.get_by_label("Card 5 start").rect().center();
    drag(&mut h, start, egui::vec2(30.0, 0.0));
    let shorter = (30.0 / points_per_frame).round() as i64;
    assert_eq!(card_range(&h, 5), (before.0 + shorter, before.1 + longer));
}

#[test]
fn clicking_a_gap_shows_the_gap_inspector() {
    let mut h = open(&demo());
    h.get_by_label("Gap 1–2").click();
    h.run_steps(2);
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    assert_eq!(h.state().selection(), &Selection::Gap(key));
    h.get_by_label("Mode");
    h.get_by_label("Held frames");
    // The playhead is in the gap, so the preview shows it.
    let gap = inbetween_engine::timeline::Layout::of(h.state().project().unwrap())
        .gaps()
        .iter()
        .find(|g| g.key == key)
        .unwrap()
        .range_in_timeline;
    let playhead = h.state_mut().playhead();
    assert!(gap.contains(playhead), "{playhead} in {gap:?}");
}

#[test]
fn space_toggles_playback_and_the_playhead_moves() {
    let mut h = open(&demo());
    assert!(!h.state().is_playing());
    h.key_press(Key::Space);
    h.run_steps(1);
    assert!(h.state().is_playing());
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run_steps(1);
    let playhead = h.state_mut().playhead();
    assert!(playhead >= 5, "0.3 s at 24 fps is 7 frames, not {playhead}");
    h.key_press(Key::Space);
    h.run_steps(1);
    assert!(!h.state().is_playing());
    h.key_press(Key::End);
    h.run_steps(1);
    let last = h.state().project().unwrap().duration_frames() - 1;
    assert_eq!(h.state_mut().playhead(), last);
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

#[test]
fn a_file_dropped_on_the_timeline_becomes_a_card_and_a_broken_one_is_named() {
    let dir = demo_copy();
    let outside = tempfile::tempdir().unwrap();
    let picture = outside.path().join("sky.png");
    image::RgbaImage::from_pixel(64, 36, image::Rgba([90, 140, 220, 255]))
        .save(&picture)
        .unwrap();
    let broken = outside.path().join("broken.png");
    std::fs::write(&broken, b"not a png").unwrap();
    let mut h = open(dir.path());
    let cards = h.state().project().unwrap().cards.len();
    let ruler = h.get_by_label("Timeline ruler").rect();
    // Past the film's end, on the story track.
    let at = egui::pos2(ruler.right() - 10.0, ruler.bottom() + 30.0);
    h.hover_at(at);
    h.run_steps(1);
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(picture)));
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(broken)));
    h.run_steps(2);
    settle(&mut h);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), cards + 1);
    let card = project.cards.last().unwrap();
    match &card.content {
        CardContent::Image { media } => assert_eq!(media.as_str(), "media/sky.png"),
        other => panic!("an image card, not {other:?}"),
    }
    assert!(
        dir.path().join("media/sky.png").is_file(),
        "copied into the project"
    );
    h.get_by_label_contains("broken.png");
}

#[test]
fn saving_writes_the_project_and_clears_the_unsaved_mark() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.key_press(Key::Home);
    h.get_by_label("Card 5").click();
    h.run_steps(1);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().project().unwrap().card(CardId(5)).is_none());
    assert!(h.state().window_title().ends_with('•'));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    let saved = inbetween_engine::project::load(dir.path()).unwrap().project;
    assert!(saved.card(CardId(5)).is_none());
}

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
    while h.state().gap_status(key) != Some(super::GapStatus::Ready) {
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
fn closing_with_unsaved_changes_asks_first() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.state_mut().execute(super::Command::Quit);
    h.run_steps(1);
    assert!(
        h.query_by_label("Save changes before closing?").is_none(),
        "nothing to save"
    );
    let mut h = open(dir.path());
    h.state_mut().execute(super::Command::Delete);
    h.state_mut().execute(super::Command::SelectAll);
    h.state_mut().execute(super::Command::Delete);
    assert!(h.state().is_dirty());
    h.state_mut().execute(super::Command::Quit);
    h.run_steps(2);
    h.get_by_label("Save changes before closing?");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.query_by_label("Save changes before closing?").is_none());
    assert!(
        h.state().is_dirty(),
        "cancelled: nothing saved, nothing lost"
    );
}

#[test]
fn the_export_dialog_exports_the_marked_frames_as_a_job() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let out = dir.path().join("short.mp4");
    {
        let app = h.state_mut();
        let playback = &mut app.session.as_mut().unwrap().playback;
        playback.mark_in = Some(60);
        playback.mark_out = Some(72);
        app.execute(super::Command::ExportFilm);
        app.export.path = out.display().to_string();
        app.export.marked_only = true;
    }
    h.run_steps(2);
    h.get_by_label("Export").click();
    h.run_steps(1);
    assert!(h.state().export.is_running(), "the export runs as a job");
    let started = std::time::Instant::now();
    while h.state().export.is_running() {
        assert!(
            started.elapsed().as_secs() < 300,
            "the export did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
        h.run_steps(1);
    }
    let report = h.state().export.result.clone().unwrap().unwrap();
    assert_eq!(report.frames, 12);
    assert!(out.is_file());
    h.run_steps(1);
    h.get_by_label("Show in folder");
}

#[test]
fn unsaved_changes_are_kept_in_a_recovery_copy_and_offered_back() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.state_mut().execute(super::Command::SelectAll);
    h.state_mut().execute(super::Command::Delete);
    // A minute passes.
    h.state_mut().session.as_mut().unwrap().last_recovery -= super::documents::AUTOSAVE_EVERY;
    h.run_steps(1);
    let recovery = inbetween_engine::project::recovery_path(dir.path());
    assert!(recovery.is_file(), "the recovery copy is written");
    drop(h); // a crash: nothing saved
    let mut h = open(dir.path());
    assert_eq!(
        h.state().project().unwrap().cards.len(),
        5,
        "project.json as saved"
    );
    h.get_by_label("Restore unsaved changes?");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert!(
        h.state().project().unwrap().cards.is_empty(),
        "the changes are back"
    );
    assert!(h.state().is_dirty());
    h.state_mut().execute(super::Command::Save);
    assert!(!recovery.exists(), "saving removes the recovery copy");
}

#[test]
fn opening_another_project_asks_about_unsaved_changes_first() {
    let (first, second) = (demo_copy(), demo_copy());
    let mut h = open(first.path());
    h.state_mut().execute(super::Command::SelectAll);
    h.state_mut().execute(super::Command::Delete);
    h.state_mut()
        .execute(super::Command::OpenPath(second.path().to_path_buf()));
    h.run_steps(2);
    h.get_by_label("Save changes before opening another project?");
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.project().unwrap().cards.len(), 5);
    assert!(!app.is_dirty());
    let canonical = second.path().canonicalize().unwrap();
    assert_eq!(app.recent.first(), Some(&canonical), "now the most recent");
    let untouched = inbetween_engine::project::load(first.path())
        .unwrap()
        .project;
    assert_eq!(untouched.cards.len(), 5, "the first project was not saved");
}

#[test]
fn an_edit_elsewhere_does_not_restart_the_gap_being_generated() {
    let dir = demo_copy();
    let mut h = harness(EditorApp::open(Some(dir.path())).without_sound());
    let key = GapKey {
        from_card: CardId(2),
        to_card: CardId(3),
    };
    let generating = |h: &Harness<'_, EditorApp>| matches!(h.state().gap_status(key), Some(super::GapStatus::Generating(_, stage)) if stage != "Starting");
    let started = std::time::Instant::now();
    while !generating(&h) {
        assert!(started.elapsed().as_secs() < 120, "gap 2–3 never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    // Moving the last card changes gap 4–5 only.
    let (start, _) = card_range(&h, 5);
    h.state_mut().execute(super::Command::Edit(
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
fn cards_are_cut_copied_and_pasted_where_they_fit() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let end = h.state().project().unwrap().duration_frames();
    h.get_by_label("Card 2").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::C);
    h.run_steps(1);
    // The playhead is on card 1: the copy goes after the film's end.
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run_steps(1);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), 6);
    let pasted = project.cards.last().unwrap();
    let original = project.card(CardId(2)).unwrap();
    assert_eq!(pasted.range_in_timeline.start, end);
    assert_eq!(pasted.content, original.content);
    assert_ne!(pasted.id, original.id);
    let original_content = original.content.clone();
    assert_eq!(h.state().selection(), &Selection::Cards(vec![pasted.id]));
    // Cut card 2, then paste it back where the playhead is: it fits there.
    let (start, _) = card_range(&h, 2);
    h.get_by_label("Card 2").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::X);
    h.run_steps(1);
    assert!(h.state().project().unwrap().card(CardId(2)).is_none());
    h.state_mut().execute(super::Command::Seek(start));
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run_steps(1);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), 6);
    assert_eq!(project.cards[1].range_in_timeline.start, start);
    assert_eq!(project.cards[1].content, original_content);
    // Each paste is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(h.state().project().unwrap().cards.len(), 5);
}

#[test]
fn media_dragged_from_the_library_onto_the_timeline_becomes_a_card() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("bunny-looks.jpg");
    let end = h.state().project().unwrap().duration_frames();
    let from = h.get_by_label("bunny-burrow.jpg").rect().center();
    let ruler = h.get_by_label("Timeline ruler").rect();
    // Onto the story track, past the film's end.
    let to = egui::pos2(ruler.right() - 20.0, ruler.bottom() + 30.0);
    drag(&mut h, from, to - from);
    settle(&mut h);
    let project = h.state().project().unwrap();
    assert_eq!(project.cards.len(), 6);
    let card = project.cards.last().unwrap();
    assert!(card.range_in_timeline.start >= end);
    assert_eq!(card.media().unwrap().as_str(), "media/bunny-burrow.jpg");
    // The file in media/ is used as it is, not copied again.
    let copies = std::fs::read_dir(dir.path().join("media")).unwrap().count();
    assert_eq!(
        copies,
        std::fs::read_dir(demo().join("media")).unwrap().count()
    );
}

#[test]
fn a_cards_media_can_be_replaced_and_a_missing_file_relinked() {
    let dir = demo_copy();
    let outside = tempfile::tempdir().unwrap();
    let picture = outside.path().join("sky.png");
    image::RgbaImage::from_pixel(64, 36, image::Rgba([90, 140, 220, 255]))
        .save(&picture)
        .unwrap();
    // bunny-looks.jpg (card 4's) has gone missing.
    std::fs::remove_file(dir.path().join("media/bunny-looks.jpg")).unwrap();
    let mut h = open(dir.path());
    h.get_by_label("Card 4").click();
    h.run_steps(2);
    h.get_by_label("media/bunny-looks.jpg is missing");
    h.get_by_label("Relink…").click();
    h.run_steps(1);
    // The file dialog cannot run here; give the editor its answer.
    h.state_mut()
        .file_chosen(super::files::Purpose::Replace(CardId(4)), vec![picture]);
    settle(&mut h);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/sky.png");
    assert!(dir.path().join("media/sky.png").is_file());
    h.get_by_label("Replace…");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/bunny-looks.jpg");
    // A broken file is refused with its name; the card keeps its media.
    let broken = outside.path().join("broken.png");
    std::fs::write(&broken, b"not a png").unwrap();
    h.state_mut()
        .file_chosen(super::files::Purpose::Replace(CardId(4)), vec![broken]);
    settle(&mut h);
    h.get_by_label_contains("broken.png");
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(4))
        .unwrap()
        .clone();
    assert_eq!(card.media().unwrap().as_str(), "media/bunny-looks.jpg");
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
        while h.state().gap_status(key) != Some(super::GapStatus::Ready) {
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
    assert_ne!(h.state().gap_status(key), Some(super::GapStatus::Ready));
    wait_ready(&mut h);
    let again = std::fs::metadata(entry.join("recipe.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert!(again > made, "the frames were made again");
}

#[test]
fn without_a_sound_device_the_editor_plays_silently_and_says_so() {
    // The editor as a user starts it: sound on.
    let mut h = harness(EditorApp::open(Some(&demo())).without_generation());
    let has_device = h.state().sound.as_ref().is_some_and(|s| s.has_device());
    // The sound's state is always shown beside the transport, before and
    // after anything else is said in the status bar.
    let state = if has_device { "Sound on" } else { "No sound" };
    h.get_by_label(state);
    // Playing works either way.
    h.key_press(Key::Space);
    h.run_steps(1);
    std::thread::sleep(std::time::Duration::from_millis(200));
    h.run_steps(1);
    assert!(h.state_mut().playhead() > 0);
    h.get_by_label(state);
}

fn music_start(h: &Harness<'_, EditorApp>) -> (usize, i64) {
    let lanes = &h.state().project().unwrap().audio_lanes;
    (
        lanes[0].clips.len(),
        lanes[0].clips[0].range_in_timeline.start,
    )
}

#[test]
fn sound_on_a_lane_is_dragged_as_one_undo_step_and_dropped_files_land_on_it() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let points_per_frame = h.state().session().unwrap().timeline.points_per_frame;
    let clip = h.get_by_label("Audio clip 1").rect();
    // Grab it away from the playhead (at frame 0, where it would snap back).
    let from = egui::pos2(clip.left() + clip.width() * 0.5, clip.center().y);
    drag(&mut h, from, egui::vec2(40.0, 0.0));
    let moved = (40.0 / points_per_frame).round() as i64;
    assert_eq!(music_start(&h), (1, moved));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(music_start(&h), (1, 0), "one undo step");
    // A sound file dropped on the timeline goes on the lane.
    let outside = tempfile::tempdir().unwrap();
    let wav = outside.path().join("door.wav");
    let mut bytes = Vec::new();
    inbetween_engine::audio::write_wav(&mut bytes, &vec![0.1; 48_000 * 2]).unwrap();
    std::fs::write(&wav, bytes).unwrap();
    let ruler = h.get_by_label("Timeline ruler").rect();
    h.hover_at(egui::pos2(ruler.center().x, ruler.bottom() + 30.0));
    h.run_steps(1);
    h.input_mut().dropped_files.push(Arc::new(DroppedPath(wav)));
    h.run_steps(2);
    settle(&mut h);
    let lane = &h.state().project().unwrap().audio_lanes[0];
    assert_eq!(lane.clips.len(), 2);
    let door = lane
        .clips
        .iter()
        .find(|c| c.media.as_str() == "media/door.wav")
        .unwrap();
    assert_eq!(door.range_in_timeline.duration, 24, "1 s at 24 fps");
    assert!(dir.path().join("media/door.wav").is_file());
}

#[test]
fn detected_beats_become_markers_in_one_undo_step() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    assert_eq!(h.state().project().unwrap().markers.len(), 1);
    h.state_mut().execute(super::Command::DetectBeats(
        inbetween_engine::project::AudioClipId(1),
    ));
    let started = std::time::Instant::now();
    while h.state().project().unwrap().markers.len() == 1 {
        assert!(started.elapsed().as_secs() < 60, "no beats were marked");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    let markers = &h.state().project().unwrap().markers;
    assert!(markers.len() > 20, "{}", markers.len());
    assert!(markers.windows(2).all(|w| w[0].frame < w[1].frame));
    h.get_by_label_contains("beats");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(h.state().project().unwrap().markers.len(), 1);
}

#[test]
fn a_sound_is_selected_and_its_lane_muted_in_the_inspector() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let clip = h.get_by_label("Audio clip 1").rect();
    h.hover_at(clip.center());
    h.run_steps(1);
    h.get_by_label("Audio clip 1").click();
    h.run_steps(2);
    assert_eq!(
        h.state().selection(),
        &Selection::Sound(inbetween_engine::project::AudioClipId(1))
    );
    h.get_by_label("Lane: Music");
    h.get_by_label("Mute").click();
    h.run_steps(2);
    assert!(h.state().project().unwrap().audio_lanes[0].muted);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert!(!h.state().project().unwrap().audio_lanes[0].muted);
    // Delete removes the selected sound.
    h.key_press(Key::Delete);
    h.run_steps(1);
    assert!(h.state().project().unwrap().audio_lanes[0].clips.is_empty());
}

#[test]
fn a_selection_of_cards_is_dragged_together_as_one_undo_step() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let (four, five) = (card_range(&h, 4), card_range(&h, 5));
    h.get_by_label("Card 4").click();
    h.run_steps(1);
    let card5 = h.get_by_label("Card 5").rect().center();
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: card5,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: card5,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.run_steps(1);
    assert_eq!(
        h.state().selection(),
        &Selection::Cards(vec![CardId(4), CardId(5)])
    );
    let from = h.get_by_label("Card 4").rect().center();
    drag(&mut h, from, egui::vec2(30.0, 0.0));
    let (moved4, moved5) = (card_range(&h, 4), card_range(&h, 5));
    let delta = moved4.0 - four.0;
    assert!(delta > 0, "moved right");
    assert_eq!(moved5.0 - five.0, delta, "together");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!((card_range(&h, 4), card_range(&h, 5)), (four, five));
}

#[test]
fn a_clip_cards_own_sound_is_muted_in_the_inspector() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.get_by_label("Card 3").click();
    h.run_steps(2);
    h.get_by_label("Mute").click();
    h.run_steps(1);
    let card = h
        .state()
        .project()
        .unwrap()
        .card(CardId(3))
        .unwrap()
        .clone();
    assert!(matches!(
        card.content,
        CardContent::Clip { muted: true, .. }
    ));
    // The Edit menu names the step for what it did.
    h.get_by_label("Edit").click();
    h.run_steps(3);
    h.get_by_label("Undo Mute clip Ctrl+Z");
}

#[test]
fn with_ifnet_weights_set_a_gap_can_be_given_the_neural_model() {
    use inbetween_engine::r#gen::ifnet::{NetLayout, Weights, random_weights};
    let weights_dir = tempfile::tempdir().unwrap();
    let weights = weights_dir.path().join("rife.safetensors");
    let layout = NetLayout {
        widths: vec![16, 12, 8, 8],
        prelu: true,
    };
    Weights::save(&random_weights(&layout, 1).unwrap(), &weights).unwrap();
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
    h.get_by_label_contains("Loaded: 4 blocks, widths 16/12/8/8");

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
