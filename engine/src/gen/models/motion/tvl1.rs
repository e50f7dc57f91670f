//! Dense optical flow by TV-L1 (Zach, Pock and Bischof 2007, with Wedel et
//! al.'s median filtering), coarse to fine, on candle tensors.
//!
//! The data term is the L1 difference of brightness after warping, linearised
//! around the current flow and re-linearised `warps` times per level; the
//! regulariser is total variation. Each level starts from the coarser level's
//! flow, so large motions are found at low resolution and refined up.

use candle_core::{DType, Tensor};

use super::search;
use crate::r#gen::warp::warp;
use rayon::prelude::*;

use super::tensors::{central_gradient, median5, resize, resize_flow};
use crate::jobs::ProgressSink;

/// TV-L1's knobs (λ, θ and τ are OpenCV's defaults, for brightness in
/// 0–255).
#[derive(Debug, Clone, Copy)]
pub struct TvL1 {
    /// Weight of the data term against smoothness.
    pub lambda: f64,
    /// Coupling between the data and smoothness sub-problems.
    pub theta: f64,
    /// Step of the dual update.
    pub tau: f64,
    /// Re-linearisations per level.
    pub warps: usize,
    /// Iterations per linearisation.
    pub iterations: usize,
    /// Size ratio between pyramid levels.
    pub scale_step: f64,
    /// The coarsest level's smaller side, at least.
    pub min_side: usize,
    /// The exhaustive search for large motions runs at the coarsest level
    /// whose smaller side is at least this (`super::search`).
    pub search_side: usize,
    /// How far it searches there, in pixels of that level (0: no search).
    pub search_radius: usize,
    /// A second search, around the current flow, runs at the coarsest level
    /// whose smaller side is at least this (`search::refine`).
    pub refine_side: usize,
    /// How far from the current flow it looks, in pixels of that level (0:
    /// no second search).
    pub refine_radius: usize,
}

impl Default for TvL1 {
    fn default() -> Self {
        Self {
            lambda: 0.15,
            theta: 0.3,
            tau: 0.25,
            // OpenCV's 5 warps of 30 iterations cost 0.6 s more a 720p gap
            // and gave 0.01 dB on interp-dev (BENCHMARKS.md).
            warps: 4,
            iterations: 20,
            // 0.75 (finer than OpenCV's 0.8 default is coarser) measured best on
            // interp-dev: +0.4 dB overall over 0.5, at 1.7x the time.
            scale_step: 0.75,
            min_side: 16,
            search_side: 48,
            search_radius: 24,
            // 202x114 for a 640x360 picture, ±10 pixels there (±32 at
            // 640): measured on interp-dev from ±8 to ±16 and from 80 to
            // 120 (BENCHMARKS.md).
            refine_side: 100,
            refine_radius: 10,
        }
    }
}

/// Why a flow could not be computed: a tensor error, or the user cancelled.
pub enum FlowError {
    /// candle refused an operation (a bug or an impossible size).
    Tensor(candle_core::Error),
    /// Cancelled between warps.
    Cancelled,
}

impl From<candle_core::Error> for FlowError {
    fn from(e: candle_core::Error) -> Self {
        FlowError::Tensor(e)
    }
}

impl TvL1 {
    /// The flow (2, H, W) from `from` to `to` (both (C, H, W): brightness,
    /// then any colour planes, as `super::tensors::luma_and_colour` makes
    /// them): `from[p] ≈ to[p + flow[p]]`. TV-L1 follows the brightness;
    /// the searches match every plane.
    pub fn flow(
        &self,
        from: &Tensor,
        to: &Tensor,
        sink: &dyn ProgressSink,
    ) -> std::result::Result<Tensor, FlowError> {
        let (_, h, w) = from.dims3()?;
        let mut sizes = vec![(h, w)];
        while let Some(&(ph, pw)) = sizes.last() {
            let (nh, nw) = (
                (ph as f64 * self.scale_step) as usize,
                (pw as f64 * self.scale_step) as usize,
            );
            if nh.min(nw) < self.min_side {
                break;
            }
            sizes.push((nh, nw));
        }
        let (ch, cw) = sizes.last().copied().unwrap_or((h, w));
        let mut flow = Tensor::zeros((2, ch, cw), DType::F32, from.device())?;
        let level_for = |side: usize| {
            sizes
                .iter()
                .rev()
                .find(|&&(lh, lw)| lh.min(lw) >= side)
                .copied()
        };
        let (search_level, refine_level) =
            (level_for(self.search_side), level_for(self.refine_side));
        for &(lh, lw) in sizes.iter().rev() {
            if sink.is_cancelled() {
                return Err(FlowError::Cancelled);
            }
            flow = resize_flow(&flow, lh, lw)?;
            let searching = search_level == Some((lh, lw)) && self.search_radius > 0;
            let refining = refine_level == Some((lh, lw)) && self.refine_radius > 0;
            // The colour planes only where a search matches them.
            let planes = if searching || refining {
                from.dim(0)?
            } else {
                1
            };
            let at_level = |t: &Tensor| -> candle_core::Result<Tensor> {
                let t = t.narrow(0, 0, planes)?;
                if (lh, lw) == (h, w) {
                    Ok(t)
                } else {
                    resize(&t, lh, lw)
                }
            };
            let (i0, i1) = (at_level(from)?, at_level(to)?);
            if searching {
                flow = self.search(&i0, &i1, &flow)?;
            }
            if refining {
                flow = self.refine(&i0, &i1, &flow)?;
            }
            let (l0, l1) = (i0.narrow(0, 0, 1)?, i1.narrow(0, 0, 1)?);
            flow = self.level(&l0, &l1, flow, sink)?;
        }
        Ok(flow)
    }

    /// The pyramid's flow at this level, improved by [`search::improve`].
    fn search(&self, i0: &Tensor, i1: &Tensor, flow: &Tensor) -> candle_core::Result<Tensor> {
        let (_, h, w) = i0.dims3()?;
        let vector = |t: &Tensor| t.flatten_all().and_then(|t| t.to_vec1::<f32>());
        let warped = vector(&warp(i1, flow)?)?;
        let mut improved = vector(flow)?;
        search::improve(
            &vector(i0)?,
            &vector(i1)?,
            &mut improved,
            &warped,
            w,
            h,
            self.search_radius,
        );
        median5(&Tensor::from_vec(improved, (2, h, w), i0.device())?)
    }

    /// The flow at this level, improved by [`search::refine`].
    fn refine(&self, i0: &Tensor, i1: &Tensor, flow: &Tensor) -> candle_core::Result<Tensor> {
        let (_, h, w) = i0.dims3()?;
        let vector = |t: &Tensor| t.flatten_all().and_then(|t| t.to_vec1::<f32>());
        let mut refined = vector(flow)?;
        search::refine(
            &vector(i0)?,
            &vector(i1)?,
            &mut refined,
            w,
            h,
            self.refine_radius,
        );
        median5(&Tensor::from_vec(refined, (2, h, w), i0.device())?)
    }

    fn level(
        &self,
        i0: &Tensor,
        i1: &Tensor,
        flow: Tensor,
        sink: &dyn ProgressSink,
    ) -> std::result::Result<Tensor, FlowError> {
        let (_, h, w) = i0.dims3()?;
        let (i1x, i1y) = central_gradient(i1)?;
        let moving = Tensor::cat(&[i1, &i1x, &i1y], 0)?;
        let vector = |t: &Tensor| t.flatten_all().and_then(|t| t.to_vec1::<f32>());
        let still = vector(i0)?;
        let mut u = vector(&flow)?;
        let mut p = vec![0f32; 4 * h * w];
        for _ in 0..self.warps {
            if sink.is_cancelled() {
                return Err(FlowError::Cancelled);
            }
            let flow = Tensor::from_vec(u, (2, h, w), i0.device())?;
            let warped = vector(&warp(&moving, &flow)?)?;
            u = vector(&flow)?;
            let solver = Linearised::new(&still, &warped, &u, w, h);
            for _ in 0..self.iterations {
                solver.data_and_smoothness(&mut u, &p, self);
                dual_step(&u, &mut p, w, h, (self.tau / self.theta) as f32);
            }
            u = vector(&median5(&Tensor::from_vec(u, (2, h, w), i0.device())?)?)?;
        }
        Ok(Tensor::from_vec(u, (2, h, w), i0.device())?)
    }
}

/// The data term linearised around the flow at the start of a warp: the
/// warped second picture's gradient and the residual's constant part.
struct Linearised {
    ix: Vec<f32>,
    iy: Vec<f32>,
    grad: Vec<f32>,
    rho_c: Vec<f32>,
    w: usize,
    h: usize,
}

impl Linearised {
    /// `warped` holds the second picture, then its x and y gradients, all
    /// warped by `u` (x plane then y plane).
    fn new(still: &[f32], warped: &[f32], u: &[f32], w: usize, h: usize) -> Self {
        let plane = w * h;
        let (i1w, rest) = warped.split_at(plane);
        let (ix, iy) = rest.split_at(plane);
        let grad = ix
            .iter()
            .zip(iy)
            .map(|(x, y)| x * x + y * y + 1e-6)
            .collect();
        let rho_c = (0..plane)
            .map(|i| i1w[i] - ix[i] * u[i] - iy[i] * u[plane + i] - still[i])
            .collect();
        Self {
            ix: ix.to_vec(),
            iy: iy.to_vec(),
            grad,
            rho_c,
            w,
            h,
        }
    }

    /// One primal step, in place: the thresholding step of TV-L1 (its three
    /// cases in one clamp), then the pull of the dual variables `p`
    /// (p11, p12, p21, p22 planes) through their divergence.
    fn data_and_smoothness(&self, u: &mut [f32], p: &[f32], knobs: &TvL1) {
        let (w, h) = (self.w, self.h);
        let plane = w * h;
        let lt = (knobs.lambda * knobs.theta) as f32;
        let theta = knobs.theta as f32;
        let (u1, u2) = u.split_at_mut(plane);
        u1.par_chunks_mut(w)
            .zip(u2.par_chunks_mut(w))
            .enumerate()
            .for_each(|(y, (row1, row2))| {
                for x in 0..w {
                    let i = y * w + x;
                    let (ix, iy) = (self.ix[i], self.iy[i]);
                    let rho = self.rho_c[i] + ix * row1[x] + iy * row2[x];
                    let step = (-rho / self.grad[i]).clamp(-lt, lt);
                    let div = |k: usize| {
                        let (px, py) = (&p[2 * k * plane..], &p[(2 * k + 1) * plane..]);
                        let left = if x > 0 { px[i - 1] } else { 0.0 };
                        let up = if y > 0 { py[i - w] } else { 0.0 };
                        px[i] - left + py[i] - up
                    };
                    row1[x] += step * ix + theta * div(0);
                    row2[x] += step * iy + theta * div(1);
                }
            });
    }
}

/// The dual update of both flow components' TV terms, in place: p11 and p12
/// from u1's gradient, p21 and p22 from u2's, each pair sharing its norm.
fn dual_step(u: &[f32], p: &mut [f32], w: usize, h: usize, taut: f32) {
    let plane = w * h;
    let (p1, rest) = p.split_at_mut(2 * plane);
    let (u1, u2) = u.split_at(plane);
    rayon::join(
        || dual_pair(u1, p1, w, h, taut),
        || dual_pair(u2, rest, w, h, taut),
    );
}

/// One flow component's two dual planes (x then y), rows in parallel.
fn dual_pair(component: &[f32], p: &mut [f32], w: usize, h: usize, taut: f32) {
    let (px, py) = p.split_at_mut(w * h);
    px.par_chunks_mut(w)
        .zip(py.par_chunks_mut(w))
        .enumerate()
        .for_each(|(y, (row_x, row_y))| {
            let here = &component[y * w..(y + 1) * w];
            let below = if y + 1 < h {
                Some(&component[(y + 1) * w..(y + 2) * w])
            } else {
                None
            };
            for x in 0..w {
                let ux = if x + 1 < w {
                    here[x + 1] - here[x]
                } else {
                    0.0
                };
                let uy = below.map_or(0.0, |below| below[x] - here[x]);
                let norm = 1.0 + taut * (ux * ux + uy * uy).sqrt();
                row_x[x] = (row_x[x] + taut * ux) / norm;
                row_y[x] = (row_y[x] + taut * uy) / norm;
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use candle_core::Device;

    /// A textured pattern and the same pattern moved by (3.5, -2).
    #[test]
    fn finds_a_known_translation() {
        let (h, w) = (64usize, 80usize);
        let pattern = |x: f32, y: f32| {
            128.0 + 60.0 * (x * 0.35).sin() * (y * 0.27).cos() + 40.0 * ((x + y) * 0.11).sin()
        };
        let a: Vec<f32> = (0..h * w)
            .map(|i| pattern((i % w) as f32, (i / w) as f32))
            .collect();
        let b: Vec<f32> = (0..h * w)
            .map(|i| pattern((i % w) as f32 - 3.5, (i / w) as f32 + 2.0))
            .collect();
        let a = Tensor::from_vec(a, (1, h, w), &Device::Cpu).unwrap();
        let b = Tensor::from_vec(b, (1, h, w), &Device::Cpu).unwrap();
        let Ok(flow) = TvL1::default().flow(&a, &b, &NoProgress) else {
            panic!("flow failed");
        };
        let v = flow.to_vec3::<f32>().unwrap();
        let (dx, dy) = (v[0][h / 2][w / 2], v[1][h / 2][w / 2]);
        assert!(
            (dx - 3.5).abs() < 0.15 && (dy + 2.0).abs() < 0.15,
            "found ({dx}, {dy})"
        );
    }
}
