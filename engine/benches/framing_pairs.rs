//! Scores the gap models on framing pairs: two windows of one picture (a
//! pan, pushes and pulls of 1.4x to 3.5x, a pan with a zoom, a small turn)
//! whose true in-betweens are known, the window's size changing
//! geometrically and its centre (and angle) linearly.
//!
//!     cargo bench -p inbetween-engine --bench framing_pairs -- [PICTURE...]
//!
//! The pictures default to the demo's two stills (Big Buck Bunny, CC BY,
//! 1280x720) and, when `../shared/bench/interp-dev` is beside the project,
//! the first frame of one case of each of its scenes (not Middlebury's,
//! not the cuts). Frames are 480x270
//! (anti-aliased: 4x4 samples a pixel). Each gap is asked for t = 0.25,
//! 0.5, 0.75 (no easing); PSNR over RGB, averaged per pair kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use image::RgbaImage;
use inbetween_engine::r#gen::{GapInputs, model_for};
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::{GapMode, GapSettings};

const OUT: (u32, u32) = (480, 270);

/// A window on the picture: its centre and width as parts of the
/// picture's width and height, and its angle in degrees.
#[derive(Clone, Copy)]
struct Window {
    cx: f64,
    cy: f64,
    width: f64,
    degrees: f64,
}

impl Window {
    fn between(&self, other: &Window, t: f64) -> Window {
        Window {
            cx: self.cx + t * (other.cx - self.cx),
            cy: self.cy + t * (other.cy - self.cy),
            width: self.width * (other.width / self.width).powf(t),
            degrees: self.degrees + t * (other.degrees - self.degrees),
        }
    }
}

fn w(cx: f64, cy: f64, width: f64) -> Window {
    Window {
        cx,
        cy,
        width,
        degrees: 0.0,
    }
}

/// The pairs: a name and the two windows.
fn pairs() -> Vec<(&'static str, Window, Window)> {
    vec![
        ("pan 25%", w(0.36, 0.5, 0.7), w(0.64, 0.5, 0.7)),
        ("pan diagonal", w(0.38, 0.4, 0.62), w(0.6, 0.6, 0.62)),
        ("push 1.4x", w(0.5, 0.5, 0.9), w(0.52, 0.48, 0.9 / 1.4)),
        (
            "push 2.2x lower right",
            w(0.5, 0.5, 0.95),
            w(0.66, 0.64, 0.95 / 2.2),
        ),
        ("push 3.5x", w(0.5, 0.5, 0.98), w(0.4, 0.45, 0.98 / 3.5)),
        ("pull out 2x", w(0.6, 0.55, 0.45), w(0.5, 0.5, 0.9)),
        (
            "pan + push 1.6x",
            w(0.38, 0.5, 0.7),
            w(0.66, 0.45, 0.7 / 1.6),
        ),
        (
            "push 1.3x + 4° turn",
            w(0.5, 0.5, 0.8),
            Window {
                degrees: 4.0,
                ..w(0.52, 0.5, 0.8 / 1.3)
            },
        ),
    ]
}

/// What `window` of `picture` shows, at OUT, 4x4 bilinear samples a pixel.
fn render(picture: &RgbaImage, window: &Window) -> RgbaImage {
    let (pw, ph) = (picture.width() as f64, picture.height() as f64);
    let (ow, oh) = (f64::from(OUT.0), f64::from(OUT.1));
    let step = window.width * pw / ow;
    let (sin, cos) = window.degrees.to_radians().sin_cos();
    let sample = |x: f64, y: f64| {
        let x = x.clamp(0.0, pw - 1.0);
        let y = y.clamp(0.0, ph - 1.0);
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = (
            (x0 + 1).min(picture.width() - 1),
            (y0 + 1).min(picture.height() - 1),
        );
        let (ax, ay) = (x - f64::from(x0), y - f64::from(y0));
        let p = |x, y| picture.get_pixel(x, y).0;
        let (a, b, c, d) = (p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1));
        std::array::from_fn::<f64, 3, _>(|k| {
            let top = f64::from(a[k]) * (1.0 - ax) + f64::from(b[k]) * ax;
            let bottom = f64::from(c[k]) * (1.0 - ax) + f64::from(d[k]) * ax;
            top * (1.0 - ay) + bottom * ay
        })
    };
    RgbaImage::from_fn(OUT.0, OUT.1, |x, y| {
        let mut sum = [0f64; 3];
        for j in 0..4 {
            for i in 0..4 {
                let u = (f64::from(x) + (f64::from(i) + 0.5) / 4.0 - ow / 2.0) * step;
                let v = (f64::from(y) + (f64::from(j) + 0.5) / 4.0 - oh / 2.0) * step;
                let sx = window.cx * pw + cos * u - sin * v;
                let sy = window.cy * ph + sin * u + cos * v;
                let s = sample(sx - 0.5, sy - 0.5);
                for k in 0..3 {
                    sum[k] += s[k] / 16.0;
                }
            }
        }
        image::Rgba([sum[0] as u8, sum[1] as u8, sum[2] as u8, 255])
    })
}

fn psnr(a: &RgbaImage, b: &RgbaImage) -> f64 {
    let mut sum = 0f64;
    for (p, q) in a.pixels().zip(b.pixels()) {
        for c in 0..3 {
            let d = f64::from(p[c]) - f64::from(q[c]);
            sum += d * d;
        }
    }
    let mse = sum / (3.0 * f64::from(a.width() * a.height()));
    10.0 * (255.0f64 * 255.0 / mse.max(1e-10)).log10()
}

fn pictures() -> Vec<PathBuf> {
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    if !args.is_empty() {
        return args;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = vec![
        root.join("projects/demo/media/bunny-burrow.jpg"),
        root.join("projects/demo/media/bunny-looks.jpg"),
    ];
    let shared = root.join("../shared/bench/interp-dev");
    if let Ok(entries) = std::fs::read_dir(&shared) {
        let mut cases: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                !name.starts_with("mb_")
                    && !name.starts_with("cut_")
                    && p.join("frame0.png").is_file()
            })
            .collect();
        cases.sort();
        // One case a scene (bedroom_k1, bedroom_k4, … share a picture).
        cases.dedup_by_key(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.split('_').next().unwrap_or("").to_owned()
        });
        all.extend(cases.into_iter().map(|p| p.join("frame0.png")));
    }
    all
}

fn main() {
    let modes = [
        ("Camera move", GapMode::CameraMove),
        ("Auto", GapMode::Auto),
        ("Motion", GapMode::Motion),
    ];
    // (pair, mode) -> (sum, count)
    let mut scores: BTreeMap<(usize, usize), (f64, usize)> = BTreeMap::new();
    let pictures = pictures();
    for path in &pictures {
        let picture = load_image(path).unwrap();
        for (p, (_, a, b)) in pairs().iter().enumerate() {
            let (before, after) = (render(&picture, a), render(&picture, b));
            for (m, (_, mode)) in modes.iter().enumerate() {
                let settings = GapSettings {
                    mode: *mode,
                    ..GapSettings::default()
                };
                let inputs = GapInputs::frames(&before, &after, &settings);
                let gap = model_for(*mode).prepare(&inputs, &NoProgress).unwrap();
                for t in [0.25, 0.5, 0.75] {
                    let truth = render(&picture, &a.between(b, t));
                    let made = gap.frame_at(t);
                    let entry = scores.entry((p, m)).or_insert((0.0, 0));
                    entry.0 += psnr(&made, &truth);
                    entry.1 += 1;
                }
            }
        }
        eprintln!("{}", path.display());
    }
    println!(
        "{} pictures, {}x{} frames; mean PSNR (dB) at t = 0.25, 0.5, 0.75",
        pictures.len(),
        OUT.0,
        OUT.1
    );
    let names: Vec<&str> = modes.iter().map(|m| m.0).collect();
    println!("| pair | {} |", names.join(" | "));
    println!("|---|{}", "---|".repeat(modes.len()));
    let mut totals = vec![(0.0, 0); modes.len()];
    for (p, (name, _, _)) in pairs().iter().enumerate() {
        let cells: Vec<String> = (0..modes.len())
            .map(|m| {
                let (sum, n) = scores[&(p, m)];
                totals[m].0 += sum;
                totals[m].1 += n;
                format!("{:.2}", sum / n as f64)
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    let cells: Vec<String> = totals
        .iter()
        .map(|(s, n)| format!("**{:.2}**", s / *n as f64))
        .collect();
    println!("| all | {} |", cells.join(" | "));
}
