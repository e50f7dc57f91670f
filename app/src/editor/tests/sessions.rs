//! New and Open replace the whole session: nothing of the old project (a
//! beat search under way, a media listing) reaches the new one.

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use inbetween_engine::project::AudioClipId;

use super::super::{Command, EditorApp};
use super::{demo_copy, harness, open};

/// How long finding the demo music's beats takes here, measured on its own
/// (and checked to find beats), so the test below waits long enough for a
/// search left running to have landed.
fn beat_search_time() -> Duration {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let started = Instant::now();
    h.state_mut().execute(Command::DetectBeats(AudioClipId(1)));
    while h.state().project().unwrap().markers.len() == 1 {
        assert!(started.elapsed().as_secs() < 60, "no beats were marked");
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    started.elapsed()
}

#[test]
fn a_beat_search_under_way_does_not_land_in_the_next_project() {
    let takes = beat_search_time();
    let (first, second) = (demo_copy(), demo_copy());
    let mut h = open(first.path());
    h.state_mut().execute(Command::DetectBeats(AudioClipId(1)));
    assert!(h.state().session().unwrap().finding_beats());
    h.state_mut()
        .execute(Command::OpenPath(second.path().to_path_buf()));
    h.run_steps(1);
    let opened = h.state().session().unwrap().folder().to_path_buf();
    assert_eq!(opened, second.path());
    assert!(!h.state().session().unwrap().finding_beats());
    let until = Instant::now() + takes * 2 + Duration::from_millis(500);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    let markers = &h.state().project().unwrap().markers;
    assert_eq!(markers.len(), 1, "only the second project's own marker");
    assert!(!h.state().is_dirty(), "nothing changed the second project");
    assert!(h.query_by_label_contains("Marked").is_none());
}

#[test]
fn the_library_never_lists_the_previous_projects_files() {
    let (first, second) = (demo_copy(), demo_copy());
    std::fs::write(first.path().join("media/only-in-first.png"), b"").unwrap();
    let mut h = harness(
        EditorApp::open(Some(first.path()))
            .without_generation()
            .without_sound(),
    );
    let started = Instant::now();
    while h.query_by_label("only-in-first.png").is_none() {
        assert!(
            started.elapsed().as_secs() < 10,
            "the library never listed it"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    h.state_mut()
        .execute(Command::OpenPath(second.path().to_path_buf()));
    // Longer than the library's rescan: every frame shows the new folder.
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        h.run_steps(1);
        assert!(
            h.query_by_label("only-in-first.png").is_none(),
            "the old project's file is listed after Open"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    h.get_by_label("bunny-burrow.jpg");
}

#[test]
fn save_as_copies_the_media_on_a_worker_then_goes_on_in_the_new_folder() {
    let dir = demo_copy();
    let target = tempfile::tempdir().unwrap();
    let mut h = open(dir.path());
    h.state_mut().execute(Command::SelectAll);
    h.state_mut().execute(Command::Delete);
    h.state_mut().execute(Command::Undo);
    h.state_mut().file_chosen(
        super::super::files::Purpose::SaveAs,
        vec![target.path().to_path_buf()],
    );
    let started = Instant::now();
    while h.state().session().unwrap().saving_as() {
        assert!(started.elapsed().as_secs() < 30, "Save As did not finish");
        std::thread::sleep(Duration::from_millis(10));
        h.run_steps(1);
    }
    h.run_steps(2);
    let session = h.state().session().unwrap();
    assert_eq!(session.folder(), target.path(), "editing goes on there");
    let saved = inbetween_engine::project::load(target.path())
        .unwrap()
        .project;
    assert_eq!(&saved, h.state().project().unwrap());
    assert!(
        saved.missing_media(target.path()).is_empty(),
        "all its media came along"
    );
    assert!(!h.state().is_dirty());
    h.get_by_label_contains("Saved as");
    // The old folder is as it was.
    let old = inbetween_engine::project::load(dir.path()).unwrap().project;
    assert_eq!(old.cards.len(), 5);
}
