//! Filling a 48-frame gap between two real 720p frames: our motion model
//! against ffmpeg's `minterpolate` on the same frames, in one run.
//!
//!     cargo bench -p inbetween-engine --bench gap_speed -- A.png B.png
//!
//! Without arguments it uses two frames of the demo clip half a second apart
//! (decoded and scaled to 1280x720 here).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

// The tests' ffmpeg helper, shared rather than copied.
#[path = "../tests/support/mod.rs"]
mod support;
use support::ffmpeg;

use std::time::Instant;

use inbetween_engine::r#gen::GapInputs;
use inbetween_engine::r#gen::GapModel;
use inbetween_engine::r#gen::motion::MotionModel;
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::GapSettings;

const FRAMES: usize = 48;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (a, b) = if args.len() >= 2 {
        (args[0].clone().into(), args[1].clone().into())
    } else {
        support::demo_frames_720p(dir.path())
    };
    let (before, after): (image::RgbaImage, image::RgbaImage) =
        (load_image(&a).unwrap(), load_image(&b).unwrap());
    let settings = GapSettings::default();
    let inputs = GapInputs {
        length_frames: FRAMES as i64,
        ..GapInputs::frames(&before, &after, &settings)
    };

    let started = Instant::now();
    let gap = MotionModel::default()
        .prepare(&inputs, &NoProgress)
        .unwrap();
    let estimate = started.elapsed().as_secs_f64();
    let synth_started = Instant::now();
    for i in 0..FRAMES {
        let frame = gap.frame_at((i + 1) as f64 / (FRAMES + 1) as f64);
        assert_eq!(frame.dimensions(), before.dimensions());
    }
    let synthesis = synth_started.elapsed().as_secs_f64();
    let ours = estimate + synthesis;

    // minterpolate: the two frames as a 1 fps image sequence resampled to
    // 49 fps gives frame 0 then the 48 frames strictly between. It emits
    // nothing for the last pair of a stream, so the second frame is repeated.
    for (i, source) in [&a, &b, &b].iter().enumerate() {
        std::fs::copy(source, dir.path().join(format!("f{}.png", i + 1))).unwrap();
    }
    let pattern = dir.path().join("f%d.png");
    // Its frames go to a per-frame checksum, not to PNG files: we time its
    // interpolation, as ours is timed without writing anything.
    let checksums = dir.path().join("frames.crc");
    let started = Instant::now();
    ffmpeg(&[
        "-framerate",
        "1",
        "-i",
        pattern.to_str().unwrap(),
        "-vf",
        "minterpolate=fps=49:mi_mode=mci:me_mode=bidir:scd=none",
        "-frames:v",
        "49",
        "-f",
        "framecrc",
        checksums.to_str().unwrap(),
    ]);
    let theirs = started.elapsed().as_secs_f64();
    let made = std::fs::read_to_string(&checksums)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count();
    assert_eq!(made, 49, "minterpolate made all 49 frames");
    let (w, h) = before.dimensions();
    println!(
        "| 48-frame gap at {w}x{h} | ours {:.2} frames/s ({ours:.1} s: motion {estimate:.1} s, synthesis {synthesis:.1} s = {:.0} ms a frame) | minterpolate {:.2} frames/s ({theirs:.1} s) | speed-up {:.2}x |",
        FRAMES as f64 / ours,
        synthesis * 1000.0 / FRAMES as f64,
        FRAMES as f64 / theirs,
        theirs / ours
    );
}
