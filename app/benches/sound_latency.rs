//! Play-to-sound latency and the sound clock against the wall clock, on the
//! default sound device. Run it through `scripts/bench-sound-latency`, which
//! gives a machine without a sound card a PulseAudio null sink that plays in
//! real time.
//!
//! - Play to sound: from `play_from` to the first block of the mix handed to
//!   the device (the device's own buffer comes on top; its size is printed).
//! - A/V offset: after 10 s of playing, the sound clock the picture follows
//!   against the wall clock since Play.

use std::sync::Arc;
use std::time::{Duration, Instant};

use inbetween::editor::sound::SoundOutput;
use inbetween_engine::audio::{Mixer, Voice};

fn main() {
    let output = SoundOutput::open();
    if let Some(reason) = &output.unavailable {
        eprintln!("{reason}");
        std::process::exit(1);
    }
    println!(
        "device buffer: {}",
        output.device_buffer().unwrap_or_default()
    );
    output.set_mixer(Arc::new(Mixer::from_voices(vec![Voice {
        source: Arc::from(vec![0.25f32; 48_000 * 2 * 30]),
        start: 0,
        end: 48_000 * 30,
        offset: 0,
        gain: 1.0,
        fade_in: (0, 1),
        fade_out: (48_000 * 30, 48_000 * 30 + 1),
    }])));
    // As a user would: Play some seconds after the editor opened.
    std::thread::sleep(Duration::from_secs(3));
    let mut latencies = Vec::new();
    for _ in 0..10 {
        let pressed = Instant::now();
        output.play_from(0);
        while output.samples_played() == 0 {
            std::thread::sleep(Duration::from_micros(200));
        }
        latencies.push(pressed.elapsed());
        std::thread::sleep(Duration::from_millis(300));
        output.stop();
        std::thread::sleep(Duration::from_millis(200));
    }
    let each: Vec<String> = latencies
        .iter()
        .map(|d| format!("{:.1}", d.as_secs_f64() * 1e3))
        .collect();
    println!("each play, in order (ms): {}", each.join(", "));
    latencies.sort();
    println!(
        "play to the first block handed to the device: median {:.1} ms, max {:.1} ms (10 plays)",
        latencies[5].as_secs_f64() * 1e3,
        latencies[9].as_secs_f64() * 1e3
    );
    let pressed = Instant::now();
    output.play_from(0);
    std::thread::sleep(Duration::from_secs(10));
    let wall = pressed.elapsed();
    let sound = output.clock().unwrap_or_default();
    println!(
        "after {:.2} s of wall clock the sound clock says {:.3} s: the picture runs {:+.1} ms from the wall clock",
        wall.as_secs_f64(),
        sound.as_secs_f64(),
        (sound.as_secs_f64() - wall.as_secs_f64()) * 1e3
    );
    output.stop();
}
