//! Frames at any t from two flows: project the motion to time t, warp both
//! sides there, and blend them by where each side can be seen.

use image::RgbaImage;

use super::super::pixels::Pixels;
use super::super::warp::Tap;
use super::blend::Plan;

/// Both boundary frames and the motion between them, measured once per gap
/// (at the flow's resolution, which may be smaller than the frames').
pub struct Motion {
    /// Frame 0.
    pub before: Pixels,
    /// Frame 1, the same size.
    pub after: Pixels,
    /// Both frames at the flow's size (block means), where the two sides'
    /// agreement is measured.
    pub before_small: Pixels,
    pub after_small: Pixels,
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
    /// The motion is projected to t at the flow's resolution; a pass over the
    /// flow's pixels decides where each side is sampled, how much each is
    /// seen and how far the motion is believed ([`Plan`]); a pass over the
    /// output pixels (rows in parallel) reads that plan, samples both frames
    /// and blends them.
    pub fn frame_at(&self, t: f32) -> RgbaImage {
        let (fw, fh) = (self.fw, self.fh);
        // Where frame 0's pixels are at t, and frame 1's (travelling back).
        // (Splatting is sequential within a side: the two sides in parallel.)
        let (from0, from1) = rayon::join(
            || Projection::new(&self.f01, &self.trust0, t, fw, fh),
            || Projection::new(&self.f10, &self.trust1, 1.0 - t, fw, fh),
        );
        let plan = Plan::new(
            [&from0, &from1],
            &self.f01,
            t,
            &self.before_small,
            &self.after_small,
        );
        plan.render(t, &self.before, &self.after)
    }
}

/// The projection of one side's motion to time t, at the flow's resolution.
pub(super) struct Projection {
    /// The average flow arriving at each pixel (x plane, then y plane).
    pub flow: Vec<f32>,
    /// How much of the frame arrives at each pixel (0–1).
    pub coverage: Vec<f32>,
    /// How far the arriving motion is trusted (0–1).
    pub trusted: Vec<f32>,
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
