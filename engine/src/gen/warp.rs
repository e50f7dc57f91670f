//! Bilinear backward warping as a candle custom op, with its backward pass.
//!
//! candle has no grid-sampling op. `warp(image, flow)` samples `image` at
//! each pixel displaced by `flow`:
//!
//! ```text
//! out[c, y, x] = image[c, y + flow[1, y, x], x + flow[0, y, x]]
//! ```
//!
//! bilinearly, with sample positions clamped to the image (border
//! replication). The backward pass gives the gradient for the flow (so motion
//! can be fitted by gradient descent through the warp) and for the image.
//! CPU only for now; CUDA and Metal kernels can be added behind features.

use candle_core::{CpuStorage, CustomOp2, Layout, Result, Shape, Tensor, bail};
use rayon::prelude::*;

/// `image` (C, H, W) sampled at each pixel moved by `flow` (2, H, W: dx, dy).
pub fn warp(image: &Tensor, flow: &Tensor) -> Result<Tensor> {
    image
        .contiguous()?
        .apply_op2(&flow.contiguous()?, BackwardWarp)
}

/// The warp as a candle op. Use [`warp`], which makes the inputs contiguous.
pub struct BackwardWarp;

/// One bilinear sample: the four neighbours, their weights, and whether the
/// sample position was clamped in x or y (the flow gradient is zero there).
/// The motion model reads its planes with it too.
#[derive(Clone, Copy)]
pub(crate) struct Tap {
    i00: usize,
    i01: usize,
    i10: usize,
    i11: usize,
    ax: f32,
    ay: f32,
    inside_x: bool,
    inside_y: bool,
}

impl Tap {
    /// The sample of a `w`×`h` plane at (fx, fy), edges clamped.
    #[inline]
    pub(crate) fn at(fx: f32, fy: f32, w: usize, h: usize) -> Self {
        let max_x = (w - 1) as f32;
        let max_y = (h - 1) as f32;
        let cx = fx.clamp(0.0, max_x);
        let cy = fy.clamp(0.0, max_y);
        // Non-negative after the clamp, so truncation is the floor.
        let x0 = cx as usize;
        let y0 = cy as usize;
        let x1 = (x0 + 1).min(w - 1);
        let y1 = (y0 + 1).min(h - 1);
        Tap {
            i00: y0 * w + x0,
            i01: y0 * w + x1,
            i10: y1 * w + x0,
            i11: y1 * w + x1,
            ax: cx - x0 as f32,
            ay: cy - y0 as f32,
            inside_x: fx > 0.0 && fx < max_x,
            inside_y: fy > 0.0 && fy < max_y,
        }
    }

    /// The same sample `dx`, `dy` whole pixels away in a `w`×`h` plane: the
    /// same weights, the neighbours moved. None where this tap was clamped
    /// at an edge or the moved one would be (then [`Tap::at`] is needed).
    #[inline]
    pub(crate) fn moved(&self, dx: i32, dy: i32, w: usize, h: usize) -> Option<Tap> {
        if !(self.inside_x && self.inside_y) {
            return None;
        }
        let x0 = (self.i00 % w) as i64 + i64::from(dx);
        let y0 = (self.i00 / w) as i64 + i64::from(dy);
        if x0 < 0 || y0 < 0 || x0 + 1 >= w as i64 || y0 + 1 >= h as i64 {
            return None;
        }
        let i00 = y0 as usize * w + x0 as usize;
        Some(Tap {
            i00,
            i01: i00 + 1,
            i10: i00 + w,
            i11: i00 + w + 1,
            ..*self
        })
    }

    /// The plane's value there.
    #[inline]
    pub(crate) fn read(&self, plane: &[f32]) -> f32 {
        self.mix(|i| plane[i])
    }

    /// The bilinear mix of `value` at the four neighbours (by index into a
    /// `w`×`h` picture), for pictures that are not one plane of f32.
    #[inline]
    pub(crate) fn mix(&self, value: impl Fn(usize) -> f32) -> f32 {
        let top = value(self.i00) * (1.0 - self.ax) + value(self.i01) * self.ax;
        let bottom = value(self.i10) * (1.0 - self.ax) + value(self.i11) * self.ax;
        top * (1.0 - self.ay) + bottom * self.ay
    }
}

fn tap(x: usize, y: usize, dx: f32, dy: f32, w: usize, h: usize) -> Tap {
    Tap::at(x as f32 + dx, y as f32 + dy, w, h)
}

fn f32_slice<'a>(storage: &'a CpuStorage, layout: &Layout, what: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(data) = storage else {
        bail!("warp: the {what} must be f32")
    };
    let Some((start, end)) = layout.contiguous_offsets() else {
        bail!("warp: the {what} must be contiguous")
    };
    Ok(&data[start..end])
}

fn dims(image: &Shape, flow: &Shape) -> Result<(usize, usize, usize)> {
    let (c, h, w) = image.dims3()?;
    let (two, fh, fw) = flow.dims3()?;
    if two != 2 || fh != h || fw != w {
        bail!("warp: a ({c}, {h}, {w}) image needs a (2, {h}, {w}) flow, not ({two}, {fh}, {fw})");
    }
    if h == 0 || w == 0 {
        bail!("warp: the image is empty");
    }
    Ok((c, h, w))
}

impl CustomOp2 for BackwardWarp {
    fn name(&self) -> &'static str {
        "backward-warp"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (c, h, w) = dims(l1.shape(), l2.shape())?;
        let image = f32_slice(s1, l1, "image")?;
        let flow = f32_slice(s2, l2, "flow")?;
        let plane = h * w;
        let mut out = vec![0f32; c * plane];
        out.par_chunks_mut(w).enumerate().for_each(|(row, dst)| {
            let (channel, y) = (row / h, row % h);
            let source = &image[channel * plane..(channel + 1) * plane];
            for (x, value) in dst.iter_mut().enumerate() {
                let i = y * w + x;
                *value = tap(x, y, flow[i], flow[plane + i], w, h).read(source);
            }
        });
        Ok((CpuStorage::F32(out), Shape::from((c, h, w))))
    }

    fn bwd(
        &self,
        image: &Tensor,
        flow: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let (c, h, w) = dims(image.shape(), flow.shape())?;
        let plane = h * w;
        let image_v = image.flatten_all()?.to_vec1::<f32>()?;
        let flow_v = flow.flatten_all()?.to_vec1::<f32>()?;
        let grad_v = grad.flatten_all()?.to_vec1::<f32>()?;
        let taps: Vec<Tap> = (0..plane)
            .map(|i| tap(i % w, i / w, flow_v[i], flow_v[plane + i], w, h))
            .collect();

        // d out / d flow, summed over channels; zero where the sample was clamped.
        let mut grad_flow = vec![0f32; 2 * plane];
        let (gx, gy) = grad_flow.split_at_mut(plane);
        gx.par_iter_mut()
            .zip(gy.par_iter_mut())
            .enumerate()
            .for_each(|(i, (dx, dy))| {
                let t = taps[i];
                for channel in 0..c {
                    let p = &image_v[channel * plane..(channel + 1) * plane];
                    let g = grad_v[channel * plane + i];
                    if t.inside_x {
                        *dx += g
                            * ((1.0 - t.ay) * (p[t.i01] - p[t.i00]) + t.ay * (p[t.i11] - p[t.i10]));
                    }
                    if t.inside_y {
                        *dy += g
                            * ((1.0 - t.ax) * (p[t.i10] - p[t.i00]) + t.ax * (p[t.i11] - p[t.i01]));
                    }
                }
            });

        // d out / d image: each output spreads its gradient back onto its
        // four source pixels (the transpose of the sampling).
        let mut grad_image = vec![0f32; c * plane];
        grad_image
            .par_chunks_mut(plane)
            .enumerate()
            .for_each(|(channel, dst)| {
                let g = &grad_v[channel * plane..(channel + 1) * plane];
                for (i, t) in taps.iter().enumerate() {
                    let v = g[i];
                    dst[t.i00] += v * (1.0 - t.ax) * (1.0 - t.ay);
                    dst[t.i01] += v * t.ax * (1.0 - t.ay);
                    dst[t.i10] += v * (1.0 - t.ax) * t.ay;
                    dst[t.i11] += v * t.ax * t.ay;
                }
            });

        let device = image.device();
        Ok((
            Some(Tensor::from_vec(grad_image, (c, h, w), device)?),
            Some(Tensor::from_vec(grad_flow, (2, h, w), device)?),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    #[test]
    fn a_moved_tap_reads_what_a_new_one_does_and_none_at_the_edges() {
        let (w, h) = (9usize, 7usize);
        let plane: Vec<f32> = (0..w * h).map(|i| ((i * 37) % 11) as f32).collect();
        let tap = Tap::at(3.25, 2.5, w, h);
        for (dx, dy) in [(1, 0), (-3, 2), (4, 3), (0, -2)] {
            let Some(moved) = tap.moved(dx, dy, w, h) else {
                panic!("({dx}, {dy}) stays inside");
            };
            let new = Tap::at(3.25 + dx as f32, 2.5 + dy as f32, w, h);
            assert_eq!(moved.read(&plane), new.read(&plane), "({dx}, {dy})");
        }
        // The moved tap's right or lower neighbours would be outside, or it
        // would start left of the picture.
        assert!(tap.moved(5, 0, w, h).is_none());
        assert!(tap.moved(0, 4, w, h).is_none());
        assert!(tap.moved(-4, 0, w, h).is_none());
        // A tap clamped at the edge is never moved.
        assert!(Tap::at(-1.0, 2.0, w, h).moved(2, 0, w, h).is_none());
    }

    /// A smooth test image, so bilinear sampling is well behaved.
    fn smooth(c: usize, h: usize, w: usize) -> Tensor {
        let data: Vec<f32> = (0..c * h * w)
            .map(|i| {
                let (ch, y, x) = (i / (h * w), (i / w) % h, i % w);
                ((x as f32 * 0.31 + ch as f32).sin() + (y as f32 * 0.23).cos()) * 0.5
            })
            .collect();
        Tensor::from_vec(data, (c, h, w), &Device::Cpu).unwrap()
    }

    fn constant_flow(dx: f32, dy: f32, h: usize, w: usize) -> Tensor {
        let mut data = vec![dx; h * w];
        data.extend(std::iter::repeat_n(dy, h * w));
        Tensor::from_vec(data, (2, h, w), &Device::Cpu).unwrap()
    }

    #[test]
    fn zero_flow_is_the_identity_and_whole_pixels_shift() {
        let image = smooth(3, 9, 12);
        let same = warp(&image, &constant_flow(0.0, 0.0, 9, 12)).unwrap();
        assert_eq!(
            same.to_vec3::<f32>().unwrap(),
            image.to_vec3::<f32>().unwrap()
        );
        let shifted = warp(&image, &constant_flow(2.0, 1.0, 9, 12))
            .unwrap()
            .to_vec3::<f32>()
            .unwrap();
        let original = image.to_vec3::<f32>().unwrap();
        assert_eq!(shifted[1][3][4], original[1][4][6]);
        // Past the border, the edge pixel repeats.
        assert_eq!(shifted[0][8][11], original[0][8][11]);
    }

    #[test]
    fn half_pixels_average_their_neighbours() {
        let image =
            Tensor::from_vec(vec![0f32, 10.0, 20.0, 30.0], (1, 1, 4), &Device::Cpu).unwrap();
        let out = warp(&image, &constant_flow(0.5, 0.0, 1, 4))
            .unwrap()
            .to_vec3::<f32>()
            .unwrap();
        assert_eq!(out[0][0], [5.0, 15.0, 25.0, 30.0]);
    }

    #[test]
    fn mismatched_shapes_are_refused() {
        let image = smooth(3, 4, 5);
        assert!(warp(&image, &constant_flow(0.0, 0.0, 4, 6)).is_err());
    }

    /// The analytic gradients agree with finite differences.
    #[test]
    fn backward_matches_finite_differences() {
        let (c, h, w) = (2, 6, 7);
        let image = smooth(c, h, w);
        // Fractional parts 0.13, 0.33, …, 0.93: never within the finite
        // difference's step of a whole pixel, where bilinear sampling has a kink.
        let flow_values: Vec<f32> = (0..2 * h * w)
            .map(|i| ((i * 37 % 23) as f32 - 11.0) * 0.2 + 0.13)
            .collect();
        let weights = smooth(c, h, w).affine(0.7, 0.3).unwrap();
        let loss_of = |img: &Tensor, flow: &Tensor| -> f32 {
            (warp(img, flow).unwrap() * &weights)
                .unwrap()
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap()
        };
        let image_var = Var::from_tensor(&image).unwrap();
        let flow_var = Var::from_tensor(
            &Tensor::from_vec(flow_values.clone(), (2, h, w), &Device::Cpu).unwrap(),
        )
        .unwrap();
        let loss = (warp(image_var.as_tensor(), flow_var.as_tensor()).unwrap() * &weights)
            .unwrap()
            .sum_all()
            .unwrap();
        let grads = loss.backward().unwrap();
        let grad_flow = grads
            .get(flow_var.as_tensor())
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let grad_image = grads
            .get(image_var.as_tensor())
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let eps = 1e-2f32;
        for i in [0, 5, 17, 40, 61, 2 * h * w - 1] {
            let (mut up, mut down) = (flow_values.clone(), flow_values.clone());
            up[i] += eps;
            down[i] -= eps;
            let f = |v: Vec<f32>| Tensor::from_vec(v, (2, h, w), &Device::Cpu).unwrap();
            let numeric = (loss_of(&image, &f(up)) - loss_of(&image, &f(down))) / (2.0 * eps);
            assert!(
                (numeric - grad_flow[i]).abs() < 2e-2,
                "flow {i}: numeric {numeric}, analytic {}",
                grad_flow[i]
            );
        }
        let flow = flow_var.as_tensor().clone();
        let image_values = image.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        for i in [0, 9, 33, 50, c * h * w - 1] {
            let (mut up, mut down) = (image_values.clone(), image_values.clone());
            up[i] += eps;
            down[i] -= eps;
            let f = |v: Vec<f32>| Tensor::from_vec(v, (c, h, w), &Device::Cpu).unwrap();
            let numeric = (loss_of(&f(up), &flow) - loss_of(&f(down), &flow)) / (2.0 * eps);
            assert!(
                (numeric - grad_image[i]).abs() < 2e-2,
                "image {i}: numeric {numeric}, analytic {}",
                grad_image[i]
            );
        }
    }

    /// Gradient descent through the warp recovers a known sub-pixel shift.
    #[test]
    fn a_shift_can_be_fitted_through_the_warp() {
        let (h, w) = (24, 32);
        let image = smooth(3, h, w);
        let target = warp(&image, &constant_flow(2.3, -1.7, h, w)).unwrap();
        let shift = Var::from_tensor(
            &Tensor::zeros((2, 1, 1), candle_core::DType::F32, &Device::Cpu).unwrap(),
        )
        .unwrap();
        for _ in 0..300 {
            let flow = shift.as_tensor().broadcast_as((2, h, w)).unwrap();
            let residual = (warp(&image, &flow).unwrap() - &target).unwrap();
            // Ignore the border, where clamping makes the two differ whatever the shift.
            let inner = residual
                .narrow(1, 3, h - 6)
                .unwrap()
                .narrow(2, 4, w - 8)
                .unwrap();
            let loss = inner.sqr().unwrap().mean_all().unwrap();
            let grads = loss.backward().unwrap();
            let g = grads.get(shift.as_tensor()).unwrap();
            shift
                .set(&(shift.as_tensor() - (g * 4.0).unwrap()).unwrap())
                .unwrap();
        }
        let found = shift
            .as_tensor()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        assert!(
            (found[0] - 2.3).abs() < 0.05 && (found[1] + 1.7).abs() < 0.05,
            "found {found:?}"
        );
    }
}
