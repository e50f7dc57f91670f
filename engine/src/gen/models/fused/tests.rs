//! The fused model with networks the tests make themselves.

use std::collections::HashMap;

use candle_core::Tensor;

use super::*;
use crate::r#gen::ifnet::{Generation, NetLayout, Weights, random_weights};
use crate::r#gen::test_pictures::{distance, textured};
use crate::jobs::NoProgress;
use crate::project::{GapMode, GapSettings};

/// A small RIFE 4 network whose every weight is zero: no flow, a mask of
/// ½, so each frame is the even mix of the two sides (a ghost wherever
/// anything moves).
fn ghosting_network() -> IfNetModel {
    let layout = NetLayout {
        widths: vec![16, 12, 8, 8],
        prelu: true,
        generation: Generation::Rife4,
    };
    let zeros: HashMap<String, Tensor> = random_weights(&layout, 1)
        .unwrap()
        .into_iter()
        .map(|(name, t)| (name, t.zeros_like().unwrap()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zero.safetensors");
    Weights::save(&zeros, &path).unwrap();
    IfNetModel::load(&path).unwrap()
}

fn estimate(value: [f32; 3], doubt: f32) -> Estimate {
    Estimate {
        width: 8,
        height: 4,
        rgb: vec![value; 32],
        doubt: vec![doubt; 32],
    }
}

#[test]
fn the_pixel_that_is_doubted_less_wins() {
    let fusion = Fusion::default();
    let (grey, red) = ([100.0, 100.0, 100.0], [220.0, 20.0, 20.0]);
    let clean_motion = fuse(&estimate(grey, 0.0), &estimate(red, 255.0), &fusion);
    assert!(clean_motion.pixels().all(|p| p[0] == 100 && p[1] == 100));
    let clean_net = fuse(&estimate(grey, 255.0), &estimate(red, 0.0), &fusion);
    assert!(clean_net.pixels().all(|p| p[0] == 220 && p[1] == 20));
    // Alike doubts: the weighted mean.
    let alike = fuse(&estimate(grey, 30.0), &estimate(red, 30.0), &fusion);
    let expected = (100.0 + fusion.net_weight * 220.0) / (1.0 + fusion.net_weight);
    assert!((f32::from(alike.get_pixel(3, 2)[0]) - expected).abs() <= 1.0);
}

#[test]
fn where_the_network_ghosts_the_measured_motion_fills() {
    // The pattern moves 4 pixels: the motion model finds it halfway; the
    // zero network shows both sides at once. Fused, the frame is the
    // motion model's, not the ghost.
    let (a, b) = (textured(64, 48, 0.0), textured(64, 48, 4.0));
    let model = FusedModel::new(ghosting_network());
    let settings = GapSettings {
        mode: GapMode::Motion,
        ..GapSettings::default()
    };
    let gap = model
        .prepare(&GapInputs::frames(&a, &b, &settings), &NoProgress)
        .unwrap();
    let made = gap.try_frame_at(0.5).unwrap();
    assert_eq!(made.dimensions(), a.dimensions());
    let halfway = textured(64, 48, 2.0);
    let ghost = crate::render::mix(&a, &b, 0.5);
    let (off, ghosted) = (distance(&made, &halfway), distance(&ghost, &halfway));
    assert!(
        off < ghosted / 3.0,
        "{off} from halfway, the ghost {ghosted}"
    );
}

#[test]
fn the_fusion_is_part_of_the_version() {
    let net = ghosting_network();
    let plain = FusedModel::new(net.clone());
    let other = FusedModel::new(net).with_fusion(Fusion {
        scale: 3.0,
        ..Fusion::default()
    });
    assert_ne!(plain.version(), other.version());
    assert_eq!(
        plain.version(),
        FusedModel::new(ghosting_network()).version()
    );
}
