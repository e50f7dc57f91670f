//! The mixer's throughput (seconds of film sound mixed per second, 8 lanes
//! of continuous sound) and the time to make the waveform of a 5-minute
//! file (decoding included, then the peaks alone).
//!
//!     cargo bench -p inbetween-engine --bench audio

use std::path::PathBuf;
use std::time::Instant;

use inbetween_engine::audio::{Mixer, SoundBank, Waveform};
use inbetween_engine::media::decode_audio;
use inbetween_engine::project::{
    AudioClip, AudioClipId, AudioLane, LaneId, LaneKind, MediaRef, Project,
};
use inbetween_engine::time::TimeRange;

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("{what}: {e}");
    std::process::exit(1);
}

fn main() {
    // 8 lanes, each one 60 s clip of noise-like sound with fades.
    let seconds = 60i64;
    let mut project = Project::new("mixer bench");
    let mut bank = SoundBank::default();
    let folder = PathBuf::from("/bench");
    let mut state = 1u64;
    for lane in 0..8u64 {
        let samples: Vec<f32> = (0..seconds as usize * 48_000 * 2)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.2
            })
            .collect();
        let name = format!("lane{lane}.wav");
        bank.insert(folder.join("media").join(&name), samples);
        project.audio_lanes.push(AudioLane {
            id: LaneId(lane + 1),
            name: format!("Lane {lane}"),
            kind: LaneKind::Music,
            gain_db: -3.0,
            muted: false,
            solo: false,
            clips: vec![AudioClip {
                id: AudioClipId(lane + 1),
                media: MediaRef::new(format!("media/{name}")),
                range_in_timeline: TimeRange::new(0, seconds * 24),
                source_start_frame: 0,
                gain_db: 0.0,
                fade_in_frames: 24,
                fade_out_frames: 24,
            }],
        });
    }
    let mixer = Mixer::for_project(&project, &folder, &mut bank);
    for run in 1..=3 {
        let started = Instant::now();
        let out = mixer.render(&project, TimeRange::new(0, seconds * 24));
        let took = started.elapsed().as_secs_f64();
        println!(
            "mixer, 8 lanes, run {run}: {seconds} s of sound in {:.3} s = {:.0} s of sound a second ({} samples)",
            took,
            seconds as f64 / took,
            out.len()
        );
    }

    let dir = tempfile::tempdir().unwrap_or_else(|e| fail("no temporary folder", e));
    let file = dir.path().join("five-minutes.mp3");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i"])
        .arg("sine=frequency=220:sample_rate=44100:duration=300")
        .args(["-ac", "2", "-b:a", "192k"])
        .arg(&file)
        .status()
        .unwrap_or_else(|e| fail("cannot run ffmpeg", e));
    if !status.success() {
        fail("ffmpeg", "could not make the 5-minute file");
    }
    let started = Instant::now();
    let samples = decode_audio(&file).unwrap_or_else(|e| fail("cannot decode", e));
    let decoded = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let waveform = Waveform::of(&samples, 256);
    let peaks = started.elapsed().as_secs_f64();
    println!(
        "waveform of a 5-minute MP3 (192 kb/s stereo): decode {decoded:.2} s + peaks {:.1} ms = {:.2} s ({} peaks)",
        peaks * 1e3,
        decoded + peaks,
        waveform.peaks.len()
    );
}
