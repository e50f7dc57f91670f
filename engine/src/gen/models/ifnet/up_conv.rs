//! RIFE's transposed convolution (kernel 4, stride 2, padding 1) as one
//! ordinary convolution: candle's CPU transposed convolution takes a dot
//! product per output pixel and kernel tap, and in 4.25/4.26 (52 output
//! channels at up to full size) it was most of a frame's time.
//!
//! Each output pixel (2m + a, 2n + b) gathers four input pixels through four
//! of the kernel's taps, the same four for every pixel of that phase (a, b):
//! along one axis, phase 0 reads rows m − 1 and m through taps 3 and 1, phase
//! 1 rows m and m + 1 through taps 2 and 0. So one 2x2 convolution with
//! padding 1, its output channels the four phases' kernels, gives every
//! phase; each is cropped at its offset and the four interleave.

use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

/// Which kernel taps phase 0 and phase 1 read, for their two rows (or columns).
const TAPS: [[usize; 2]; 2] = [[3, 1], [2, 0]];

/// A `ConvTranspose2d(inputs, outputs, 4, stride 2, padding 1)`.
pub struct UpConv {
    /// [4 · outputs, inputs, 2, 2]: the phases (0,0), (0,1), (1,0), (1,1).
    kernel: Tensor,
    bias: Tensor,
    outputs: usize,
}

impl UpConv {
    /// From `vb`'s `weight` ([inputs, outputs, 4, 4], PyTorch's layout) and `bias`.
    pub fn new(vb: VarBuilder, inputs: usize, outputs: usize) -> Result<Self> {
        let weight = vb.get((inputs, outputs, 4, 4), "weight")?;
        let bias = vb.get(outputs, "bias")?;
        Self::from_weights(&weight, bias)
    }

    fn from_weights(weight: &Tensor, bias: Tensor) -> Result<Self> {
        let (_, outputs, _, _) = weight.dims4()?;
        let mut phases = Vec::with_capacity(4);
        for rows in TAPS {
            for columns in TAPS {
                let row = |r: usize| -> Result<Tensor> {
                    let taps = columns
                        .iter()
                        .map(|&c| weight.narrow(2, r, 1)?.narrow(3, c, 1))
                        .collect::<Result<Vec<_>>>()?;
                    Tensor::cat(&taps, 3)
                };
                let kernel = Tensor::cat(&[row(rows[0])?, row(rows[1])?], 2)?;
                phases.push(kernel.transpose(0, 1)?.contiguous()?);
            }
        }
        Ok(Self {
            kernel: Tensor::cat(&phases, 0)?,
            bias,
            outputs,
        })
    }

    /// (N, inputs, H, W) to (N, outputs, 2H, 2W).
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (n, _, h, w) = x.dims4()?;
        let all = x.conv2d(&self.kernel, 1, 1, 1, 1)?;
        let o = self.outputs;
        let mut phases = Vec::with_capacity(4);
        for (i, (a, b)) in [(0, 0), (0, 1), (1, 0), (1, 1)].into_iter().enumerate() {
            phases.push(all.narrow(1, i * o, o)?.narrow(2, a, h)?.narrow(3, b, w)?);
        }
        Tensor::stack(&phases, 2)?
            .reshape((n, o, 2, 2, h, w))?
            .permute((0, 1, 4, 2, 5, 3))?
            .reshape((n, o, 2 * h, 2 * w))?
            .broadcast_add(&self.bias.reshape((1, o, 1, 1))?)
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Module};
    use candle_nn::{ConvTranspose2d, ConvTranspose2dConfig};

    use super::*;

    #[test]
    fn it_equals_candles_transposed_convolution() {
        let device = Device::Cpu;
        let values = |n: usize, seed: f32| -> Vec<f32> {
            (0..n)
                .map(|i| (i as f32 * 0.731 + seed).sin() * 0.5)
                .collect()
        };
        let (cin, cout, h, w) = (6, 5, 7, 9);
        let weight =
            Tensor::from_vec(values(cin * cout * 16, 0.3), (cin, cout, 4, 4), &device).unwrap();
        let bias = Tensor::from_vec(values(cout, 1.1), cout, &device).unwrap();
        let x = Tensor::from_vec(values(2 * cin * h * w, 2.0), (2, cin, h, w), &device).unwrap();
        let config = ConvTranspose2dConfig {
            padding: 1,
            stride: 2,
            ..ConvTranspose2dConfig::default()
        };
        let reference = ConvTranspose2d::new(weight.clone(), Some(bias.clone()), config)
            .forward(&x)
            .unwrap();
        let ours = UpConv::from_weights(&weight, bias)
            .unwrap()
            .forward(&x)
            .unwrap();
        assert_eq!(ours.dims(), reference.dims());
        assert_eq!(ours.dims(), [2, cout, 2 * h, 2 * w]);
        let diff = (ours - reference)
            .unwrap()
            .abs()
            .unwrap()
            .flatten_all()
            .unwrap()
            .max(0)
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(diff < 1e-4, "{diff}");
    }
}
