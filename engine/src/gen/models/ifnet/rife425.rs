//! IFNet as Practical-RIFE 4.25/4.26 builds it: an encoder head gives each
//! frame 4 feature channels at full size; five blocks run coarse to fine
//! (at 1/16 … 1/1 of the picture, divided by the `scale` argument), each
//! seeing both frames and both frames' features warped by the flow so far,
//! the time, the mask and 8 channels the previous block carried over. A
//! block's transposed convolution and a 2×2 pixel shuffle give 4 flow
//! channels (added to the flow so far), a mask logit (replacing the last)
//! and the carried channels.

use candle_core::{Module, Result, Tensor};
use candle_nn::{Conv2d, Conv2dConfig, VarBuilder};

use super::network::{leaky, warp_batch};
use super::up_conv::UpConv;
use super::weights::{
    CARRIED, CONV_BLOCK_DEPTH, ENCODED_FIRST_INPUTS, ENCODED_LATER_INPUTS, ENCODED_OUTPUTS,
    FEATURES, NetLayout,
};

/// The coarsest block's scale at `scale` 1: it works at 1/16 of the picture.
const COARSEST: f64 = 16.0;

fn conv(vb: VarBuilder, inputs: usize, outputs: usize, stride: usize) -> Result<Conv2d> {
    let config = Conv2dConfig {
        padding: 1,
        stride,
        ..Conv2dConfig::default()
    };
    candle_nn::conv2d(inputs, outputs, 3, config, vb)
}

/// The encoder head: three convolutions (the first halving the size) and a
/// transposed one back to full size, 4 channels out.
struct Head {
    convs: [Conv2d; 3],
    up: UpConv,
}

impl Head {
    fn new(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            convs: [
                conv(vb.pp("cnn0"), 3, 16, 2)?,
                conv(vb.pp("cnn1"), 16, 16, 1)?,
                conv(vb.pp("cnn2"), 16, 16, 1)?,
            ],
            up: UpConv::new(vb.pp("cnn3"), 16, FEATURES)?,
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut x = x.clone();
        for conv in &self.convs {
            x = leaky(&conv.forward(&x)?)?;
        }
        self.up.forward(&x)
    }
}

/// A residual convolution with a learnt per-channel gain.
struct ResConv {
    conv: Conv2d,
    beta: Tensor,
}

impl ResConv {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        leaky(&(self.conv.forward(x)?.broadcast_mul(&self.beta)? + x)?)
    }
}

struct Block {
    conv0: [Conv2d; 2],
    convblock: Vec<ResConv>,
    lastconv: UpConv,
}

/// What a block gives: the flow it adds, the mask logit, the carried channels.
struct Step {
    flow: Tensor,
    mask: Tensor,
    carried: Tensor,
}

impl Block {
    fn new(vb: VarBuilder, inputs: usize, width: usize) -> Result<Self> {
        let conv0 = vb.pp("conv0");
        let stack = vb.pp("convblock");
        Ok(Self {
            conv0: [
                conv(conv0.pp("0").pp("0"), inputs, width / 2, 2)?,
                conv(conv0.pp("1").pp("0"), width / 2, width, 2)?,
            ],
            convblock: (0..CONV_BLOCK_DEPTH)
                .map(|k| {
                    let vb = stack.pp(k.to_string());
                    Ok(ResConv {
                        conv: conv(vb.pp("conv"), width, width, 1)?,
                        beta: vb.get((1, width, 1, 1), "beta")?,
                    })
                })
                .collect::<Result<_>>()?,
            lastconv: UpConv::new(vb.pp("lastconv").pp("0"), width, ENCODED_OUTPUTS)?,
        })
    }

    /// The block on `x` (and the flow so far), working at 1/`scale`.
    fn forward(&self, x: &Tensor, flow: Option<&Tensor>, scale: f64) -> Result<Step> {
        let shrink = |t: &Tensor| t.upsample_bilinear2d_with_scale(1.0 / scale, 1.0 / scale, false);
        let mut input = shrink(x)?;
        if let Some(flow) = flow {
            input = Tensor::cat(&[&input, &(shrink(flow)? * (1.0 / scale))?], 1)?;
        }
        let mut feat = leaky(&self.conv0[1].forward(&leaky(&self.conv0[0].forward(&input)?)?)?)?;
        for conv in &self.convblock {
            feat = conv.forward(&feat)?;
        }
        let out = pixel_shuffle(&self.lastconv.forward(&feat)?, 2)?
            .upsample_bilinear2d_with_scale(scale, scale, false)?;
        Ok(Step {
            flow: (out.narrow(1, 0, 4)? * scale)?,
            mask: out.narrow(1, 4, 1)?,
            carried: out.narrow(1, 5, CARRIED)?,
        })
    }
}

/// PyTorch's `PixelShuffle(r)`: (N, C·r², H, W) to (N, C, H·r, W·r).
pub(super) fn pixel_shuffle(x: &Tensor, r: usize) -> Result<Tensor> {
    let (n, c, h, w) = x.dims4()?;
    let out = c / (r * r);
    x.reshape((n, out, r, r, h, w))?
        .permute((0, 1, 4, 2, 5, 3))?
        .reshape((n, out, h * r, w * r))
}

/// The 4.25/4.26 network.
pub struct Rife425 {
    head: Head,
    blocks: Vec<Block>,
}

impl Rife425 {
    pub fn new(vb: VarBuilder, layout: &NetLayout) -> Result<Self> {
        let blocks = layout
            .widths
            .iter()
            .enumerate()
            .map(|(i, &width)| {
                let inputs = if i == 0 {
                    ENCODED_FIRST_INPUTS
                } else {
                    ENCODED_LATER_INPUTS
                };
                Block::new(vb.pp(format!("block{i}")), inputs, width)
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            head: Head::new(vb.pp("encode"))?,
            blocks,
        })
    }

    /// The sides a frame is padded to a multiple of at `scale`: the
    /// coarsest block's convolutions shrink its 1/16 by 4 more.
    pub fn align(&self, scale: f64) -> usize {
        let coarsest = COARSEST * 2f64.powi(self.blocks.len() as i32 - 5) / scale;
        ((4.0 * coarsest).max(64.0)).round() as usize
    }

    /// See [`super::IfNet::forward`].
    pub fn forward(
        &self,
        frame0: &Tensor,
        frame1: &Tensor,
        t: f32,
        scale: f64,
    ) -> Result<(Tensor, Tensor)> {
        let (_, _, h, w) = frame0.dims4()?;
        let time = Tensor::full(t, (1, 1, h, w), frame0.device())?;
        let (f0, f1) = (self.head.forward(frame0)?, self.head.forward(frame1)?);
        let count = self.blocks.len() as i32;
        let mut state: Option<(Tensor, Tensor, Tensor)> = None;
        for (i, block) in self.blocks.iter().enumerate() {
            let at = 2f64.powi(count - 1 - i as i32) / scale;
            state = Some(match state {
                None => {
                    let x = Tensor::cat(&[frame0, frame1, &f0, &f1, &time], 1)?;
                    let step = block.forward(&x, None, at)?;
                    (step.flow, step.mask, step.carried)
                }
                Some((flow, mask, carried)) => {
                    let (to0, to1) = (flow.narrow(1, 0, 2)?, flow.narrow(1, 2, 2)?);
                    let x = Tensor::cat(
                        &[
                            &warp_batch(frame0, &to0)?,
                            &warp_batch(frame1, &to1)?,
                            &warp_batch(&f0, &to0)?,
                            &warp_batch(&f1, &to1)?,
                            &time,
                            &mask,
                            &carried,
                        ],
                        1,
                    )?;
                    let step = block.forward(&x, Some(&flow), at)?;
                    ((flow + step.flow)?, step.mask, step.carried)
                }
            });
        }
        match state {
            Some((flow, mask, _)) => Ok((flow, mask)),
            None => candle_core::bail!("an IFNet with no blocks"),
        }
    }
}
