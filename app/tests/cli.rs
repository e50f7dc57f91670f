//! The `inbetween` binary as a user runs it: `check` on good and broken
//! projects, `--help`, and exit codes.

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

// The engine's test-media helpers (ffmpeg, ffprobe, PSNR), shared rather than copied.
#[path = "../../engine/tests/support/mod.rs"]
mod support;

use support::{ffprobe, psnr};

mod common;

fn inbetween(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(args)
        .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the demo's project.json with `edit` applied, in a fresh folder.
fn broken_demo(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo");
    let json = fs::read_to_string(demo.join("project.json")).unwrap();
    fs::write(dir.path().join("project.json"), edit(json)).unwrap();
    dir
}

fn check_fails(dir: &Path, expected: &[&str]) {
    let out = inbetween(&["check", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing is summarised for a broken project"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "missing {needle:?} in: {stderr}");
    }
    assert!(
        stderr.contains("project.json"),
        "the file is named: {stderr}"
    );
}

#[test]
fn check_summarises_the_demo() {
    let out = inbetween(&["check", "projects/demo"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.starts_with("The Big Rabbit Wakes"), "{stdout}");
    assert!(
        stdout.contains("duration 00:00:13:12 (324 frames)"),
        "{stdout}"
    );
    assert!(stdout.contains("5 cards, 4 gaps"), "{stdout}");
    assert!(
        stdout.contains("media/bunny-wakes.mp4 from 00:00:00:10"),
        "{stdout}"
    );
    assert!(stdout.contains("4 files used, all present"), "{stdout}");
    assert!(stdout.contains("1 audio lane"), "{stdout}");
}

#[test]
fn check_rejects_invalid_json_with_line_and_column() {
    let dir = broken_demo(|json| json.replacen("\"cards\": [", "\"cards\": [,", 1));
    check_fails(dir.path(), &["not valid JSON at line 14, column 13"]);
}

#[test]
fn check_refuses_a_newer_schema_and_leaves_it_alone() {
    let dir =
        broken_demo(|json| json.replacen("\"schema_version\": 3", "\"schema_version\": 4", 1));
    let before = fs::read(dir.path().join("project.json")).unwrap();
    check_fails(
        dir.path(),
        &["newer Inbetween", "schema version 4", "reads up to 3"],
    );
    assert_eq!(fs::read(dir.path().join("project.json")).unwrap(), before);
}

#[test]
fn check_lists_missing_media_but_the_project_opens() {
    let dir = broken_demo(|json| json);
    let out = inbetween(&["check", dir.path().to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout.contains("warning: missing media/bunny-burrow.jpg, used by card 2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: missing media/bunny-wakes.mp4, used by card 3"),
        "{stdout}"
    );
    let strict = inbetween(&["check", "--strict", dir.path().to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stdout.contains("warning: missing media/music.ogg, used by audio clip 1"),
        "{stdout}"
    );
    assert!(text(&strict.stderr).contains("4 warning(s)"));
}

#[test]
fn check_rejects_duplicate_ids() {
    let dir = broken_demo(|json| json.replacen("\"id\": 2,", "\"id\": 1,", 1));
    check_fails(dir.path(), &["two cards have the id 1"]);
}

#[test]
fn check_rejects_overlapping_cards_and_says_where() {
    // Card 2 starts at frame 72; pull it back over card 1 (frames 0..48).
    let dir = broken_demo(|json| json.replacen("\"start_frame\": 72", "\"start_frame\": 40", 1));
    check_fails(
        dir.path(),
        &[
            "card 1 (text",
            "card 2 (image",
            "overlap for 8 frames from 00:00:01:16",
        ],
    );
}

#[test]
fn check_rejects_negative_durations() {
    let dir =
        broken_demo(|json| json.replacen("\"duration_frames\": 60", "\"duration_frames\": -60", 1));
    check_fails(dir.path(), &["card 3 (clip", "duration of -60 frames"]);
}

#[test]
fn check_names_a_folder_that_is_not_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let out = inbetween(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not an Inbetween project"));
}

#[test]
fn help_documents_every_command() {
    let out = inbetween(&["--help"]);
    let help = text(&out.stdout);
    assert!(out.status.success());
    for needle in ["check", "open", "[PROJECT]", "Exit status"] {
        assert!(
            help.contains(needle),
            "missing {needle:?} in --help: {help}"
        );
    }
    let check_help = text(&inbetween(&["check", "--help"]).stdout);
    assert!(check_help.contains("--strict"), "{check_help}");
}

#[test]
fn bad_arguments_exit_with_status_2() {
    assert_eq!(inbetween(&["check"]).status.code(), Some(2));
    assert_eq!(inbetween(&["frobnicate", "x", "y"]).status.code(), Some(2));
}

#[test]
fn render_makes_a_full_film_of_the_demo_that_matches_frame() {
    let dir = tempfile::tempdir().unwrap();
    let film = dir.path().join("demo.mp4");
    let out = inbetween(&[
        "render",
        "projects/demo",
        "-o",
        film.to_str().unwrap(),
        "--preset",
        "720p",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("324 frames, 13.50 s at 1280x720"),
        "{}",
        text(&out.stdout)
    );
    let video = ffprobe(
        &film,
        "v:0",
        "stream=codec_name,pix_fmt,width,height,color_space,nb_read_frames,duration",
    );
    for expected in [
        "codec_name=h264",
        "pix_fmt=yuv420p",
        "width=1280",
        "height=720",
        "color_space=bt709",
        "nb_read_frames=324",
        "duration=13.500000",
    ] {
        assert!(video.contains(expected), "missing {expected} in {video}");
    }
    let audio = ffprobe(&film, "a:0", "stream=codec_name,channels,duration");
    assert!(
        audio.contains("codec_name=aac") && audio.contains("channels=2"),
        "{audio}"
    );
    let seconds = support::duration(&audio);
    assert!(
        (seconds - 13.5).abs() <= 1.0 / 24.0,
        "audio lasts {seconds} s"
    );

    // `frame` renders what the film shows: the clip card at 00:00:06:16 (frame 160).
    let still = dir.path().join("frame.png");
    let out = inbetween(&[
        "frame",
        "projects/demo",
        "--at",
        "00:00:06:16",
        "-o",
        still.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a = image::open(&still).unwrap().into_rgba8();
    let b = support::ffmpeg_frame(&film, 160, &dir.path().join("film160.png"));
    assert!(
        psnr(&a, &b) > 33.0,
        "frame and film differ: {:.1} dB",
        psnr(&a, &b)
    );
}

#[test]
fn render_on_a_full_disk_fails_cleanly_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let film = dir.path().join("demo.mp4");
    // At most 300 KiB per file, and a failing write() instead of SIGXFSZ:
    // what a nearly full disk looks like to the exporter.
    let script = format!(
        "trap '' XFSZ; ulimit -f 300; exec {} render projects/demo -o {}",
        env!("CARGO_BIN_EXE_inbetween"),
        film.display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the film"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("demo.mp4"),
        "the message names the film: {stderr}"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "nothing may be left behind: {left:?}");
}

#[test]
fn render_and_frame_refuse_bad_arguments_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("film.avi");
    let out = inbetween(&["render", "projects/demo", "-o", odd.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--format png"),
        "{}",
        text(&out.stderr)
    );
    let out = inbetween(&[
        "frame",
        "projects/demo",
        "--at",
        "00:00:99:00",
        "-o",
        "x.png",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("seconds 99"),
        "{}",
        text(&out.stderr)
    );
    let out = inbetween(&[
        "render",
        "projects/demo",
        "-o",
        dir.path().join("a.mp4").to_str().unwrap(),
        "--frames",
        "10..5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("empty"), "{}", text(&out.stderr));
}

#[test]
fn ctrl_c_cancels_a_render_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let film = dir.path().join("demo.mp4");
    let child = Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(["render", "projects/demo", "--preset", "1080p", "-o"])
        .arg(&film)
        .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the export is writing, then press Ctrl-C.
    let started = std::time::Instant::now();
    while !fs::read_dir(dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".partial-")
    }) {
        assert!(started.elapsed().as_secs() < 60, "the export never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("cancelled: nothing was written"),
        "{stderr}"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "nothing may be left behind: {left:?}");
}

#[test]
fn interpolate_makes_the_middle_frame_and_explains_resampling() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a.png"),
        dir.path().join("b.png"),
        dir.path().join("mid.png"),
    );
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120",
        "-frames:v",
        "1",
        a.to_str().unwrap(),
    ]);
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=200x150",
        "-frames:v",
        "1",
        b.to_str().unwrap(),
    ]);
    let run = inbetween(&[
        "interpolate",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--t",
        "0.5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("resampled to the first's size"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(
        image::open(&out).unwrap().into_rgba8().dimensions(),
        (160, 120)
    );

    let bad_t = inbetween(&[
        "interpolate",
        a.to_str().unwrap(),
        a.to_str().unwrap(),
        "--t",
        "1.5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(bad_t.status.code(), Some(1));
    assert!(
        text(&bad_t.stderr).contains("between 0 and 1"),
        "{}",
        text(&bad_t.stderr)
    );
    let bad_model = inbetween(&[
        "interpolate",
        a.to_str().unwrap(),
        a.to_str().unwrap(),
        "--model",
        "magic",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(bad_model.status.code(), Some(1));
    assert!(
        text(&bad_model.stderr)
            .contains("motion, ifnet (with weights), fused (with weights), dissolve, camera, hold"),
        "{}",
        text(&bad_model.stderr)
    );
    let bad_mode = inbetween(&[
        "interpolate",
        a.to_str().unwrap(),
        a.to_str().unwrap(),
        "--mode",
        "wobble",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(bad_mode.status.code(), Some(1));
    assert!(
        text(&bad_mode.stderr).contains(
            "auto, motion, dissolve, fade-through-black, fade-through-white, camera-move, hold, cut"
        ),
        "{}",
        text(&bad_mode.stderr)
    );
    let missing = inbetween(&[
        "interpolate",
        "nope.png",
        a.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("nope.png"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn interpolate_handles_8k_frames() {
    // Motion is measured at 960x540 whatever the frame size (a unit test
    // checks the factor); this runs the whole path on two 8K frames.
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a.png"),
        dir.path().join("b.png"),
        dir.path().join("mid.png"),
    );
    for (frame, path) in [(0, &a), (4, &b)] {
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=7680x4320:rate=25",
            "-vf",
            &format!("select=eq(n\\,{frame})"),
            "-frames:v",
            "1",
            path.to_str().unwrap(),
        ]);
    }
    let run = inbetween(&[
        "interpolate",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--t",
        "0.5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let made = image::open(&out).unwrap().into_rgba8();
    assert_eq!(made.dimensions(), (7680, 4320));
    let (first, second) = (
        image::open(&a).unwrap().into_rgba8(),
        image::open(&b).unwrap().into_rgba8(),
    );
    assert!(made != first && made != second, "a frame between the two");
}

#[test]
fn fill_generates_a_gap_once_and_names_bad_gap_numbers() {
    let dir = common::demo_copy();
    let project = dir.path().to_str().unwrap();
    let first = inbetween(&["fill", project, "--gap", "1"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("Gap 1 (cards 1 → 2, 24 frames, Dissolve): generated"),
        "{}",
        text(&first.stdout)
    );
    // The recipe is recorded in project.json and names the cache entry.
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("project.json")).unwrap())
            .unwrap();
    let recipe = saved["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["from_card"] == 1 && g["to_card"] == 2)
        .map(|g| g["generated"].clone())
        .unwrap();
    assert_eq!(recipe["model"], "dissolve");
    assert_eq!(recipe["length_frames"], 24);
    let key = recipe["key"].as_str().unwrap();
    assert!(
        dir.path()
            .join(".cache/gaps")
            .join(key)
            .join("recipe.json")
            .is_file()
    );
    let again = inbetween(&["fill", project, "--gap", "1"]);
    assert!(
        text(&again.stdout).contains("up to date"),
        "{}",
        text(&again.stdout)
    );
    assert!(
        !text(&again.stdout).contains("Recorded"),
        "nothing new to record"
    );
    let bad = inbetween(&["fill", project, "--gap", "9"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("there is no gap 9: the project has gaps 1 to 4"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn interpolate_with_ifnet_runs_the_given_weights_and_names_a_bad_file() {
    use inbetween_engine::r#gen::ifnet::{NetLayout, Weights, random_weights};
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out, weights) = (
        dir.path().join("a.png"),
        dir.path().join("b.png"),
        dir.path().join("mid.png"),
        dir.path().join("w.safetensors"),
    );
    for (shift, path) in [("0", &a), ("3", &b)] {
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("testsrc2=size=96x64,crop=90:60:{shift}:0"),
            "-frames:v",
            "1",
            path.to_str().unwrap(),
        ]);
    }
    let layout = NetLayout {
        widths: vec![16, 12, 8, 8],
        prelu: true,
        generation: inbetween_engine::r#gen::ifnet::Generation::Rife4,
    };
    Weights::save(&random_weights(&layout, 9).unwrap(), &weights).unwrap();
    let args = |weights: Option<&Path>| {
        let mut args = vec![
            "interpolate".to_owned(),
            a.display().to_string(),
            b.display().to_string(),
            "--mode".into(),
            "motion".into(),
            "--t".into(),
            "0.5".into(),
            "-o".into(),
            out.display().to_string(),
            "--model".into(),
            "ifnet".into(),
        ];
        if let Some(w) = weights {
            args.extend(["--weights".into(), w.display().to_string()]);
        }
        args
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        inbetween(&refs)
    };
    let made = run(args(Some(&weights)));
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(
        text(&made.stdout).contains("(IFNet)"),
        "{}",
        text(&made.stdout)
    );
    assert!(
        text(&made.stderr).contains("4 blocks, widths 16/12/8/8"),
        "{}",
        text(&made.stderr)
    );
    assert_eq!(
        image::open(&out).unwrap().into_rgba8().dimensions(),
        (90, 60)
    );

    let without = run(args(None));
    assert_eq!(without.status.code(), Some(1));
    assert!(
        text(&without.stderr).contains("needs its weights"),
        "{}",
        text(&without.stderr)
    );

    // Installed in the user's models folder (scripts/install-weights'
    // name; the file is read by its content, not its extension), the
    // weights are found without --weights.
    let models = tempfile::tempdir().unwrap();
    let installed = models
        .path()
        .join(inbetween_engine::r#gen::installed::IFNET_WEIGHTS_FILE);
    fs::copy(&weights, &installed).unwrap();
    let refs: Vec<String> = args(None);
    let found = Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(&refs)
        .env("INBETWEEN_MODELS_DIR", models.path())
        .output()
        .unwrap();
    assert!(found.status.success(), "{}", text(&found.stderr));
    assert!(
        text(&found.stderr).contains(&format!("IFNet: {}", installed.display())),
        "{}",
        text(&found.stderr)
    );
    // At half size, and refused outside 0.25–1.
    let mut half_args = refs.clone();
    half_args.extend(["--ifnet-scale".into(), "0.5".into()]);
    let half = Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(&half_args)
        .env("INBETWEEN_MODELS_DIR", models.path())
        .output()
        .unwrap();
    assert!(half.status.success(), "{}", text(&half.stderr));
    assert!(
        text(&half.stderr).contains("scale 0.5"),
        "{}",
        text(&half.stderr)
    );
    let mut bad_args = refs.clone();
    bad_args.extend(["--ifnet-scale".into(), "3".into()]);
    let bad = inbetween(&bad_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("--ifnet-scale must be between 0.25 and 1"));

    let bytes = fs::read(&weights).unwrap();
    fs::write(&weights, &bytes[..bytes.len() / 2]).unwrap();
    let cut = run(args(Some(&weights)));
    assert_eq!(cut.status.code(), Some(1));
    assert!(
        text(&cut.stderr).contains("w.safetensors is cut short: the data of tensor block"),
        "{}",
        text(&cut.stderr)
    );
}
