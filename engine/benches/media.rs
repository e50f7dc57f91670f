//! Media and export throughput, as BENCHMARKS.md reports it.
//!
//!     cargo bench -p inbetween-engine --bench media
//!
//! Makes its own media with the ffmpeg CLI in a temporary folder, then
//! measures: sequential H.264 decode at 720p and 1080p, random frame-exact
//! seeks, and exporting a 30 s 720p film of image and clip cards next to the
//! ffmpeg CLI encoding the same raw frames with the same settings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

// The tests' ffmpeg helper, shared rather than copied.
#[path = "../tests/support/mod.rs"]
mod support;
use support::ffmpeg;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use inbetween_engine::export::{self, ExportFormat, ExportRequest};
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::{VideoCodecSettings, VideoReader};
use inbetween_engine::project::{Card, CardContent, CardId, Fit, MediaRef, Project};
use inbetween_engine::render::Compositor;
use inbetween_engine::time::{FrameRate, TimeRange};

fn clip(dir: &Path, name: &str, size: &str, seconds: u32) -> std::path::PathBuf {
    let path = dir.join(name);
    let video = format!("testsrc2=size={size}:rate=24:duration={seconds}");
    let audio = format!("sine=frequency=330:sample_rate=48000:duration={seconds}");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &video,
        "-f",
        "lavfi",
        "-i",
        &audio,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-g",
        "48",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        path.to_str().unwrap(),
    ]);
    path
}

fn decode(path: &Path, label: &str) {
    let mut reader = VideoReader::open(path).unwrap();
    let (w, h) = reader.info().display_size();
    let count = reader.info().frame_count;
    let started = Instant::now();
    for n in 0..count {
        reader.frame_at(n, w, h).unwrap();
    }
    let fps = count as f64 / started.elapsed().as_secs_f64();
    // Random frame-exact seeks (a fixed LCG, so every run asks the same frames).
    let mut state = 0x2545_f491_u64;
    let mut latencies = Vec::new();
    for _ in 0..40 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let target = ((state >> 33) % count as u64) as i64;
        let mut fresh = VideoReader::open(path).unwrap();
        fresh.frame_at(0, w, h).unwrap();
        let t = Instant::now();
        fresh.frame_at(target, w, h).unwrap();
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "| decode {label} H.264 (GOP 48) to RGBA | {fps:.0} frames/s | seek median {:.1} ms, p90 {:.1} ms, max {:.1} ms |",
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 9 / 10],
        latencies[latencies.len() - 1]
    );
}

fn film_project(dir: &Path) -> Project {
    let media = dir.join("media");
    std::fs::create_dir_all(&media).unwrap();
    let source = clip(&media, "clip.mp4", "1280x720", 6);
    drop(source);
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1600x1200",
        "-frames:v",
        "1",
        media.join("still.jpg").to_str().unwrap(),
    ]);
    let mut p = Project::new("Benchmark film");
    p.settings.frame_rate = FrameRate::FPS_24;
    // Six 5 s cards, image and clip in turn: 720 frames, 30 s.
    p.cards = (0..6)
        .map(|i| Card {
            camera_move: None,
            id: CardId(i + 1),
            range_in_timeline: TimeRange::new(i as i64 * 120, 120),
            prompt: String::new(),
            fit: Fit::Fill,
            content: if i % 2 == 0 {
                CardContent::Image {
                    media: MediaRef::new("media/still.jpg"),
                }
            } else {
                CardContent::Clip {
                    media: MediaRef::new("media/clip.mp4"),
                    source_start_frame: 0,
                    gain_db: 0.0,
                    muted: false,
                }
            },
            board: Default::default(),
        })
        .collect();
    p
}

fn export_against_ffmpeg(dir: &Path) {
    let p = film_project(dir);
    let compositor = Compositor::new(dir).unwrap();
    let settings = VideoCodecSettings::default();
    let request = ExportRequest {
        output: dir.join("ours.mp4"),
        format: ExportFormat::Mp4,
        width: 1280,
        height: 720,
        frames: None,
        codec: settings.clone(),
    };
    let started = Instant::now();
    let report = export::export(&p, &compositor, &request, &NoProgress).unwrap();
    let ours = report.frames as f64 / started.elapsed().as_secs_f64();

    // The same frames and sound, raw, for the ffmpeg CLI (written before timing).
    let raw = dir.join("frames.rgba");
    let mut out = BufWriter::new(File::create(&raw).unwrap());
    for frame in 0..report.frames {
        out.write_all(compositor.render(&p, frame, 1280, 720).unwrap().as_raw())
            .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let wav = dir.join("sound.wav");
    ffmpeg(&[
        "-i",
        dir.join("ours.mp4").to_str().unwrap(),
        "-vn",
        "-c:a",
        "pcm_f32le",
        wav.to_str().unwrap(),
    ]);
    let crf = settings.crf.to_string();
    let started = Instant::now();
    ffmpeg(&[
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
        "-s",
        "1280x720",
        "-r",
        "24",
        "-i",
        raw.to_str().unwrap(),
        "-i",
        wav.to_str().unwrap(),
        "-vf",
        "scale=out_color_matrix=bt709:out_range=tv",
        "-c:v",
        "libx264",
        "-preset",
        &settings.preset,
        "-crf",
        &crf,
        "-pix_fmt",
        "yuv420p",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-c:a",
        "aac",
        "-b:a",
        "192k",
        "-movflags",
        "+faststart",
        dir.join("ffmpeg.mp4").to_str().unwrap(),
    ]);
    let theirs = report.frames as f64 / started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&raw);
    println!(
        "| export 30 s 720p film (image + clip cards), x264 {} crf {} + AAC | ours {ours:.1} frames/s | ffmpeg CLI on the same raw frames {theirs:.1} frames/s; ratio {:.2} |",
        settings.preset,
        settings.crf,
        ours / theirs
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    println!("| what | throughput | notes |\n|---|---|---|");
    decode(&clip(dir.path(), "720.mp4", "1280x720", 10), "720p");
    decode(&clip(dir.path(), "1080.mp4", "1920x1080", 10), "1080p");
    export_against_ffmpeg(dir.path());
}
