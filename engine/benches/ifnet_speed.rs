//! Time per 720p frame of the IFNet gap model on this machine: RIFE 4.0–4.3
//! at the tests' reduced width, a quarter of its width and its full width,
//! and Practical-RIFE 4.25/4.26 at scale 1 and 0.5, with seeded random
//! weights (the time does not depend on the values; the project ships no
//! trained weights), then the installed trained weights when there are
//! some (scripts/install-weights).
//!
//!     cargo bench -p inbetween-engine --bench ifnet_speed [-- FRAMES]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use inbetween_engine::r#gen::ifnet::{Generation, IfNetModel, NetLayout, Weights, random_weights};
use inbetween_engine::r#gen::installed::installed_ifnet_weights;
use inbetween_engine::r#gen::{GapInputs, GapModel};
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::{GapMode, GapSettings};

/// The peak resident memory of this process so far (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let frames: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = support::demo_frames_720p(dir.path());
    let (before, after) = (load_image(&a).unwrap(), load_image(&b).unwrap());
    let settings = GapSettings {
        mode: GapMode::Motion,
        ..GapSettings::default()
    };
    let inputs = GapInputs::frames(&before, &after, &settings);
    let rife4 = |widths: Vec<usize>| NetLayout {
        widths,
        prelu: true,
        generation: Generation::Rife4,
    };
    let mut runs: Vec<(String, IfNetModel)> = Vec::new();
    for (name, layout, scale) in [
        ("4.0 tests' width", rife4(vec![16, 12, 8, 8]), 1.0),
        ("4.0 quarter width", rife4(vec![48, 32, 24, 16]), 1.0),
        ("4.0 full width", rife4(vec![192, 128, 96, 64]), 1.0),
        ("4.25 layout, scale 1", NetLayout::rife425(), 1.0),
        ("4.25 layout, scale 0.5", NetLayout::rife425(), 0.5),
    ] {
        let path = dir.path().join(format!("{}.safetensors", runs.len()));
        Weights::save(&random_weights(&layout, 1).unwrap(), &path).unwrap();
        let model = IfNetModel::load(&path).unwrap().with_scale(scale);
        runs.push((format!("{name}, random weights"), model));
    }
    if let Some(path) = installed_ifnet_weights() {
        let model = IfNetModel::load(&path).unwrap();
        runs.push(("trained 4.25, scale 1".into(), model.clone()));
        runs.push(("trained 4.25, scale 0.5".into(), model.with_scale(0.5)));
    }
    for (name, model) in runs {
        let gap = model.prepare(&inputs, &NoProgress).unwrap();
        // One frame first: candle's first convolutions allocate.
        gap.try_frame_at(0.5).unwrap();
        let started = Instant::now();
        for i in 0..frames {
            let frame = gap
                .try_frame_at((i + 1) as f64 / (frames + 1) as f64)
                .unwrap();
            assert_eq!(frame.dimensions(), (1280, 720));
        }
        let each = started.elapsed().as_secs_f64() / frames as f64;
        let layout = model.layout();
        println!(
            "| {name} {:?} ({:.2}M weights) | {:.0} ms a 1280x720 frame | peak memory so far {:.0} MiB |",
            layout.widths,
            layout.parameters() as f64 / 1e6,
            each * 1000.0,
            peak_mib().unwrap_or(f64::NAN)
        );
    }
}
