//! The IFNet network (RIFE 4.x's intermediate-flow estimator) on candle-nn:
//! [`IfNet`] is either generation ([`super::weights::Generation`]); this
//! file holds RIFE 4.0–4.3's, `rife425.rs` Practical-RIFE 4.25/4.26's.
//!
//! In 4.0–4.3 blocks run coarse to fine, block i at 1/2^(N−1−i) of the picture (1/8,
//! 1/4, 1/2, 1 for four blocks). Each block shrinks its input by 4 with two
//! strided convolutions, refines it through a residual stack, and a
//! transposed convolution gives 4 flow channels (t → frame 0, t → frame 1)
//! and a mask logit, which are added to the previous block's. The time t is
//! an input channel, so one network interpolates at any t.

use candle_core::{Module, Result, Tensor};
use candle_nn::{Conv2d, Conv2dConfig, PReLU, VarBuilder};

use super::rife425::Rife425;
use super::up_conv::UpConv;
use super::weights::{
    CONV_BLOCK_DEPTH, FIRST_INPUTS, Generation, LATER_INPUTS, NetLayout, OUTPUTS,
};
use crate::r#gen::warp::warp;

/// A 4.0–4.3 network's input sides must be multiples of this at scale 1:
/// the coarsest block works at 1/8 and its convolutions shrink by 4 more.
pub const ALIGN: usize = 32;

/// Leaky ReLU of slope 0.2, as RIFE's `nn.LeakyReLU(0.2)`.
pub(super) fn leaky(y: &Tensor) -> Result<Tensor> {
    y.maximum(&(y * 0.2)?)
}

/// A convolution and its activation.
struct Conv {
    conv: Conv2d,
    /// PReLU, or leaky ReLU (0.2) when the weights have no slopes.
    prelu: Option<PReLU>,
}

impl Conv {
    fn new(
        vb: VarBuilder,
        inputs: usize,
        outputs: usize,
        stride: usize,
        prelu: bool,
    ) -> Result<Self> {
        let config = Conv2dConfig {
            padding: 1,
            stride,
            ..Conv2dConfig::default()
        };
        Ok(Self {
            conv: candle_nn::conv2d(inputs, outputs, 3, config, vb.pp("0"))?,
            prelu: if prelu {
                Some(candle_nn::prelu(Some(outputs), vb.pp("1"))?)
            } else {
                None
            },
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let y = self.conv.forward(x)?;
        match &self.prelu {
            Some(prelu) => prelu.forward(&y),
            None => leaky(&y),
        }
    }
}

/// One intermediate-flow block.
struct Block {
    conv0: [Conv; 2],
    convblock: Vec<Conv>,
    lastconv: UpConv,
}

impl Block {
    fn new(vb: VarBuilder, inputs: usize, width: usize, prelu: bool) -> Result<Self> {
        let half = width / 2;
        let conv0 = vb.pp("conv0");
        let stack = vb.pp("convblock");
        Ok(Self {
            conv0: [
                Conv::new(conv0.pp("0"), inputs, half, 2, prelu)?,
                Conv::new(conv0.pp("1"), half, width, 2, prelu)?,
            ],
            convblock: (0..CONV_BLOCK_DEPTH)
                .map(|k| Conv::new(stack.pp(k.to_string()), width, width, 1, prelu))
                .collect::<Result<_>>()?,
            lastconv: UpConv::new(vb.pp("lastconv"), width, OUTPUTS)?,
        })
    }

    /// The flow (1, 4, H, W) and mask logit (1, 1, H, W) this block adds,
    /// working at 1/`scale` of `x`'s (1, C, H, W) size.
    fn forward(&self, x: &Tensor, flow: Option<&Tensor>, scale: f64) -> Result<(Tensor, Tensor)> {
        let (_, _, h, w) = x.dims4()?;
        let shrink = |t: &Tensor| t.upsample_bilinear2d_with_scale(1.0 / scale, 1.0 / scale, false);
        let mut input = shrink(x)?;
        if let Some(flow) = flow {
            let flow = (shrink(flow)? * (1.0 / scale))?;
            input = Tensor::cat(&[&input, &flow], 1)?;
        }
        let feat = self.conv0[1].forward(&self.conv0[0].forward(&input)?)?;
        let mut refined = feat.clone();
        for conv in &self.convblock {
            refined = conv.forward(&refined)?;
        }
        let out = self.lastconv.forward(&(refined + feat)?)?;
        let out = out.upsample_bilinear2d(h, w, false)?;
        let flow = (out.narrow(1, 0, 4)? * (2.0 * scale))?;
        Ok((flow, out.narrow(1, 4, 1)?))
    }
}

/// The whole network, of either generation.
pub enum IfNet {
    /// RIFE 4.0–4.3.
    Rife4(Rife4),
    /// Practical-RIFE 4.25/4.26.
    Rife425(Box<Rife425>),
}

impl IfNet {
    /// The network of `layout`, its weights taken by name from `vb`.
    pub fn new(vb: VarBuilder, layout: &NetLayout) -> Result<Self> {
        Ok(match layout.generation {
            Generation::Rife4 => Self::Rife4(Rife4::new(vb, layout)?),
            Generation::Rife425 => Self::Rife425(Box::new(Rife425::new(vb, layout)?)),
        })
    }

    /// What the input's sides must be multiples of at `scale`.
    pub fn align(&self, scale: f64) -> usize {
        match self {
            Self::Rife4(_) => ((ALIGN as f64 / scale).max(ALIGN as f64)).round() as usize,
            Self::Rife425(net) => net.align(scale),
        }
    }

    /// The flows from time `t` back to each frame (1, 4, H, W: x and y to
    /// frame 0, then to frame 1, in pixels) and the mask logit (1, 1, H, W:
    /// how much of frame 0 to take, before a sigmoid). The frames are
    /// (1, 3, H, W) in 0–1, H and W multiples of [`IfNet::align`]. `scale`
    /// below 1 runs every block on a smaller picture (0.5: flows at half the
    /// size), for speed on large frames.
    pub fn forward(
        &self,
        frame0: &Tensor,
        frame1: &Tensor,
        t: f32,
        scale: f64,
    ) -> Result<(Tensor, Tensor)> {
        match self {
            Self::Rife4(net) => net.forward(frame0, frame1, t, scale),
            Self::Rife425(net) => net.forward(frame0, frame1, t, scale),
        }
    }
}

/// RIFE 4.0–4.3's network.
pub struct Rife4 {
    blocks: Vec<Block>,
}

impl Rife4 {
    fn new(vb: VarBuilder, layout: &NetLayout) -> Result<Self> {
        let blocks = layout
            .widths
            .iter()
            .enumerate()
            .map(|(i, &width)| {
                let inputs = if i == 0 { FIRST_INPUTS } else { LATER_INPUTS };
                Block::new(vb.pp(format!("block{i}")), inputs, width, layout.prelu)
            })
            .collect::<Result<_>>()?;
        Ok(Self { blocks })
    }

    fn forward(
        &self,
        frame0: &Tensor,
        frame1: &Tensor,
        t: f32,
        scale: f64,
    ) -> Result<(Tensor, Tensor)> {
        let (_, _, h, w) = frame0.dims4()?;
        let time = Tensor::full(t, (1, 1, h, w), frame0.device())?;
        let count = self.blocks.len();
        let mut state: Option<(Tensor, Tensor)> = None;
        for (i, block) in self.blocks.iter().enumerate() {
            let scale = (1usize << (count - 1 - i)) as f64 / scale;
            state = Some(match state {
                None => {
                    let x = Tensor::cat(&[frame0, frame1, &time], 1)?;
                    block.forward(&x, None, scale)?
                }
                Some((flow, mask)) => {
                    let warped0 = warp_batch(frame0, &flow.narrow(1, 0, 2)?)?;
                    let warped1 = warp_batch(frame1, &flow.narrow(1, 2, 2)?)?;
                    let x = Tensor::cat(&[&warped0, &warped1, &time, &mask], 1)?;
                    let (more_flow, more_mask) = block.forward(&x, Some(&flow), scale)?;
                    ((flow + more_flow)?, (mask + more_mask)?)
                }
            });
        }
        match state {
            Some(result) => Ok(result),
            None => candle_core::bail!("an IFNet with no blocks"),
        }
    }
}

/// The warp op on a batch of one: (1, C, H, W) by a (1, 2, H, W) flow, on
/// the CPU (the op has no GPU kernel yet: tensors elsewhere are copied).
pub(super) fn warp_batch(image: &Tensor, flow: &Tensor) -> Result<Tensor> {
    let device = image.device().clone();
    let cpu = candle_core::Device::Cpu;
    let warped = warp(
        &image.squeeze(0)?.to_device(&cpu)?,
        &flow.squeeze(0)?.to_device(&cpu)?,
    )?;
    warped.unsqueeze(0)?.to_device(&device)
}
