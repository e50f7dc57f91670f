//! The fused model: the motion model and IFNet both fill the gap, and each
//! pixel takes more of the one that doubts it less.
//!
//! Each model says, per pixel, how much of what it shows is a blend of two
//! warped sides that disagree ([`Estimate`]: a ghost, roughly by how
//! much). The doubts are averaged over a small window (a single pixel's
//! doubt is noisy), and the two values weighted by `exp(−doubt / scale)`,
//! the network's by [`Fusion::net_weight`] besides. Where both doubt alike
//! the result is their mean, which on its own beats either (their mistakes
//! differ: the measured motion model is better on fine texture, the
//! network on large motions and occlusions); where one ghosts clearly and
//! the other does not, the clean one wins.
//!
//! Measured on interp-dev (BENCHMARKS.md): the plain mean gives almost all
//! of the gain (27.80 dB without the scene cuts, against 27.27 for motion
//! and 26.99 for IFNet); weighing by doubt adds a few hundredths, and only
//! when the weighing is gentle (a scale of 32, doubts over 17x17 pixels):
//! sharper weighing (a scale of 4–8) scores lower, since a model that warps
//! both sides to the same wrong place doubts nothing. So the defaults are a
//! near-mean that leaves a clear ghost to the other model.
//!
//! Needs IFNet's weights (it is registered with them). Across a scene
//! change in Auto mode it holds and cuts, as both models do.

use image::RgbaImage;

use crate::r#gen::estimate::Estimate;
use crate::r#gen::hold::without_motion;
use crate::r#gen::ifnet::{self, IfNetModel};
use crate::r#gen::motion::{Motion, MotionModel, tensors::box_mean};
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs, fnv32};
use crate::jobs::ProgressSink;

/// This code's version, part of the model's own (with both models').
const VERSION: u32 = 1;

/// How the two models' pixels are weighed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    /// A doubt this much larger (0–255) than the other model's makes a
    /// pixel's weight e times smaller.
    pub scale: f32,
    /// Doubts are averaged over (2·radius + 1)² pixels of a frame at most
    /// 960 pixels wide (scaled with larger frames).
    pub radius: usize,
    /// The network's weight beside the motion model's 1, where both doubt
    /// alike.
    pub net_weight: f32,
}

impl Default for Fusion {
    /// As measured on interp-dev (BENCHMARKS.md).
    fn default() -> Self {
        Self {
            scale: 32.0,
            radius: 8,
            net_weight: 1.0,
        }
    }
}

/// The fused model, with IFNet's weights loaded.
pub struct FusedModel {
    motion: MotionModel,
    net: IfNetModel,
    fusion: Fusion,
}

impl FusedModel {
    /// Motion and `net`, fused as [`Fusion::default`] says.
    pub fn new(net: IfNetModel) -> Self {
        Self {
            motion: MotionModel::default(),
            net,
            fusion: Fusion::default(),
        }
    }

    /// The same, fused by `fusion`.
    pub fn with_fusion(mut self, fusion: Fusion) -> Self {
        self.fusion = fusion;
        self
    }

    /// Both models' work on a gap between two frames of one size, done
    /// once (the motion measured, the frames ready for the network).
    pub fn measure(
        &self,
        before: &RgbaImage,
        after: &RgbaImage,
        sink: &dyn ProgressSink,
    ) -> Result<FusedGap, GenError> {
        Ok(FusedGap {
            motion: self.motion.measured(before, after, sink)?,
            net: self.net.moving(before, after)?,
            fusion: self.fusion,
        })
    }
}

impl GapModel for FusedModel {
    fn id(&self) -> &'static str {
        "fused"
    }

    /// Changes with either model's version and with the fusion.
    fn version(&self) -> u32 {
        let f = self.fusion;
        let mut bytes = Vec::with_capacity(24);
        for word in [
            VERSION,
            self.motion.version(),
            self.net.version(),
            f.scale.to_bits(),
            f.radius as u32,
            f.net_weight.to_bits(),
        ] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        fnv32(&bytes)
    }

    fn label(&self) -> &'static str {
        "Fused"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        if let Some(gap) = without_motion(inputs) {
            return Ok(gap);
        }
        Ok(Box::new(self.measure(inputs.before, inputs.after, sink)?))
    }
}

/// A gap both models are ready to fill.
pub struct FusedGap {
    /// None where the frames are too small to measure motion: the network
    /// alone.
    motion: Option<Motion>,
    net: ifnet::Moving,
    fusion: Fusion,
}

impl FusedGap {
    /// Both models' frames at `t` with their doubts (the motion model's
    /// None where it could not measure): what [`fuse`] combines.
    pub fn estimates(&self, t: f32) -> Result<(Option<Estimate>, Estimate), GenError> {
        let (motion, net) = rayon::join(
            || self.motion.as_ref().map(|m| m.estimate_at(t)),
            || self.net.estimate(t),
        );
        let net = net.map_err(|e| GenError::Model(e.to_string()))?;
        Ok((motion, net))
    }
}

impl PreparedGap for FusedGap {
    fn frame_at(&self, t: f64) -> RgbaImage {
        self.try_frame_at(t).unwrap_or_else(|e| {
            eprintln!("Fused: {e}; this frame is the motion model's alone");
            match &self.motion {
                Some(motion) => motion.frame_at(t.clamp(0.0, 1.0) as f32),
                // The network's own fallback: a dissolve.
                None => self.net.frame_at(t),
            }
        })
    }

    fn try_frame_at(&self, t: f64) -> Result<RgbaImage, GenError> {
        let (motion, net) = self.estimates(t.clamp(0.0, 1.0) as f32)?;
        Ok(match motion {
            Some(motion) => fuse(&motion, &net, &self.fusion),
            None => net.to_image(),
        })
    }
}

/// The two estimates (the same size) weighed pixel by pixel.
pub fn fuse(motion: &Estimate, net: &Estimate, fusion: &Fusion) -> RgbaImage {
    let (w, h) = (motion.width, motion.height);
    let radius = fusion.radius * w.max(h).div_ceil(960).max(1);
    let (dm, dn) = rayon::join(
        || box_mean(&motion.doubt, w, h, radius),
        || box_mean(&net.doubt, w, h, radius),
    );
    let scale = fusion.scale.max(1e-3);
    let mut out = RgbaImage::new(w as u32, h as u32);
    for (i, px) in out.chunks_exact_mut(4).enumerate() {
        // Relative to the smaller doubt, so neither weight underflows.
        let least = dm[i].min(dn[i]);
        let wm = (-(dm[i] - least) / scale).exp();
        let wn = fusion.net_weight * (-(dn[i] - least) / scale).exp();
        let total = wm + wn;
        let (m, n) = (motion.rgb[i], net.rgb[i]);
        for (out, (m, n)) in px.iter_mut().zip(m.iter().zip(n)) {
            let v = if total > 0.0 {
                (wm * m + wn * n) / total
            } else {
                *m
            };
            *out = (v.clamp(0.0, 255.0) + 0.5) as u8;
        }
        px[3] = 255;
    }
    out
}

#[cfg(test)]
mod tests;
