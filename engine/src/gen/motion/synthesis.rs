//! Frames at any t from two flows: project the motion to time t, warp both
//! sides there, and blend them by where each side can be seen.

use image::RgbaImage;
use rayon::prelude::*;

use super::super::pixels::{Axis, Pixels, read_between, sample_rgb};
use super::super::warp::Tap;

/// Trust at or above 1 / CONFIDENCE_GAIN uses the motion fully.
const CONFIDENCE_GAIN: f32 = 6.0;

/// Both boundary frames and the motion between them, measured once per gap
/// (at the flow's resolution, which may be smaller than the frames').
pub struct Motion {
    /// Frame 0.
    pub before: Pixels,
    /// Frame 1, the same size.
    pub after: Pixels,
    /// Flow 0 → 1 in flow pixels, x then y planes, fw·fh each.
    pub f01: Vec<f32>,
    /// Flow 1 → 0.
    pub f10: Vec<f32>,
    /// How much each frame-0 pixel's motion can be trusted (0–1).
    pub trust0: Vec<f32>,
    /// How much each frame-1 pixel's motion can be trusted.
    pub trust1: Vec<f32>,
    /// The flow's width.
    pub fw: usize,
    /// The flow's height.
    pub fh: usize,
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
            let tap = Tap::at(x + fx, y + fy, w, h);
            let bx = tap.read(&backward[..plane]);
            let by = tap.read(&backward[plane..]);
            let round_trip = (fx + bx).powi(2) + (fy + by).powi(2);
            let scale = 0.01 * (fx * fx + fy * fy + bx * bx + by * by) + 0.5;
            let colour = (luma_here[i] - tap.read(luma_there)).abs();
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
    /// The frame at `t` in (0, 1).
    ///
    /// The motion is projected to t at the flow's resolution; then one pass
    /// over the output pixels (rows in parallel) reads the projection,
    /// samples both frames where it points and blends them.
    pub fn frame_at(&self, t: f32) -> RgbaImage {
        let (fw, fh) = (self.fw, self.fh);
        // Where frame 0's pixels are at t, and frame 1's (travelling back).
        // (Splatting is sequential within a side: the two sides in parallel.)
        let (from0, from1) = rayon::join(
            || Projection::new(&self.f01, &self.trust0, t, fw, fh),
            || Projection::new(&self.f10, &self.trust1, 1.0 - t, fw, fh),
        );
        let (w, h) = (self.before.width, self.before.height);
        let mut out = RgbaImage::new(w as u32, h as u32);
        let maps = Maps {
            from0: &from0,
            from1: &from1,
            f01: &self.f01,
            fw,
            plane: fw * fh,
            columns: Axis::all(w, fw),
            rows: Axis::all(h, fh),
            scale_x: w as f32 / fw as f32,
            scale_y: h as f32 / fh as f32,
        };
        let (before, after) = (&self.before.data[..], &self.after.data[..]);
        out.par_chunks_mut(4 * w).enumerate().for_each(|(y, row)| {
            for (x, px) in row.chunks_exact_mut(4).enumerate() {
                let m = maps.at(x, y);
                let blended = blend(&m, t, before, after, x, y, w, h);
                px[..3].copy_from_slice(&blended);
                px[3] = 255;
            }
        });
        out
    }
}

/// The projection of one side's motion to time t, at the flow's resolution.
struct Projection {
    /// The average flow arriving at each pixel (x plane, then y plane).
    flow: Vec<f32>,
    /// How much of the frame arrives at each pixel (0–1).
    coverage: Vec<f32>,
    /// How far the arriving motion is trusted (0–1).
    trusted: Vec<f32>,
}

impl Projection {
    fn new(flow: &[f32], trust: &[f32], s: f32, w: usize, h: usize) -> Self {
        let (flow, coverage, trusted) = project(flow, trust, s, w, h);
        Self {
            flow,
            coverage,
            trusted,
        }
    }
}

/// Everything the blend needs at one output pixel, read from the
/// projections (bilinearly when the flow was measured at a smaller size)
/// and scaled to output pixels.
struct AtPixel {
    /// Frame 0's projected flow.
    a: [f32; 2],
    /// Frame 1's projected flow (pointing back to frame 0).
    b: [f32; 2],
    cover0: f32,
    cover1: f32,
    trusted0: f32,
    trusted1: f32,
    /// The measured flow 0 → 1 here, for pixels neither side lands on.
    f01: [f32; 2],
}

struct Maps<'a> {
    from0: &'a Projection,
    from1: &'a Projection,
    f01: &'a [f32],
    fw: usize,
    /// fw·fh.
    plane: usize,
    /// Where each output column lies in the flow's columns, and each row in
    /// its rows (computed once a frame: the same for every pixel of a
    /// column or row).
    columns: Vec<Axis>,
    rows: Vec<Axis>,
    scale_x: f32,
    scale_y: f32,
}

impl Maps<'_> {
    fn at(&self, x: usize, y: usize) -> AtPixel {
        let plane = self.plane;
        let (column, row) = (self.columns[x], self.rows[y]);
        let read = |data: &[f32]| read_between(data, self.fw, column, row);
        let pair = |data: &[f32]| {
            [
                read(&data[..plane]) * self.scale_x,
                read(&data[plane..]) * self.scale_y,
            ]
        };
        AtPixel {
            a: pair(&self.from0.flow),
            b: pair(&self.from1.flow),
            cover0: read(&self.from0.coverage),
            cover1: read(&self.from1.coverage),
            trusted0: read(&self.from0.trusted),
            trusted1: read(&self.from1.trusted),
            f01: pair(self.f01),
        }
    }
}

/// One output pixel: both frames warped to t along the projected motion,
/// blended by where each side can be seen, leaning towards a dissolve where
/// the motion is not trusted (a wrong warp looks worse than a soft mix).
#[allow(clippy::too_many_arguments)]
fn blend(
    m: &AtPixel,
    t: f32,
    before: &[[f32; 4]],
    after: &[[f32; 4]],
    x: usize,
    y: usize,
    w: usize,
    h: usize,
) -> [u8; 3] {
    let w0 = (1.0 - t) * m.cover0;
    let w1 = t * m.cover1;
    let mut to0 = [0f32; 2];
    let mut to1 = [0f32; 2];
    for c in 0..2 {
        let (fa, fb) = (m.a[c], m.b[c]);
        if w0 + w1 > 1e-4 {
            // Frame 0's motion leads back by t·a and on by (1 − t)·a; frame
            // 1's the other way; each weighted by how much of it lands here.
            to0[c] = (w0 * (-t * fa) + w1 * (t * fb)) / (w0 + w1);
            to1[c] = (w0 * ((1.0 - t) * fa) + w1 * (-(1.0 - t) * fb)) / (w0 + w1);
        } else {
            // Neither side lands here: move linearly with frame 0's motion.
            to0[c] = -t * m.f01[c];
            to1[c] = (1.0 - t) * m.f01[c];
        }
    }
    let (xf, yf) = (x as f32, y as f32);
    let s0 = sample_rgb(before, xf + to0[0], yf + to0[1], w, h);
    let s1 = sample_rgb(after, xf + to1[0], yf + to1[1], w, h);
    // Blend by visibility: a side that does not land here does not see it.
    let weight0 = (1.0 - t) * (m.cover0 + 1e-3);
    let weight1 = t * (m.cover1 + 1e-3);
    let total = weight0 + weight1;
    let confidence =
        ((weight0 * m.trusted0 + weight1 * m.trusted1) / total * CONFIDENCE_GAIN).clamp(0.0, 1.0);
    let i = y * w + x;
    let mut out = [0u8; 3];
    for c in 0..3 {
        let moved = (weight0 * s0[c] + weight1 * s1[c]) / total;
        let mixed = (1.0 - t) * before[i][c] + t * after[i][c];
        let value = confidence * moved + (1.0 - confidence) * mixed;
        out[c] = (value.clamp(0.0, 255.0) + 0.5) as u8;
    }
    out
}
