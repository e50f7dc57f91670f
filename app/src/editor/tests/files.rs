//! Files: dropped and imported media, save, the unsaved-changes questions, export, recovery.

use std::sync::Arc;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use inbetween_engine::project::{CardContent, CardId};

use super::*;

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
fn closing_with_unsaved_changes_asks_first() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.state_mut().execute(super::super::Command::Quit);
    h.run_steps(1);
    assert!(
        h.query_by_label("Save changes before closing?").is_none(),
        "nothing to save"
    );
    let mut h = open(dir.path());
    h.state_mut().execute(super::super::Command::Delete);
    h.state_mut().execute(super::super::Command::SelectAll);
    h.state_mut().execute(super::super::Command::Delete);
    assert!(h.state().is_dirty());
    h.state_mut().execute(super::super::Command::Quit);
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
        app.execute(super::super::Command::ExportFilm);
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
    h.state_mut().execute(super::super::Command::SelectAll);
    h.state_mut().execute(super::super::Command::Delete);
    // A minute passes.
    h.state_mut().session.as_mut().unwrap().last_recovery -=
        super::super::documents::AUTOSAVE_EVERY;
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
    h.state_mut().execute(super::super::Command::Save);
    assert!(!recovery.exists(), "saving removes the recovery copy");
}

#[test]
fn opening_another_project_asks_about_unsaved_changes_first() {
    let (first, second) = (demo_copy(), demo_copy());
    let mut h = open(first.path());
    h.state_mut().execute(super::super::Command::SelectAll);
    h.state_mut().execute(super::super::Command::Delete);
    h.state_mut()
        .execute(super::super::Command::OpenPath(second.path().to_path_buf()));
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
fn a_picture_too_large_to_read_shows_as_refused_with_why_and_the_editor_goes_on() {
    let dir = demo_copy();
    // Card 4's still replaced by one 20000 pixels wide (a side beyond the
    // budget; the file itself is small).
    image::RgbImage::new(20_000, 1)
        .save_with_format(
            dir.path().join("media/bunny-looks.jpg"),
            image::ImageFormat::Png,
        )
        .unwrap();
    let mut h = open(dir.path());
    h.get_by_label("Card 4").click();
    let started = std::time::Instant::now();
    while h
        .query_by_label_contains("Refused: the picture is 20000x1")
        .is_none()
    {
        assert!(
            started.elapsed().as_secs() < 20,
            "the refusal is never shown"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    h.get_by_label_contains("16384 pixels a side");
    // The rest works: another card, an edit, undo.
    h.get_by_label("Card 2").click();
    h.run_steps(2);
    h.get_by_label_contains("Shot 2 · card 2");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().project().unwrap().card(CardId(2)).is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().project().unwrap().card(CardId(2)).is_some());
}
