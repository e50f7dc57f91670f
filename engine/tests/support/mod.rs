//! Test media made on the spot with the ffmpeg CLI, so the repository carries
//! no large binaries. `scripts/deps.sh test` installs the CLI.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the ffmpeg CLI quietly; panics with its stderr when it fails.
pub fn ffmpeg(args: &[&str]) {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-nostdin"])
        .args(args)
        .output()
        .expect("the ffmpeg CLI is installed (scripts/deps.sh test)");
    assert!(
        out.status.success(),
        "ffmpeg {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A `seconds`-long test pattern (every frame differs: testsrc2 draws a
/// moving pattern and a frame counter) at `size` and `rate`, with a 440 Hz
/// tone, encoded with `codec_args` into `dir/name`.
pub fn test_clip(
    dir: &Path,
    name: &str,
    size: &str,
    rate: &str,
    seconds: f64,
    codec_args: &[&str],
) -> PathBuf {
    let path = dir.join(name);
    let video = format!("testsrc2=size={size}:rate={rate}:duration={seconds}");
    let audio = format!("sine=frequency=440:sample_rate=48000:duration={seconds}");
    let mut args = vec!["-f", "lavfi", "-i", &video, "-f", "lavfi", "-i", &audio];
    args.extend_from_slice(codec_args);
    let p = path.to_str().unwrap().to_owned();
    args.push(&p);
    ffmpeg(&args);
    path
}

/// An H.264 + AAC MP4 test clip with keyframes every 12 frames and B-frames.
pub fn h264_clip(dir: &Path, name: &str, seconds: f64) -> PathBuf {
    test_clip(
        dir,
        name,
        "320x240",
        "24",
        seconds,
        &[
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-bf",
            "2",
            "-g",
            "12",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
        ],
    )
}

/// ffprobe's value of `entries` (`stream=codec_name` style) for stream `stream` (`v:0`).
pub fn ffprobe(path: &Path, stream: &str, entries: &str) -> String {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            stream,
            "-count_frames",
            "-show_entries",
            entries,
        ])
        .args(["-of", "default=noprint_wrappers=1"])
        .arg(path)
        .output()
        .expect("ffprobe is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A 64-bit FNV-1a hash of pixels, to compare frames.
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Peak signal-to-noise ratio of two same-sized images, in dB.
pub fn psnr(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let mse = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum::<f64>()
        / a.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
}

/// Frame `n` of `film` as the ffmpeg CLI decodes it, saved as `png`.
pub fn ffmpeg_frame(film: &Path, n: i64, png: &Path) -> image::RgbaImage {
    ffmpeg(&[
        "-i",
        film.to_str().unwrap(),
        "-vf",
        &format!("select=eq(n\\,{n})"),
        "-frames:v",
        "1",
        png.to_str().unwrap(),
    ]);
    image::open(png).unwrap().into_rgba8()
}

/// The `duration=` seconds in [`ffprobe`]'s output.
pub fn duration(probe: &str) -> f64 {
    probe
        .lines()
        .find_map(|l| l.strip_prefix("duration="))
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("no duration in {probe}"))
}

/// Two frames of the demo clip half a second apart, scaled to 1280x720, as
/// `a.png` and `b.png` in `dir` (the gap benches' inputs).
pub fn demo_frames_720p(dir: &Path) -> (PathBuf, PathBuf) {
    let clip = Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo/media/bunny-wakes.mp4");
    let (a, b) = (dir.join("a.png"), dir.join("b.png"));
    for (at, out) in [("1.0", &a), ("1.5", &b)] {
        ffmpeg(&[
            "-ss",
            at,
            "-i",
            clip.to_str().unwrap(),
            "-frames:v",
            "1",
            "-vf",
            "scale=1280:720:flags=lanczos",
            out.to_str().unwrap(),
        ]);
    }
    (a, b)
}
