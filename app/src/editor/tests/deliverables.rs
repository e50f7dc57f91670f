//! File ▸ Export boards…, Export timeline… and Import timeline…, driven as a
//! user does.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::super::Command;
use super::super::EditorApp;
use super::super::files::Purpose;
use super::{demo_copy, open};

/// Runs frames until `running` says the job is done.
fn wait(h: &mut Harness<'_, EditorApp>, running: impl Fn(&EditorApp) -> bool) {
    let started = std::time::Instant::now();
    while running(h.state()) {
        assert!(started.elapsed().as_secs() < 300, "the job did not finish");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    h.run_steps(2);
}

#[test]
fn export_boards_writes_the_pdf_as_a_job_with_the_chosen_layout() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    let out = dir.path().join("boards.pdf");
    h.state_mut().execute(Command::ExportBoards);
    h.run_steps(2);
    h.get_by_label("Export boards");
    h.state_mut().boards.path = out.display().to_string();
    h.state_mut().boards.layout = 1; // 2x2
    h.get_by_label("Gaps between the cards (their middle frame)")
        .click();
    h.run_steps(1);
    h.get_by_label("Export").click();
    h.run_steps(1);
    assert!(
        h.state().boards.is_running(),
        "the boards are made as a job"
    );
    wait(&mut h, |app| app.boards.is_running());
    let done = h.state().boards.result().cloned().unwrap().unwrap();
    assert_eq!(done.output, out);
    // Five cards and four gaps (and any text continued) four to a page.
    let numbers: Vec<usize> = done
        .summary
        .split(' ')
        .filter_map(|w| w.parse().ok())
        .collect();
    let [panels, pages] = numbers[..] else {
        panic!("{}", done.summary)
    };
    assert!(panels >= 9, "{}", done.summary);
    assert_eq!(pages, panels.div_ceil(4), "{}", done.summary);
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    h.get_by_label("Show in folder");
    // A name that is not a PDF is refused before anything runs.
    h.state_mut().boards.path = dir.path().join("boards.png").display().to_string();
    h.get_by_label("Export").click();
    h.run_steps(2);
    assert!(!h.state().boards.is_running());
    assert!(!dir.path().join("boards.png").exists());
}

#[test]
fn export_timeline_writes_the_chosen_format() {
    let dir = demo_copy();
    let mut h = open(dir.path());
    h.state_mut().execute(Command::ExportTimeline);
    h.run_steps(2);
    h.get_by_label("Final Cut Pro XML 1.10 (.fcpxml, DaVinci Resolve)")
        .click();
    h.run_steps(2);
    let path = h.state().timeline_export.path.clone();
    assert!(
        path.ends_with(".fcpxml"),
        "the name follows the format: {path}"
    );
    h.get_by_label("Export").click();
    h.run_steps(1);
    wait(&mut h, |app| app.timeline_export.is_running());
    let done = h
        .state()
        .timeline_export
        .result()
        .cloned()
        .unwrap()
        .unwrap();
    let xml = std::fs::read_to_string(&done.output).unwrap();
    assert!(xml.contains("<fcpxml version=\"1.10\">"));
    assert!(xml.contains("bunny-wakes.mp4"));
}

#[test]
fn import_timeline_makes_a_project_and_opens_it() {
    let dir = demo_copy();
    let cut = dir.path().join("cut.otio");
    let project = inbetween_engine::project::load(dir.path()).unwrap().project;
    let (text, _) = inbetween_engine::interchange::TimelineFormat::Otio.write(&project, dir.path());
    std::fs::write(&cut, text).unwrap();
    let into = tempfile::tempdir().unwrap();
    let folder = into.path().join("imported");
    let mut h = open(dir.path());
    h.state_mut().timeline_to_import = Some(cut.clone());
    h.state_mut()
        .file_chosen(Purpose::ImportTimelineInto, vec![folder.clone()]);
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.session().unwrap().folder(), folder.as_path());
    let imported = app.project().unwrap();
    assert_eq!(imported.cards.len(), project.cards.len());
    assert_eq!(imported.duration_frames(), project.duration_frames());

    // A broken timeline: a notice naming it, nothing made, the project stays.
    std::fs::write(&cut, "{ not json").unwrap();
    let other = into.path().join("other");
    h.state_mut().timeline_to_import = Some(cut.clone());
    h.state_mut()
        .file_chosen(Purpose::ImportTimelineInto, vec![other.clone()]);
    h.run_steps(2);
    assert!(!other.exists());
    assert_eq!(h.state().session().unwrap().folder(), folder.as_path());
    let notice = h.state().notices.last().unwrap();
    assert!(
        notice.error && notice.text.contains("cut.otio"),
        "{}",
        notice.text
    );
}
