//! The time the editor spends building its UI each frame, with a 200-card
//! project, while idle, while dragging a card and while playing: median and
//! 99th percentile over 400 frames each. Only the editor's own code is
//! timed (its `App::ui`, the preview upload excluded); egui's tessellation
//! and the rasterizer are not.
//!
//! Then the demo project with generation on: the wall time of each whole
//! frame (egui's pass included) while a motion gap is being generated, one
//! frame every 16 ms as a 60 Hz window asks: does the GUI thread keep its
//! frame while the workers use the cores?
//!
//!     cargo bench -p inbetween --bench editor_ui

use std::time::Duration;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use inbetween::editor::{Command, EditorApp};
use inbetween_engine::project::{self, Card, CardContent, CardId, Fit, Project};
use inbetween_engine::time::TimeRange;

const CARDS: u64 = 200;
const FRAMES: usize = 400;

/// 200 title cards of 24 frames with 12-frame gaps between them.
fn big_project(folder: &std::path::Path) {
    let mut p = Project::new("Two hundred cards");
    p.cards = (0..CARDS)
        .map(|i| Card {
            camera_move: None,
            id: CardId(i + 1),
            range_in_timeline: TimeRange::new(i as i64 * 36, 24),
            prompt: format!("Shot {}: something happens here.", i + 1),
            fit: Fit::Fit,
            content: CardContent::Text,
            board: Default::default(),
        })
        .collect();
    if let Err(e) = project::save(&p, folder) {
        eprintln!("cannot write the project: {e}");
        std::process::exit(1);
    }
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<10} median {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms   ({} frames)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
        times.len()
    );
}

fn main() {
    let dir = temp_dir();
    big_project(dir.path());
    let app = EditorApp::open(Some(dir.path()))
        .without_generation()
        .without_sound();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 940.0))
        .build_eframe(|_cc| app);
    h.run_steps(10);
    let sample = |h: &mut Harness<'_, EditorApp>,
                  each: &mut dyn FnMut(&mut Harness<'_, EditorApp>, usize)| {
        (0..FRAMES)
            .map(|i| {
                each(h, i);
                h.step();
                h.state().stats().ui_time
            })
            .collect::<Vec<_>>()
    };
    println!("editor UI build time per frame, {CARDS} cards, 1400x940 window");
    let idle = sample(&mut h, &mut |_, _| {});
    summary("idle", idle);
    // Zoom in so cards are wide enough to grab, then drag one back and forth.
    for _ in 0..6 {
        h.state_mut().execute(Command::ZoomIn);
    }
    h.run_steps(2);
    let card = h.get_by_label("Card 3").rect().center();
    h.hover_at(card);
    h.step();
    h.drag_at(card);
    h.step();
    let dragging = sample(&mut h, &mut |h, i| {
        let dx = ((i % 80) as f32 - 40.0).abs();
        h.hover_at(card + egui::vec2(dx, 0.0));
    });
    h.drop_at(card);
    h.run_steps(2);
    summary("dragging", dragging);
    h.state_mut().execute(Command::TogglePlay);
    let playing = sample(&mut h, &mut |_, _| {
        std::thread::sleep(Duration::from_millis(5))
    });
    summary("playing", playing);
    drop(h);
    generating();
}

/// Frame times while the demo's gaps are generated.
fn generating() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo");
    let dir = temp_dir();
    let copied = std::fs::create_dir_all(dir.path().join("media")).and_then(|()| {
        std::fs::copy(demo.join("project.json"), dir.path().join("project.json"))?;
        for entry in std::fs::read_dir(demo.join("media"))? {
            let entry = entry?;
            std::fs::copy(
                entry.path(),
                dir.path().join("media").join(entry.file_name()),
            )?;
        }
        Ok(())
    });
    if let Err(e) = copied {
        eprintln!("cannot copy the demo: {e}");
        std::process::exit(1);
    }
    // The same project with nothing generating, side by side.
    let quiet = EditorApp::open(Some(dir.path()))
        .without_sound()
        .without_generation();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| quiet);
    h.run_steps(10);
    let (ui, wall) = paced_frames(&mut h);
    println!("demo, 1280x800, nothing generating");
    summary("ui", ui);
    summary("frame", wall);
    drop(h);
    let app = EditorApp::open(Some(dir.path())).without_sound();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| app);
    // Until a gap is being generated (the dissolve before it is quick).
    let started = std::time::Instant::now();
    while h.query_by_label_contains("Generating Gap 2").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            eprintln!("no gap started generating");
            return;
        }
        h.step();
        std::thread::sleep(Duration::from_millis(16));
    }
    let (ui, wall) = paced_frames(&mut h);
    let still = h.query_by_label_contains("Generating").is_some();
    println!(
        "while a gap generates (demo, 1280x800; {} at the end)",
        if still {
            "still generating"
        } else {
            "generation had finished"
        }
    );
    summary("ui", ui);
    summary("frame", wall);
}

/// 200 frames, one every 16 ms as a 60 Hz window asks: the editor's own
/// time and the whole frame's wall time.
fn paced_frames(h: &mut Harness<'_, EditorApp>) -> (Vec<Duration>, Vec<Duration>) {
    let (mut ui, mut wall) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let frame = std::time::Instant::now();
        h.step();
        wall.push(frame.elapsed());
        ui.push(h.state().stats().ui_time);
        std::thread::sleep(Duration::from_millis(16));
    }
    (ui, wall)
}

/// A temporary folder, or the bench stops saying why.
fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| {
        eprintln!("no temporary folder: {e}");
        std::process::exit(1);
    })
}
