//! Scores a gap model on real in-between frames.
//!
//!     cargo bench -p inbetween-engine --bench interp_eval -- [MODEL] [SET]
//!
//! MODEL is a registry id (default `dissolve`; `ifnet` with
//! `INBETWEEN_IFNET_WEIGHTS=FILE`), or `auto` (the Auto mode's model) or
//! `auto+ID` (Auto with that model where things move); SET defaults to
//! `../shared/bench/interp-dev` beside the project. For each case the model
//! is given frame0 and frame1 and asked for every target t; each result is
//! scored against the true frame: PSNR over RGB, and SSIM on luma (BT.601
//! weights, 11x11 Gaussian window, σ = 1.5, the usual constants). Prints the
//! mean over all target frames, without the scene cuts, per tag, and per
//! case.
//!
//! `fused-sweep` (with `INBETWEEN_IFNET_WEIGHTS`) scores the fused model
//! with each fusion in `INBETWEEN_FUSIONS="scale,radius,net_weight;..."`,
//! running both models once per frame: a row per fusion.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use image::RgbaImage;
use inbetween_engine::r#gen::fused::{FusedModel, Fusion, fuse};
use inbetween_engine::r#gen::ifnet::IfNetModel;
use inbetween_engine::r#gen::motion::{MotionModel, TvL1};
use inbetween_engine::r#gen::{AutoModel, GapInputs, GapModel, Registry};
use inbetween_engine::jobs::NoProgress;
use inbetween_engine::media::load_image;
use inbetween_engine::project::GapSettings;

fn psnr(a: &RgbaImage, b: &RgbaImage) -> f64 {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (p, q) in a.pixels().zip(b.pixels()) {
        for c in 0..3 {
            let d = f64::from(p[c]) - f64::from(q[c]);
            sum += d * d;
            n += 1;
        }
    }
    10.0 * (255.0f64 * 255.0 / (sum / n as f64).max(1e-10)).log10()
}

fn luma(image: &RgbaImage) -> Vec<f64> {
    image
        .pixels()
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect()
}

/// Separable Gaussian blur (11 taps, σ = 1.5), edges clamped.
fn blur(values: &[f64], width: usize, height: usize) -> Vec<f64> {
    let kernel: Vec<f64> = (-5i32..=5)
        .map(|i| (-(f64::from(i * i)) / (2.0 * 1.5 * 1.5)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    let kernel: Vec<f64> = kernel.iter().map(|k| k / total).collect();
    let pass = |src: &[f64], horizontal: bool| -> Vec<f64> {
        let mut out = vec![0.0; src.len()];
        for y in 0..height {
            for x in 0..width {
                let mut acc = 0.0;
                for (k, w) in kernel.iter().enumerate() {
                    let o = k as isize - 5;
                    let (sx, sy) = if horizontal {
                        ((x as isize + o).clamp(0, width as isize - 1) as usize, y)
                    } else {
                        (x, (y as isize + o).clamp(0, height as isize - 1) as usize)
                    };
                    acc += w * src[sy * width + sx];
                }
                out[y * width + x] = acc;
            }
        }
        out
    };
    pass(&pass(values, true), false)
}

fn ssim(a: &RgbaImage, b: &RgbaImage) -> f64 {
    let (w, h) = (a.width() as usize, a.height() as usize);
    let (x, y) = (luma(a), luma(b));
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    let mx = blur(&x, w, h);
    let my = blur(&y, w, h);
    let xx = blur(&x.iter().map(|v| v * v).collect::<Vec<_>>(), w, h);
    let yy = blur(&y.iter().map(|v| v * v).collect::<Vec<_>>(), w, h);
    let xy = blur(
        &x.iter().zip(&y).map(|(p, q)| p * q).collect::<Vec<_>>(),
        w,
        h,
    );
    let mut sum = 0.0;
    for i in 0..w * h {
        let (vx, vy, cxy) = (
            xx[i] - mx[i] * mx[i],
            yy[i] - my[i] * my[i],
            xy[i] - mx[i] * my[i],
        );
        sum += ((2.0 * mx[i] * my[i] + c1) * (2.0 * cxy + c2))
            / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
    }
    sum / (w * h) as f64
}

#[derive(Default)]
struct Tally {
    psnr: f64,
    ssim: f64,
    frames: usize,
}

impl Tally {
    fn add(&mut self, p: f64, s: f64) {
        self.psnr += p;
        self.ssim += s;
        self.frames += 1;
    }
    fn row(&self, name: &str) -> String {
        let n = self.frames.max(1) as f64;
        format!(
            "| {name} | {} | {:.2} | {:.4} |",
            self.frames,
            self.psnr / n,
            self.ssim / n
        )
    }
}

/// One model's scores: over every frame, without the scene cuts, per tag.
#[derive(Default)]
struct Scores {
    all: Tally,
    uncut: Tally,
    by_tag: BTreeMap<String, Tally>,
}

impl Scores {
    /// A frame of the case `meta` describes scored `p` dB, SSIM `s`.
    fn add(&mut self, meta: &serde_json::Value, p: f64, s: f64) {
        self.all.add(p, s);
        if !is_cut(meta) {
            self.uncut.add(p, s);
        }
        for tag in meta["tags"].as_array().unwrap() {
            self.by_tag
                .entry(tag.as_str().unwrap().to_owned())
                .or_default()
                .add(p, s);
        }
    }
}

/// A case's description and its two boundary frames.
fn load_case(case: &Path) -> (serde_json::Value, RgbaImage, RgbaImage) {
    let meta =
        serde_json::from_str(&std::fs::read_to_string(case.join("meta.json")).unwrap()).unwrap();
    let before = load_image(&case.join("frame0.png")).unwrap();
    let after = load_image(&case.join("frame1.png")).unwrap();
    (meta, before, after)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let model_id = args.first().map_or("dissolve", String::as_str);
    let set = args.get(1).map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/interp-dev")
    });
    let mut registry = Registry::default();
    let mut ifnet = None;
    // INBETWEEN_TVL1="lambda,theta,warps,iterations,scale_step[,search_side,search_radius[,refine_side,refine_radius]]"
    // tries other settings.
    if let Ok(spec) = std::env::var("INBETWEEN_TVL1") {
        let v: Vec<f64> = spec.split(',').map(|x| x.trim().parse().unwrap()).collect();
        let defaults = TvL1::default();
        let or = |k: usize, default: usize| v.get(k).map_or(default, |&x| x as usize);
        let tvl1 = TvL1 {
            lambda: v[0],
            theta: v[1],
            warps: v[2] as usize,
            iterations: v[3] as usize,
            scale_step: v[4],
            search_side: or(5, defaults.search_side),
            search_radius: or(6, defaults.search_radius),
            refine_side: or(7, defaults.refine_side),
            refine_radius: or(8, defaults.refine_radius),
            ..defaults
        };
        println!("TV-L1 settings: {tvl1:?}");
        registry.register(std::sync::Arc::new(MotionModel { tvl1 }));
    }
    // INBETWEEN_IFNET_WEIGHTS=W.safetensors makes `ifnet` available.
    if let Some(weights) = std::env::var_os("INBETWEEN_IFNET_WEIGHTS") {
        let model = IfNetModel::load(Path::new(&weights)).unwrap_or_else(|e| panic!("{e}"));
        println!("IFNet: {}", model.summary());
        registry.register(std::sync::Arc::new(FusedModel::new(model.clone())));
        registry.register(std::sync::Arc::new(model.clone()));
        ifnet = Some(model);
    }
    let cases = cases_in(&set);
    if model_id == "fused-sweep" {
        let net = ifnet.expect("fused-sweep needs INBETWEEN_IFNET_WEIGHTS");
        sweep(&cases, net);
        return;
    }
    // `auto` is the Auto mode's model (with `motion` where things move);
    // `auto+ID` the same with the model ID there.
    let model: Arc<dyn GapModel> = match model_id.strip_prefix("auto") {
        Some(rest) if rest.is_empty() || rest.starts_with('+') => {
            let inner = rest.strip_prefix('+').unwrap_or("motion");
            let inner = registry
                .get(inner)
                .unwrap_or_else(|| panic!("no gap model {inner:?}"));
            Arc::new(AutoModel::new(inner))
        }
        _ => registry
            .get(model_id)
            .unwrap_or_else(|| panic!("no gap model {model_id:?}")),
    };
    let out = std::env::var_os("INBETWEEN_EVAL_OUT").map(PathBuf::from);
    let settings = scored_settings();
    let (mut scores, mut rows) = (Scores::default(), Vec::new());
    let started = Instant::now();
    for case in &cases {
        let (meta, before, after) = load_case(case);
        let inputs = GapInputs::frames(&before, &after, &settings);
        let gap = model.prepare(&inputs, &NoProgress).unwrap();
        let mut case_tally = Tally::default();
        for target in meta["targets"].as_array().unwrap() {
            let t = target["t"].as_f64().unwrap();
            let truth = load_image(&case.join(target["gt"].as_str().unwrap())).unwrap();
            let made = gap.frame_at(t);
            if let Some(out) = &out {
                let name = format!(
                    "{}_{}",
                    case.file_name().unwrap().to_str().unwrap(),
                    target["gt"].as_str().unwrap()
                );
                made.save(out.join(name)).unwrap();
            }
            let (p, s) = (psnr(&made, &truth), ssim(&made, &truth));
            case_tally.add(p, s);
            scores.add(&meta, p, s);
        }
        let score = inbetween_engine::r#gen::scene::cut_score(&before, &after);
        rows.push(format!(
            "{} {score:.3} |",
            case_tally.row(case.file_name().unwrap().to_str().unwrap())
        ));
    }
    println!(
        "model `{model_id}` v{} on {} ({} cases), {:.1} s\n",
        model.version(),
        set.display(),
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    println!("| set | frames | PSNR dB | SSIM |\n|---|---|---|---|");
    println!("{}", scores.all.row("**all**"));
    println!("{}", scores.uncut.row("without the scene cuts"));
    for (tag, tally) in &scores.by_tag {
        println!("{}", tally.row(tag));
    }
    println!("\n| case | frames | PSNR dB | SSIM | cut score |\n|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}

/// The cases in `set`, in name order; `INBETWEEN_EVAL_ONLY=substring`
/// keeps only the matching ones.
fn cases_in(set: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(set)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", set.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("meta.json").is_file())
        .collect();
    cases.sort();
    if let Ok(only) = std::env::var("INBETWEEN_EVAL_ONLY") {
        cases.retain(|c| c.to_string_lossy().contains(&only));
    }
    cases
}

/// The gap settings every model is scored with: Auto's, without the held
/// frames' push across a scene cut (a stylistic slow zoom no true frame
/// has).
fn scored_settings() -> GapSettings {
    GapSettings {
        push: false,
        ..GapSettings::default()
    }
}

fn is_cut(meta: &serde_json::Value) -> bool {
    meta["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "scene-cut")
}

/// The fused model with each fusion of `INBETWEEN_FUSIONS`, both models
/// run once per target frame; the scene cuts hold and cut as in Auto.
fn sweep(cases: &[PathBuf], net: IfNetModel) {
    let spec = std::env::var("INBETWEEN_FUSIONS").unwrap_or_else(|_| "32,8,1".into());
    let fusions: Vec<Fusion> = spec
        .split(';')
        .map(|f| {
            let v: Vec<f32> = f.split(',').map(|x| x.trim().parse().unwrap()).collect();
            Fusion {
                scale: v[0],
                radius: v[1] as usize,
                net_weight: v[2],
            }
        })
        .collect();
    let model = FusedModel::new(net);
    let settings = scored_settings();
    let mut tallies: Vec<Scores> = fusions.iter().map(|_| Scores::default()).collect();
    let started = Instant::now();
    for case in cases {
        let (meta, before, after) = load_case(case);
        let cut = inbetween_engine::r#gen::scene::cut_score(&before, &after)
            > inbetween_engine::r#gen::scene::CUT_THRESHOLD;
        // Across a cut every fusion holds and cuts alike; elsewhere both
        // models are measured once and each fusion weighs their frames.
        let held = cut.then(|| {
            model
                .prepare(&GapInputs::frames(&before, &after, &settings), &NoProgress)
                .unwrap()
        });
        let gap = (!cut).then(|| model.measure(&before, &after, &NoProgress).unwrap());
        for target in meta["targets"].as_array().unwrap() {
            let t = target["t"].as_f64().unwrap();
            let truth = load_image(&case.join(target["gt"].as_str().unwrap())).unwrap();
            let estimates = gap.as_ref().map(|g| g.estimates(t as f32).unwrap());
            for (fusion, scores) in fusions.iter().zip(&mut tallies) {
                let made = match (&estimates, &held) {
                    (Some((Some(motion), net)), _) => fuse(motion, net, fusion),
                    (Some((None, net)), _) => net.to_image(),
                    (None, Some(held)) => held.frame_at(t),
                    (None, None) => unreachable!("a case is a cut or not"),
                };
                scores.add(&meta, psnr(&made, &truth), ssim(&made, &truth));
            }
        }
        eprintln!("{} done", case.display());
    }
    println!(
        "fused sweep over {} cases, {:.1} s\n",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    for (fusion, scores) in fusions.iter().zip(&tallies) {
        let Scores { all, uncut, by_tag } = scores;
        let tags: Vec<String> = by_tag
            .iter()
            .map(|(tag, t)| format!("{tag} {:.2}", t.psnr / t.frames.max(1) as f64))
            .collect();
        println!(
            "scale {} radius {} net {}: all {:.2} / {:.4}, without cuts {:.2} / {:.4}; {}",
            fusion.scale,
            fusion.radius,
            fusion.net_weight,
            all.psnr / all.frames.max(1) as f64,
            all.ssim / all.frames.max(1) as f64,
            uncut.psnr / uncut.frames.max(1) as f64,
            uncut.ssim / uncut.frames.max(1) as f64,
            tags.join(", ")
        );
    }
}
