//! Files that are legal but hostile, and projects at the edges of what
//! `check` accepts: each gives a clear error naming the file or works, and
//! no command aborts, panics or runs out of memory. Every file is made here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::inbetween;
use serde_json::{Value, json};

/// A project of one card (`card` is its JSON) at 1280x720, 24 fps, with
/// `settings` merged over the defaults.
fn project(dir: &Path, settings: Value, cards: Vec<Value>) {
    let mut s = json!({
        "name": "hostile", "frame_rate": "24",
        "resolution": { "width": 1280, "height": 720 }, "aspect": "16:9"
    });
    if let (Some(base), Value::Object(extra)) = (s.as_object_mut(), settings) {
        base.extend(extra);
    }
    let doc = json!({
        "schema_version": 3, "settings": s, "cards": cards,
        "gaps": [], "audio_lanes": [], "markers": []
    });
    fs::create_dir_all(dir.join("media")).unwrap();
    fs::write(
        dir.join("project.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
}

fn image_card(start: i64, duration: i64, media: &str, fit: &str) -> Value {
    json!({
        "id": 1, "range_in_timeline": { "start_frame": start, "duration_frames": duration },
        "prompt": "hostile", "fit": fit, "content": { "kind": "image", "media": media }
    })
}

fn text_card(start: i64, duration: i64, prompt: &str) -> Value {
    json!({
        "id": 1, "range_in_timeline": { "start_frame": start, "duration_frames": duration },
        "prompt": prompt, "content": { "kind": "text" }
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// It ran to an answer: success, or the usual error status with a message
/// (never a signal, a panic's 101 or an abort).
fn answered(out: &Output) -> bool {
    matches!(out.status.code(), Some(0) | Some(1)) && !stderr(out).contains("panicked")
}

fn frame(dir: &Path, at: &str) -> Output {
    let png = dir.join("frame.png");
    inbetween(&[
        "frame",
        dir.to_str().unwrap(),
        "--at",
        at,
        "-o",
        png.to_str().unwrap(),
    ])
}

fn check(dir: &Path) -> Output {
    inbetween(&["check", dir.to_str().unwrap()])
}

/// A PNG file's signature and IHDR declaring `width`×`height` (RGB, 8 bit),
/// then a valid empty IDAT and IEND: no pixels behind the header.
fn png_header_only(path: &Path, width: u32, height: u32) {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc_input);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    fs::write(path, out).unwrap();
}

#[test]
fn a_picture_declaring_more_than_the_budget_is_refused_before_it_is_decoded() {
    for (name, width, height, kind) in [
        ("tall.png", 1, 65_535, "image"),
        ("wide.png", 65_535, 1, "image"),
        ("huge.png", 20_000, 20_000, "image"),
        // A still used as a clip card goes through FFmpeg: refused the same.
        ("tall.png", 1, 65_535, "clip"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut card = image_card(0, 24, &format!("media/{name}"), "fill");
        if kind == "clip" {
            card["content"] = json!({ "kind": "clip", "media": format!("media/{name}") });
        }
        project(dir.path(), json!({}), vec![card]);
        png_header_only(&dir.path().join("media").join(name), width, height);
        let out = frame(dir.path(), "0");
        let err = stderr(&out);
        assert!(answered(&out), "{name}: {err}");
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            err.contains(&format!("{width}x{height}"))
                && err.contains("16384")
                && err.contains(name),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_jpeg_whose_header_declares_65000_squared_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        json!({}),
        vec![image_card(0, 24, "media/big.jpg", "fit")],
    );
    // A real small JPEG, its frame header (SOF0) changed to 65000×65000.
    let small = dir.path().join("small.jpg");
    image::RgbImage::from_pixel(16, 16, image::Rgb([90, 120, 200]))
        .save(&small)
        .unwrap();
    let mut bytes = fs::read(&small).unwrap();
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG has SOF0");
    // FF C0, length (2), precision (1), height (2), width (2).
    bytes[sof + 5..sof + 7].copy_from_slice(&65_000u16.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&65_000u16.to_be_bytes());
    fs::write(dir.path().join("media/big.jpg"), bytes).unwrap();
    let out = frame(dir.path(), "0");
    let err = stderr(&out);
    assert!(answered(&out), "{err}");
    assert!(
        err.contains("65000x65000") && err.contains("big.jpg"),
        "{err}"
    );
}

#[test]
fn a_picture_of_an_extreme_shape_within_the_budget_fills_the_frame_cheaply() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        json!({}),
        vec![image_card(0, 24, "media/strip.png", "fill")],
    );
    // 2 px wide, 16384 tall: filling 1280x720 it would be 10 million pixels
    // tall if scaled whole.
    image::RgbImage::from_fn(2, 16_384, |_, y| image::Rgb([(y % 256) as u8, 40, 90]))
        .save(dir.path().join("media/strip.png"))
        .unwrap();
    let out = frame(dir.path(), "0");
    assert!(out.status.success(), "{}", stderr(&out));
    let (w, h) = image::image_dimensions(dir.path().join("frame.png")).unwrap();
    assert_eq!((w, h), (1280, 720));
    // Fitted instead: a sliver in the middle, the rest black.
    project(
        dir.path(),
        json!({}),
        vec![image_card(0, 24, "media/strip.png", "fit")],
    );
    let out = frame(dir.path(), "0");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_huge_text_is_refused_quoting_a_little_and_a_long_one_renders() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "word ".repeat(2_000_000);
    project(dir.path(), json!({}), vec![text_card(0, 24, &huge)]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("more than 100000"), "{err}");
    assert!(
        err.len() < 2_000,
        "the message quotes a little: {} bytes",
        err.len()
    );
    let out = frame(dir.path(), "0");
    assert!(answered(&out) && stderr(&out).len() < 2_000);
    // Within the limit, a title shows what fits and renders.
    let long = "word ".repeat(19_000);
    project(dir.path(), json!({}), vec![text_card(0, 24, &long)]);
    let out = frame(dir.path(), "0");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn projects_at_the_edges_of_the_rules_are_refused_by_check_and_every_command() {
    let cases: Vec<(&str, Value, Vec<Value>, &str)> = vec![
        (
            "1x1",
            json!({ "resolution": { "width": 1, "height": 1 } }),
            vec![text_card(0, 24, "a")],
            "16 to 8192",
        ),
        (
            "2x1 scope",
            json!({ "resolution": { "width": 2, "height": 1 }, "aspect": "2.39:1" }),
            vec![text_card(0, 24, "a")],
            "out of range",
        ),
        (
            "10^12 frames",
            json!({}),
            vec![text_card(0, 1_000_000_000_000, "a")],
            "24 hours",
        ),
        (
            "a slow rate",
            json!({ "frame_rate": "1/4294967295" }),
            vec![text_card(0, 24, "a")],
            "outside 1 to 240 fps",
        ),
        (
            "below 1 fps",
            json!({ "frame_rate": "1/2" }),
            vec![text_card(0, 24, "a")],
            "outside 1 to 240 fps",
        ),
        (
            "near i64::MAX",
            json!({}),
            vec![text_card(i64::MAX - 10, 24, "a")],
            "24 hours",
        ),
        (
            "a wide aspect",
            json!({ "aspect": "99999999.99:1" }),
            vec![text_card(0, 24, "a")],
            "aspect ratio",
        ),
        (
            "up and out",
            json!({}),
            vec![image_card(0, 24, "media/../../etc/passwd", "fit")],
            "(`..`)",
        ),
    ];
    for (name, settings, cards, says) in cases {
        let dir = tempfile::tempdir().unwrap();
        project(dir.path(), settings, cards);
        let out = check(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains(says) && err.contains("project.json"),
            "{name}: {err}"
        );
        for run in [
            frame(dir.path(), "0"),
            inbetween(&[
                "render",
                dir.path().to_str().unwrap(),
                "-o",
                dir.path().join("f.mp4").to_str().unwrap(),
            ]),
            inbetween(&["fill", dir.path().to_str().unwrap()]),
        ] {
            assert!(answered(&run), "{name}: {}", stderr(&run));
            assert_eq!(run.status.code(), Some(1), "{name}");
        }
    }
}

#[test]
fn a_card_a_million_frames_in_renders_its_part_and_its_sound_in_blocks() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        json!({}),
        vec![text_card(1_000_000, 24, "late")],
    );
    let out = check(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let mp4 = dir.path().join("late.mp4");
    let out = inbetween(&[
        "render",
        dir.path().to_str().unwrap(),
        "--frames",
        "999990..1000024",
        "-o",
        mp4.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The whole film as a WAV is more than a WAV holds: said at once.
    let wav = dir.path().join("late.wav");
    let out = inbetween(&[
        "render",
        dir.path().to_str().unwrap(),
        "-o",
        wav.to_str().unwrap(),
    ]);
    assert!(answered(&out), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("too long for a WAV file"),
        "{}",
        stderr(&out)
    );
    assert!(!wav.exists());
}

#[test]
fn a_project_playing_more_sound_than_the_budget_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // 46 minutes of near-silence: a small file that decodes to 1 GB.
    let long = dir.path().join("media").join("long.flac");
    fs::create_dir_all(long.parent().unwrap()).unwrap();
    let made = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("anullsrc=r=8000:cl=mono:d=2760")
        .arg(&long)
        .status()
        .unwrap();
    assert!(made.success());
    project(dir.path(), json!({}), vec![text_card(0, 48, "talk")]);
    let doc_path = dir.path().join("project.json");
    let mut doc: Value = serde_json::from_str(&fs::read_to_string(&doc_path).unwrap()).unwrap();
    let clip = |id: i64, frames: i64| {
        json!({
            "id": id, "media": "media/long.flac",
            "range_in_timeline": { "start_frame": 0, "duration_frames": frames },
            "source_start_frame": 0, "gain_db": 0.0, "fade_in_frames": 0, "fade_out_frames": 0
        })
    };
    // 46 minutes of it, at 24 fps.
    doc["audio_lanes"] = json!([{
        "id": 1, "name": "Talk", "kind": "voice", "gain_db": 0.0,
        "muted": false, "solo": false, "clips": [clip(1, 46 * 60 * 24)]
    }]);
    fs::write(&doc_path, doc.to_string()).unwrap();
    let wav = dir.path().join("film.wav");
    let render = |out: &Path| {
        inbetween(&[
            "render",
            dir.path().to_str().unwrap(),
            "--frames",
            "0..48",
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let out = render(&wav);
    assert!(answered(&out), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("long.flac") && said.contains("2700 s"),
        "{said}"
    );
    assert!(!wav.exists());
    // Its first two seconds are within the budget, and play.
    doc["audio_lanes"][0]["clips"] = json!([clip(1, 48)]);
    fs::write(&doc_path, doc.to_string()).unwrap();
    let out = render(&wav);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(wav.exists());
}

#[test]
fn a_project_file_past_its_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), json!({}), vec![text_card(0, 24, "fine")]);
    // 300 MB (sparse: no disk is used), a valid project followed by spaces.
    let file = fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("project.json"))
        .unwrap();
    file.set_len(300 << 20).unwrap();
    let out = check(dir.path());
    assert!(answered(&out), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("314572800 bytes") && said.contains("project.json"),
        "{said}"
    );
}

/// The first entry of `folder` whose name starts with `prefix`.
fn find(folder: &Path, prefix: &str) -> Option<std::path::PathBuf> {
    fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
}

#[cfg(target_os = "linux")]
#[test]
fn what_a_kill_9_leaves_behind_is_cleared_by_the_next_run_and_only_that() {
    let dir = common::demo_copy();
    let out = tempfile::tempdir().unwrap();
    let film = out.path().join("film.mp4");
    // An export killed while it writes its partial film.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args([
            "render",
            dir.path().to_str().unwrap(),
            "-o",
            film.to_str().unwrap(),
        ])
        .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let partial_name = format!(".film.mp4.partial-{pid}");
    let started = std::time::Instant::now();
    while !out.path().join(&partial_name).exists() {
        assert!(
            started.elapsed().as_secs() < 120,
            "the export never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        out.path().join(&partial_name).exists(),
        "the kill left its litter"
    );
    assert!(!film.exists());
    // What a killed save and a killed fill leave, by the same dead writer,
    // and one of a writer still running (this test), which must stay.
    let tmp = dir.path().join(format!("project.json.tmp-{pid}"));
    fs::write(&tmp, "{ half a proj").unwrap();
    let gaps = dir.path().join(".cache/gaps");
    let filing = gaps.join(format!(".0123abcd.partial-{pid}"));
    fs::create_dir_all(&filing).unwrap();
    fs::write(filing.join("000000.png"), "x").unwrap();
    // A cache may be shared by machines: a dead writer's entry goes once it
    // has been left untouched for an hour, and one just written stays.
    let touched = std::process::Command::new("touch")
        .args(["-d", "2 hours ago"])
        .arg(&filing)
        .status()
        .unwrap();
    assert!(touched.success());
    let fresh = gaps.join(format!(".4567ef.partial-{pid}"));
    fs::create_dir_all(&fresh).unwrap();
    let alive = dir
        .path()
        .join(format!("project.json.tmp-{}", std::process::id()));
    fs::write(&alive, "another Inbetween at work").unwrap();
    // Opening the project clears its folder and cache...
    let run = check(dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !tmp.exists() && !filing.exists(),
        "stale temporaries remain"
    );
    assert!(alive.exists(), "a running writer's file was removed");
    assert!(fresh.exists(), "a shared cache's recent entry was removed");
    assert!(find(dir.path(), "project.json").is_some());
    // ...and the next export the folder it writes into.
    let run = inbetween(&[
        "render",
        dir.path().to_str().unwrap(),
        "--frames",
        "0..2",
        "-o",
        film.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !out.path().join(&partial_name).exists(),
        "the partial film remains"
    );
    assert!(find(out.path(), ".film.mp4.partial").is_none());
    assert!(film.exists());
}
