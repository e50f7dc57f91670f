//! A neural gap model: IFNet (RIFE 4.x's interpolation network) on candle,
//! from a local `.safetensors` weights file (the project ships none: see
//! `scripts/convert-rife.py` to convert a RIFE checkpoint).
//!
//! Each frame is one pass of the network at time t (t is an input, so the
//! motion is not measured once per gap as the motion model's is). The
//! network runs on the frames shrunk by a whole factor until neither side is
//! longer than [`NET_MAX_SIDE`] (bounding its memory: 8K runs as 1920), padded
//! to a multiple of 32; its flows and mask are then read back at the
//! frame's size, and both frames are warped there (Catmull-Rom, as the
//! motion model samples) and blended by the mask. Across a scene change in
//! Auto mode it holds and cuts, as the motion model does.

mod network;
mod weights;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use candle_core::{DType, Device, Tensor};
use image::RgbaImage;
use rayon::prelude::*;

pub use network::{ALIGN, IfNet};
pub use weights::{NetLayout, Weights, WeightsError, random_weights};

use crate::r#gen::hold::without_motion;
use crate::r#gen::pixels::{Axis, Pixels, read_between, sample_rgb};
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;

/// The network never sees a picture longer than this on either side.
pub const NET_MAX_SIDE: u32 = 1920;

/// The IFNet gap model, with its weights loaded.
pub struct IfNetModel {
    net: Arc<IfNet>,
    layout: NetLayout,
    fingerprint: u32,
    path: PathBuf,
    device: Device,
}

impl IfNetModel {
    /// The model with the weights in `path`, checked (see [`Weights`]).
    pub fn load(path: &Path) -> Result<Self, WeightsError> {
        Self::from_weights(Weights::read(path)?, path)
    }

    /// The model with weights already read from `path`.
    pub fn from_weights(weights: Weights, path: &Path) -> Result<Self, WeightsError> {
        let device = default_device();
        let problem = |e: candle_core::Error| WeightsError::Unusable {
            path: path.to_owned(),
            problem: e.to_string(),
        };
        let tensors = weights
            .tensors
            .into_iter()
            .map(|(name, t)| Ok((name, t.to_device(&device)?)))
            .collect::<candle_core::Result<_>>()
            .map_err(problem)?;
        let vb = candle_nn::VarBuilder::from_tensors(tensors, DType::F32, &device);
        let net = IfNet::new(vb, &weights.layout).map_err(problem)?;
        Ok(Self {
            net: Arc::new(net),
            layout: weights.layout,
            fingerprint: weights.fingerprint,
            path: path.to_owned(),
            device,
        })
    }

    /// The network the weights describe.
    pub fn layout(&self) -> &NetLayout {
        &self.layout
    }

    /// The weights file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// One line about the loaded network, for the UI and the CLI.
    pub fn summary(&self) -> String {
        let widths: Vec<String> = self.layout.widths.iter().map(|w| w.to_string()).collect();
        format!(
            "{} blocks, widths {}, {}, {:.2}M weights, on {}",
            self.layout.widths.len(),
            widths.join("/"),
            if self.layout.prelu {
                "PReLU"
            } else {
                "leaky ReLU"
            },
            self.layout.parameters() as f64 / 1e6,
            if self.device.is_cpu() {
                "the CPU"
            } else {
                "the GPU"
            }
        )
    }
}

/// The GPU when built for one and one is there, the CPU otherwise.
fn default_device() -> Device {
    #[cfg(feature = "cuda")]
    if let Ok(device) = Device::new_cuda(0) {
        return device;
    }
    #[cfg(feature = "metal")]
    if let Ok(device) = Device::new_metal(0) {
        return device;
    }
    Device::Cpu
}

impl GapModel for IfNetModel {
    fn id(&self) -> &'static str {
        "ifnet"
    }

    /// The weights' fingerprint: frames made with other weights are other
    /// results (the network's code has one version so far).
    fn version(&self) -> u32 {
        self.fingerprint
    }

    fn label(&self) -> &'static str {
        "IFNet"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        _sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        if let Some(gap) = without_motion(inputs) {
            return Ok(gap);
        }
        let (before, after) = (inputs.before, inputs.after);
        let (w, h) = before.dimensions();
        let shrink = w.max(h).div_ceil(NET_MAX_SIDE).max(1);
        let (nw, nh) = ((w / shrink).max(1), (h / shrink).max(1));
        let model_error = |e: candle_core::Error| GenError::Model(e.to_string());
        let input = |image: &RgbaImage| net_input(image, nw, nh, &self.device);
        Ok(Box::new(Moving {
            net: Arc::clone(&self.net),
            input0: input(before).map_err(model_error)?,
            input1: input(after).map_err(model_error)?,
            before: before.into(),
            after: after.into(),
            nw: nw as usize,
            nh: nh as usize,
        }))
    }
}

/// A frame as the network's input: (1, 3, H, W: B, G, R) in 0–1 at `nw`×`nh`,
/// zero-padded on the right and bottom to multiples of [`ALIGN`].
fn net_input(image: &RgbaImage, nw: u32, nh: u32, device: &Device) -> candle_core::Result<Tensor> {
    let small;
    let image = if image.dimensions() == (nw, nh) {
        image
    } else {
        small = image::imageops::resize(image, nw, nh, image::imageops::FilterType::Triangle);
        &small
    };
    let (w, h) = (nw as usize, nh as usize);
    let mut planes = vec![0f32; 3 * w * h];
    // Blue, green, red: RIFE was trained on frames read by OpenCV.
    for (i, p) in image.pixels().enumerate() {
        for c in 0..3 {
            planes[(2 - c) * w * h + i] = f32::from(p[c]) / 255.0;
        }
    }
    let padded = |n: usize| n.div_ceil(ALIGN) * ALIGN;
    Tensor::from_vec(planes, (1, 3, h, w), device)?
        .pad_with_zeros(2, 0, padded(h) - h)?
        .pad_with_zeros(3, 0, padded(w) - w)
}

/// A gap the network fills, frame by frame.
struct Moving {
    net: Arc<IfNet>,
    input0: Tensor,
    input1: Tensor,
    before: Pixels,
    after: Pixels,
    /// The size the network works at (before padding).
    nw: usize,
    nh: usize,
}

impl Moving {
    fn frame(&self, t: f32) -> candle_core::Result<RgbaImage> {
        let (flow, mask) = self.net.forward(&self.input0, &self.input1, t)?;
        let crop = |t: Tensor| -> candle_core::Result<Vec<f32>> {
            t.narrow(2, 0, self.nh)?
                .narrow(3, 0, self.nw)?
                .to_device(&Device::Cpu)?
                .flatten_all()?
                .to_vec1::<f32>()
        };
        let (flow, mask) = (crop(flow)?, crop(mask)?);
        let (w, h) = (self.before.width, self.before.height);
        let plane = self.nw * self.nh;
        let (columns, rows) = (Axis::all(w, self.nw), Axis::all(h, self.nh));
        let (sx, sy) = (w as f32 / self.nw as f32, h as f32 / self.nh as f32);
        let mut out = RgbaImage::new(w as u32, h as u32);
        out.par_chunks_mut(4 * w).enumerate().for_each(|(y, row)| {
            for (x, px) in row.chunks_exact_mut(4).enumerate() {
                let read = |k: usize| {
                    read_between(
                        &flow[k * plane..(k + 1) * plane],
                        self.nw,
                        columns[x],
                        rows[y],
                    )
                };
                let (xf, yf) = (x as f32, y as f32);
                let s0 = sample_rgb(
                    &self.before.data,
                    xf + read(0) * sx,
                    yf + read(1) * sy,
                    w,
                    h,
                );
                let s1 = sample_rgb(&self.after.data, xf + read(2) * sx, yf + read(3) * sy, w, h);
                let logit = read_between(&mask, self.nw, columns[x], rows[y]);
                let m = 1.0 / (1.0 + (-logit).exp());
                for c in 0..3 {
                    let value = m * s0[c] + (1.0 - m) * s1[c];
                    px[c] = (value.clamp(0.0, 255.0) + 0.5) as u8;
                }
                px[3] = 255;
            }
        });
        Ok(out)
    }
}

impl PreparedGap for Moving {
    /// The frame at `t`; should the network fail (it cannot once prepared,
    /// short of running out of memory) a dissolve, with the error printed.
    /// The fill and the CLI call [`PreparedGap::try_frame_at`], which
    /// passes the error on instead.
    fn frame_at(&self, t: f64) -> RgbaImage {
        self.try_frame_at(t).unwrap_or_else(|e| {
            eprintln!("IFNet: {e}; this frame is a dissolve");
            let t = t.clamp(0.0, 1.0);
            crate::render::mix(&image_of(&self.before), &image_of(&self.after), t)
        })
    }

    fn try_frame_at(&self, t: f64) -> Result<RgbaImage, GenError> {
        self.frame(t.clamp(0.0, 1.0) as f32)
            .map_err(|e| GenError::Model(e.to_string()))
    }
}

/// A picture back from its f32 pixels.
fn image_of(pixels: &Pixels) -> RgbaImage {
    let raw = pixels
        .data
        .iter()
        .flat_map(|p| p.map(|v| v.clamp(0.0, 255.0) as u8))
        .collect();
    RgbaImage::from_raw(pixels.width as u32, pixels.height as u32, raw)
        .unwrap_or_else(|| RgbaImage::new(pixels.width as u32, pixels.height as u32))
}

#[cfg(test)]
mod tests;
