//! Frames at any t from two flows: project the motion to time t, warp both
//! sides there, and blend them by where each side can be seen.

use candle_core::{Result, Tensor};

use super::super::warp::warp;

/// Trust at or above 1 / CONFIDENCE_GAIN uses the motion fully.
const CONFIDENCE_GAIN: f32 = 6.0;

/// Both boundary frames and the motion between them, measured once per gap.
pub struct Motion {
    /// Frame 0, (3, H, W) in 0–1.
    pub rgb0: Tensor,
    /// Frame 1.
    pub rgb1: Tensor,
    /// Flow 0 → 1, x then y planes, H·W each.
    pub f01: Vec<f32>,
    /// Flow 1 → 0.
    pub f10: Vec<f32>,
    /// How much each frame-0 pixel's motion can be trusted (0–1).
    pub trust0: Vec<f32>,
    /// How much each frame-1 pixel's motion can be trusted.
    pub trust1: Vec<f32>,
    /// Height.
    pub h: usize,
    /// Width.
    pub w: usize,
}

fn bilinear(plane: &[f32], x: f32, y: f32, w: usize, h: usize) -> f32 {
    let cx = x.clamp(0.0, (w - 1) as f32);
    let cy = y.clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (cx.floor() as usize, cy.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (ax, ay) = (cx - x0 as f32, cy - y0 as f32);
    let top = plane[y0 * w + x0] * (1.0 - ax) + plane[y0 * w + x1] * ax;
    let bottom = plane[y1 * w + x0] * (1.0 - ax) + plane[y1 * w + x1] * ax;
    top * (1.0 - ay) + bottom * ay
}

/// Trust in each pixel's motion from `forward` (this frame to the other),
/// checked against `backward`: going there and back should return home
/// (Sundaram et al.'s forward-backward test, made soft), and the colours at
/// both ends should agree.
pub fn trust(
    forward: &[f32],
    backward: &[f32],
    luma_here: &[f32],
    luma_there: &[f32],
    w: usize,
    h: usize,
) -> Vec<f32> {
    let plane = w * h;
    (0..plane)
        .map(|i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let (fx, fy) = (forward[i], forward[plane + i]);
            let (tx, ty) = (x + fx, y + fy);
            let bx = bilinear(&backward[..plane], tx, ty, w, h);
            let by = bilinear(&backward[plane..], tx, ty, w, h);
            let round_trip = (fx + bx).powi(2) + (fy + by).powi(2);
            let scale = 0.01 * (fx * fx + fy * fy + bx * bx + by * by) + 0.5;
            let colour = (luma_here[i] - bilinear(luma_there, tx, ty, w, h)).abs();
            (-round_trip / scale).exp() * (-colour / 20.0).exp()
        })
        .collect()
}

/// Moves every pixel of a frame `s` of the way along its flow and spreads it
/// bilinearly onto the grid: the trusted average flow arriving at each pixel,
/// how much of the frame arrives there (its coverage, 0–1), and how far the
/// arriving motion is trusted (0–1).
fn project(
    flow: &[f32],
    trust: &[f32],
    s: f32,
    w: usize,
    h: usize,
) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let plane = w * h;
    let mut flow_sum = vec![0f32; 2 * plane];
    let mut trust_sum = vec![0f32; plane];
    let mut coverage = vec![0f32; plane];
    for i in 0..plane {
        let (fx, fy) = (flow[i], flow[plane + i]);
        let tx = (i % w) as f32 + s * fx;
        let ty = (i / w) as f32 + s * fy;
        let (x0, y0) = (tx.floor(), ty.floor());
        let (ax, ay) = (tx - x0, ty - y0);
        for (dx, dy, weight) in [
            (0, 0, (1.0 - ax) * (1.0 - ay)),
            (1, 0, ax * (1.0 - ay)),
            (0, 1, (1.0 - ax) * ay),
            (1, 1, ax * ay),
        ] {
            let (xx, yy) = (x0 as i64 + dx, y0 as i64 + dy);
            if xx < 0 || yy < 0 || xx >= w as i64 || yy >= h as i64 || weight <= 0.0 {
                continue;
            }
            let j = yy as usize * w + xx as usize;
            let wt = weight * (trust[i] + 1e-3);
            flow_sum[j] += wt * fx;
            flow_sum[plane + j] += wt * fy;
            trust_sum[j] += wt;
            coverage[j] += weight;
        }
    }
    let mut trusted = vec![0f32; plane];
    for j in 0..plane {
        if trust_sum[j] > 0.0 {
            flow_sum[j] /= trust_sum[j];
            flow_sum[plane + j] /= trust_sum[j];
            // trust_sum weights trust by itself: dividing by coverage gives a
            // trust-weighted mean trust of what arrives.
            trusted[j] = (trust_sum[j] / coverage[j].max(1e-6)).min(1.0);
        }
        coverage[j] = coverage[j].min(1.0);
    }
    fill_holes(&mut flow_sum, &trust_sum, w, h);
    (flow_sum, coverage, trusted)
}

/// Gives pixels no projected pixel landed on (where a surface stretched) the
/// mean flow of their filled neighbours, growing inwards until none is left,
/// so neighbouring pixels never take unrelated motions (which tears).
fn fill_holes(flow: &mut [f32], landed: &[f32], w: usize, h: usize) {
    let plane = w * h;
    let mut known: Vec<bool> = landed.iter().map(|&v| v > 0.0).collect();
    if !known.iter().any(|&k| k) {
        return;
    }
    let mut missing: Vec<usize> = (0..plane).filter(|&j| !known[j]).collect();
    while !missing.is_empty() {
        let mut filled = Vec::new();
        for &j in &missing {
            let (x, y) = (j % w, j / w);
            let (mut sx, mut sy, mut n) = (0f32, 0f32, 0f32);
            for (nx, ny) in [
                (x.wrapping_sub(1), y),
                (x + 1, y),
                (x, y.wrapping_sub(1)),
                (x, y + 1),
            ] {
                if nx < w && ny < h && known[ny * w + nx] {
                    sx += flow[ny * w + nx];
                    sy += flow[plane + ny * w + nx];
                    n += 1.0;
                }
            }
            if n > 0.0 {
                filled.push((j, sx / n, sy / n));
            }
        }
        if filled.is_empty() {
            break;
        }
        for &(j, fx, fy) in &filled {
            flow[j] = fx;
            flow[plane + j] = fy;
            known[j] = true;
        }
        missing.retain(|&j| !known[j]);
    }
}

impl Motion {
    /// The frame at `t` in (0, 1), as (3, H, W) in 0–1.
    pub fn frame_at(&self, t: f32) -> Result<Tensor> {
        let (w, h) = (self.w, self.h);
        let plane = w * h;
        // Where frame 0's pixels are at t, and frame 1's (travelling back).
        let (a, cover0, trusted0) = project(&self.f01, &self.trust0, t, w, h);
        let (b, cover1, trusted1) = project(&self.f10, &self.trust1, 1.0 - t, w, h);
        let mut confidence = vec![0f32; plane];
        let mut to0 = vec![0f32; 2 * plane];
        let mut to1 = vec![0f32; 2 * plane];
        let mut weight0 = vec![0f32; plane];
        let mut weight1 = vec![0f32; plane];
        for j in 0..plane {
            let w0 = (1.0 - t) * cover0[j];
            let w1 = t * cover1[j];
            for c in 0..2 {
                let (fa, fb) = (a[c * plane + j], b[c * plane + j]);
                let (from0_to0, from0_to1) = (-t * fa, (1.0 - t) * fa);
                let (from1_to0, from1_to1) = (t * fb, -(1.0 - t) * fb);
                let (t0, t1) = if w0 + w1 > 1e-4 {
                    (
                        (w0 * from0_to0 + w1 * from1_to0) / (w0 + w1),
                        (w0 * from0_to1 + w1 * from1_to1) / (w0 + w1),
                    )
                } else {
                    // Neither side lands here: move linearly with frame 0's motion.
                    let f = self.f01[c * plane + j];
                    (-t * f, (1.0 - t) * f)
                };
                to0[c * plane + j] = t0;
                to1[c * plane + j] = t1;
            }
            // Blend by visibility: a side that does not land here does not see it.
            weight0[j] = (1.0 - t) * (cover0[j] + 1e-3);
            weight1[j] = t * (cover1[j] + 1e-3);
            confidence[j] =
                (weight0[j] * trusted0[j] + weight1[j] * trusted1[j]) / (weight0[j] + weight1[j]);
        }
        let device = self.rgb0.device();
        let from0 = warp(&self.rgb0, &Tensor::from_vec(to0, (2, h, w), device)?)?;
        let from1 = warp(&self.rgb1, &Tensor::from_vec(to1, (2, h, w), device)?)?;
        let total: Vec<f32> = weight0.iter().zip(&weight1).map(|(a, b)| a + b).collect();
        let w0 = Tensor::from_vec(weight0, (1, h, w), device)?;
        let w1 = Tensor::from_vec(weight1, (1, h, w), device)?;
        let total = Tensor::from_vec(total, (1, h, w), device)?;
        let moved =
            (from0.broadcast_mul(&w0)? + from1.broadcast_mul(&w1)?)?.broadcast_div(&total)?;
        // Where the motion is not trusted, a wrong warp looks worse than a
        // soft mix: lean towards the dissolve there.
        let confidence = Tensor::from_vec(confidence, (1, h, w), device)?
            .affine(f64::from(CONFIDENCE_GAIN), 0.0)?
            .clamp(0f32, 1f32)?;
        let mixed = ((&self.rgb0 * f64::from(1.0 - t))? + (&self.rgb1 * f64::from(t))?)?;
        let doubt = confidence.affine(-1.0, 1.0)?;
        moved.broadcast_mul(&confidence)? + mixed.broadcast_mul(&doubt)?
    }
}
