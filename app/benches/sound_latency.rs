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
    if std::env::var_os("INBETWEEN_MONITOR").is_some() {
        at_the_ear(&output);
    }
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

/// Clicks every half second, recorded back from the sink's monitor (`parec`,
/// its output timestamped as it arrives): when each click is heard against
/// when the picture, following the sound clock, reaches its time.
fn at_the_ear(output: &SoundOutput) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut samples = vec![0f32; 48_000 * 2 * 8];
    for k in 1..14 {
        let at = k * 24_000;
        for i in 0..48 {
            samples[2 * (at + i)] = 0.8;
            samples[2 * (at + i) + 1] = 0.8;
        }
    }
    output.set_mixer(Arc::new(Mixer::from_voices(vec![Voice {
        source: Arc::from(samples),
        start: 0,
        end: 48_000 * 8,
        offset: 0,
        gain: 1.0,
        fade_in: (0, 1),
        fade_out: (48_000 * 8, 48_000 * 8 + 1),
    }])));
    let child = Command::new("parec")
        .args([
            "-d",
            "nullsink.monitor",
            "--format=float32le",
            "--rate=48000",
            "--channels=2",
        ])
        .args(["--latency-msec=2", "--raw"])
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("no parec: the at-the-ear measurement needs pulseaudio-utils");
        return;
    };
    let Some(mut stdout) = child.stdout.take() else {
        return;
    };
    let reader = std::thread::Builder::new()
        .name("parec reader".into())
        .spawn(move || {
            // (arrival, samples so far, the chunk's left channel)
            let mut chunks = Vec::new();
            let mut buffer = [0u8; 768];
            let mut total = 0usize;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(9) {
                let Ok(n) = stdout.read(&mut buffer) else {
                    break;
                };
                if n == 0 {
                    break;
                }
                let floats: Vec<f32> = buffer[..n - n % 8]
                    .chunks_exact(8)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect();
                total += floats.len();
                chunks.push((Instant::now(), total, floats));
            }
            chunks
        });
    std::thread::sleep(Duration::from_millis(500));
    output.play_from(0);
    // The picture's clock, read every millisecond.
    let mut clock = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(7) {
        if let Some(c) = output.clock() {
            clock.push((Instant::now(), c.as_secs_f64()));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    output.stop();
    let Ok(reader) = reader else {
        eprintln!("cannot start the thread reading parec");
        return;
    };
    let chunks = reader.join().unwrap_or_default();
    let _ = child.kill();
    // When each click was heard: its sample in the recording, timed by the
    // arrival of the chunk that held it.
    let mut heard = Vec::new();
    let mut previous_loud = false;
    for (arrival, total, floats) in &chunks {
        let first = total - floats.len();
        for (i, s) in floats.iter().enumerate() {
            let loud = s.abs() > 0.4;
            if loud && !previous_loud {
                let behind = (total - (first + i)) as f64 / 48_000.0;
                heard.push(*arrival - Duration::from_secs_f64(behind));
            }
            previous_loud = loud;
        }
    }
    // When the picture reached each click's time.
    let picture_at = |film: f64| clock.iter().find(|(_, c)| *c >= film).map(|(t, _)| *t);
    let mut offsets = Vec::new();
    for (k, heard_at) in (1..14).zip(&heard) {
        if let Some(shown) = picture_at(k as f64 * 0.5) {
            let offset = heard_at.duration_since(shown).as_secs_f64()
                - shown.duration_since(*heard_at).as_secs_f64();
            offsets.push(offset * 1e3);
        }
    }
    let text: Vec<String> = offsets.iter().map(|o| format!("{o:+.1}")).collect();
    println!(
        "at the ear (the sink's monitor): {} clicks heard; sound after picture by (ms): {}",
        heard.len(),
        text.join(", ")
    );
}
