//! The preview's frame pipeline on the demo film at 1280x720, its gaps
//! generated first (as the editor does in the background):
//!
//! 1. throughput: frames the render-ahead workers deliver per second when
//!    the playhead moves on as soon as its frame is ready;
//! 2. playback: the editor itself (kittest, wgpu on the software adapter, so
//!    each new frame goes through `queue.write_texture`) playing in a loop
//!    for 30 s at the project's rate, drawing at up to 60 Hz: frames shown,
//!    frames dropped, and the upload time.
//!
//!     cargo bench -p inbetween --bench playback

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use inbetween::commands::render::compositor_for;
use inbetween::editor::frames::FrameSource;
use inbetween::editor::{Command, EditorApp};
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{Registry, fill_gap};
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::project;
use inbetween_engine::timeline::Layout;

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("{what}: {e}");
    std::process::exit(1);
}

fn copy_demo(to: &std::path::Path) {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo");
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::copy(from, to).unwrap_or_else(|e| fail("cannot copy the demo", e));
    };
    std::fs::create_dir_all(to.join("media")).unwrap_or_else(|e| fail("no media folder", e));
    copy(&demo.join("project.json"), &to.join("project.json"));
    let entries =
        std::fs::read_dir(demo.join("media")).unwrap_or_else(|e| fail("no demo media", e));
    for entry in entries.flatten() {
        copy(&entry.path(), &to.join("media").join(entry.file_name()));
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail("no temporary folder", e));
    copy_demo(dir.path());
    let loaded = project::load(dir.path()).unwrap_or_else(|e| fail("cannot open the demo", e));
    let compositor = Arc::new(
        compositor_for(dir.path(), Arc::new(Registry::default()), None)
            .unwrap_or_else(|e| fail("no compositor", e)),
    );
    let cache = GapCache::for_project(dir.path());
    let started = Instant::now();
    for gap in Layout::of(&loaded.project).gaps() {
        fill_gap(
            &loaded.project,
            &compositor,
            gap,
            &cache,
            &Registry::default(),
            &NoProgress,
        )
        .unwrap_or_else(|e| fail("cannot generate a gap", e));
    }
    println!(
        "generated the demo's gaps in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let project = Arc::new(loaded.project.clone());
    let film = project.duration_frames();
    let rate = project.settings.frame_rate.as_f64();
    let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() - 1).clamp(1, 4));
    let source = FrameSource::new(
        Arc::clone(&compositor),
        Arc::clone(&project),
        threads,
        Arc::new(|| {}),
    );
    let started = Instant::now();
    for frame in 0..film {
        source.want(frame, 1, None);
        while source.get(frame).is_none() {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "throughput: {film} frames in {took:.2} s = {:.1} frames/s with {threads} render-ahead worker(s), {:.2}x the project's {rate} fps",
        film as f64 / took,
        film as f64 / took / rate
    );
    drop(source);

    let app = EditorApp::open(Some(dir.path()))
        .without_generation()
        .without_sound();
    // A render state of our own, to submit the queue after each frame as
    // eframe does (without a submit the uploads would pile up unflushed).
    let render_state = egui_kittest::wgpu::create_render_state(
        egui_kittest::wgpu::default_wgpu_setup(),
        eframe::egui_wgpu::RendererOptions::PREDICTABLE,
    );
    let queue = render_state.queue.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 700.0))
        .renderer(egui_kittest::wgpu::WgpuTestRenderer::from_render_state(
            render_state,
        ))
        .build_eframe(|_cc| app);
    h.run_steps(5);
    h.state_mut().execute(Command::ToggleLoop);
    h.state_mut().execute(Command::TogglePlay);
    let seconds = 30.0;
    let started = Instant::now();
    let mut uploads = Vec::new();
    while started.elapsed().as_secs_f64() < seconds {
        let frame_started = Instant::now();
        h.step();
        queue.submit([]);
        let upload = h.state().stats().upload_time;
        if upload > Duration::ZERO {
            uploads.push(upload);
        }
        let spent = frame_started.elapsed();
        std::thread::sleep(Duration::from_secs_f64(1.0 / 60.0).saturating_sub(spent));
    }
    let stats = h.state().stats();
    let mean_upload = uploads.iter().sum::<Duration>().as_secs_f64() / uploads.len().max(1) as f64;
    println!(
        "playback for {seconds} s at {rate} fps: {} frames shown ({:.1} frames/s), {} dropped; upload {:.2} ms a frame (mean of {})",
        stats.frames_played,
        stats.frames_played as f64 / seconds,
        h.state().dropped_frames(),
        mean_upload * 1e3,
        uploads.len()
    );
}
