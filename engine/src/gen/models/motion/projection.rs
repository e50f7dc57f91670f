//! One side's motion projected to time t: where each pixel's motion lands
//! (forward splatting with trust), how much of the frame arrives there, and
//! the holes filled from their neighbours. The blend reads it; the
//! synthesis makes it.

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
    /// `flow` (with its `trust`) taken `s` of the way, on a `w` x `h` grid.
    pub(super) fn new(flow: &[f32], trust: &[f32], s: f32, w: usize, h: usize) -> Self {
        let (flow, coverage, trusted) = project(flow, trust, s, w, h);
        Self {
            flow,
            coverage,
            trusted,
        }
    }
}
