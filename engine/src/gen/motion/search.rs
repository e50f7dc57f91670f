//! A coarse exhaustive search that catches motions too large for TV-L1's
//! pyramid alone (fast camera pans, things crossing the frame).
//!
//! TV-L1 linearises the picture around its current estimate, so each level
//! can only refine a motion the coarser levels already roughly found; at the
//! coarsest levels the pictures are so smooth that the data term is weak and
//! a large motion is smoothed away. At one coarse level this search tries
//! every whole-pixel displacement within a radius, scores each pixel by the
//! mean absolute difference over a small window, and replaces the pyramid's
//! estimate only where a displacement matches clearly better. TV-L1 then
//! refines from there, so where the pyramid was right nothing changes.

use super::super::warp::Tap;
use super::tensors::box_mean;

/// The window is (2·WINDOW_RADIUS + 1)² pixels at the search level.
const WINDOW_RADIUS: usize = 2;
/// Cost per pixel of displacement, in brightness levels (0–255): among
/// equally good matches (flat areas) the smaller motion wins.
const MOTION_PENALTY: f32 = 0.15;
/// A displacement replaces the current estimate only when its window matches
/// this many brightness levels better on average.
const MARGIN: f32 = 2.0;

/// Improves `flow` (x plane then y plane, `w`×`h` each) from `from` to `to`
/// (brightness planes): see the module's description. `current_warped` is
/// `to` warped by the current flow (the caller has the warp op).
///
/// Each pixel gets the best of three candidates by its window's cost: the
/// current flow; the camera's motion (an affine motion fitted robustly to the
/// search's distinctive matches, which carries pans and zooms into flat
/// areas the search cannot tell apart); and its own best whole-pixel
/// displacement, which must win by a margin.
pub fn improve(
    from: &[f32],
    to: &[f32],
    flow: &mut [f32],
    current_warped: &[f32],
    w: usize,
    h: usize,
    radius: usize,
) {
    let plane = w * h;
    let found = exhaustive(from, to, w, h, radius);
    let current_cost = window_cost(from, current_warped, w, h);
    let camera = Affine::fit(&found, w, h);
    let camera_cost = camera.map(|camera| {
        let warped: Vec<f32> = (0..plane)
            .map(|i| {
                let (x, y) = ((i % w) as f32, (i / w) as f32);
                let (dx, dy) = camera.at(x, y);
                Tap::at(x + dx, y + dy, w, h).read(to)
            })
            .collect();
        window_cost(from, &warped, w, h)
    });
    for i in 0..plane {
        let mut best = current_cost[i];
        if let (Some(camera), Some(cost)) = (camera, &camera_cost)
            && cost[i] < best
        {
            best = cost[i];
            let (dx, dy) = camera.at((i % w) as f32, (i / w) as f32);
            flow[i] = dx;
            flow[plane + i] = dy;
        }
        let (dx, dy) = found.best[i];
        if found.cost[i] + MARGIN < best {
            flow[i] = dx as f32;
            flow[plane + i] = dy as f32;
        }
    }
}

/// What the exhaustive search found at each pixel.
struct Found {
    /// The best whole-pixel displacement.
    best: Vec<(i32, i32)>,
    /// Its window cost, motion penalty included.
    cost: Vec<f32>,
    /// How much better it is than the average displacement: high where the
    /// window has texture to match, near zero in flat areas.
    distinct: Vec<f32>,
}

fn exhaustive(from: &[f32], to: &[f32], w: usize, h: usize, radius: usize) -> Found {
    let plane = w * h;
    let mut best = vec![(0i32, 0i32); plane];
    let mut best_cost = vec![f32::INFINITY; plane];
    let mut sum = vec![0f32; plane];
    let r = radius as i32;
    let mut shifted = vec![0f32; plane];
    for dy in -r..=r {
        for dx in -r..=r {
            for y in 0..h {
                let sy = (y as i32 + dy).clamp(0, h as i32 - 1) as usize;
                for x in 0..w {
                    let sx = (x as i32 + dx).clamp(0, w as i32 - 1) as usize;
                    shifted[y * w + x] = to[sy * w + sx];
                }
            }
            let penalty = MOTION_PENALTY * ((dx * dx + dy * dy) as f32).sqrt();
            for (i, cost) in window_cost(from, &shifted, w, h).into_iter().enumerate() {
                sum[i] += cost;
                if cost + penalty < best_cost[i] {
                    best_cost[i] = cost + penalty;
                    best[i] = (dx, dy);
                }
            }
        }
    }
    let candidates = ((2 * r + 1) * (2 * r + 1)) as f32;
    let distinct = sum
        .iter()
        .zip(&best_cost)
        .map(|(s, b)| (s / candidates - b).max(0.0))
        .collect();
    Found {
        best,
        cost: best_cost,
        distinct,
    }
}

/// A motion (dx, dy) = (a0 + a1·x + a2·y, b0 + b1·x + b2·y): a camera's pan,
/// zoom and small rotation, near enough.
#[derive(Clone, Copy)]
struct Affine {
    a: [f32; 3],
    b: [f32; 3],
}

/// Matches less distinctive than this (brightness levels) do not vote.
const DISTINCT_MIN: f32 = 4.0;
/// Residuals beyond this many pixels count less and less (Huber).
const HUBER: f32 = 1.0;

impl Affine {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.a[0] + self.a[1] * x + self.a[2] * y,
            self.b[0] + self.b[1] * x + self.b[2] * y,
        )
    }

    /// Weighted least squares on the distinctive matches, re-weighted a few
    /// times so that things moving on their own stop pulling at it. None
    /// when too few pixels have texture to match.
    fn fit(found: &Found, w: usize, h: usize) -> Option<Self> {
        let plane = w * h;
        let votes: Vec<usize> = (0..plane)
            .filter(|&i| found.distinct[i] >= DISTINCT_MIN)
            .collect();
        if votes.len() < plane / 20 || votes.len() < 12 {
            return None;
        }
        let mut model = Affine {
            a: [0.0; 3],
            b: [0.0; 3],
        };
        let mut weights: Vec<f64> = votes
            .iter()
            .map(|&i| f64::from(found.distinct[i]))
            .collect();
        for _ in 0..6 {
            let mut m = [[0f64; 3]; 3];
            let (mut ra, mut rb) = ([0f64; 3], [0f64; 3]);
            for (k, &i) in votes.iter().enumerate() {
                let row = [1.0, (i % w) as f64, (i / w) as f64];
                let (dx, dy) = found.best[i];
                for r in 0..3 {
                    for c in 0..3 {
                        m[r][c] += weights[k] * row[r] * row[c];
                    }
                    ra[r] += weights[k] * row[r] * f64::from(dx);
                    rb[r] += weights[k] * row[r] * f64::from(dy);
                }
            }
            let (a, b) = (solve3(m, ra)?, solve3(m, rb)?);
            model = Affine {
                a: a.map(|v| v as f32),
                b: b.map(|v| v as f32),
            };
            for (k, &i) in votes.iter().enumerate() {
                let (mx, my) = model.at((i % w) as f32, (i / w) as f32);
                let (dx, dy) = found.best[i];
                let residual = ((mx - dx as f32).powi(2) + (my - dy as f32).powi(2)).sqrt();
                let huber = if residual <= HUBER {
                    1.0
                } else {
                    HUBER / residual
                };
                weights[k] = f64::from(found.distinct[i] * huber);
            }
        }
        Some(model)
    }
}

/// Solves the 3×3 system by Cramer's rule; None when it is singular.
fn solve3(m: [[f64; 3]; 3], r: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    if d.abs() < 1e-9 {
        return None;
    }
    let mut out = [0f64; 3];
    for (c, value) in out.iter_mut().enumerate() {
        let mut mc = m;
        for row in 0..3 {
            mc[row][c] = r[row];
        }
        *value = det(mc) / d;
    }
    Some(out)
}

/// The mean absolute difference of `a` and `b` over each pixel's window.
fn window_cost(a: &[f32], b: &[f32], w: usize, h: usize) -> Vec<f32> {
    let difference: Vec<f32> = a.iter().zip(b).map(|(a, b)| (a - b).abs()).collect();
    box_mean(&difference, w, h, WINDOW_RADIUS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(x: f32, y: f32) -> f32 {
        128.0 + 60.0 * (x * 0.7).sin() * (y * 0.5).cos() + 40.0 * ((x - y) * 0.3).sin()
    }

    #[test]
    fn finds_a_shift_the_zero_flow_misses() {
        let (w, h) = (48usize, 32usize);
        let from: Vec<f32> = (0..w * h)
            .map(|i| pattern((i % w) as f32, (i / w) as f32))
            .collect();
        let to: Vec<f32> = (0..w * h)
            .map(|i| pattern((i % w) as f32 - 7.0, (i / w) as f32 + 3.0))
            .collect();
        let mut flow = vec![0f32; 2 * w * h];
        // The zero flow "warps" `to` to itself.
        improve(&from, &to, &mut flow, &to, w, h, 9);
        let centre = (h / 2) * w + w / 2;
        assert_eq!((flow[centre], flow[w * h + centre]), (7.0, -3.0));
    }

    #[test]
    fn keeps_a_flow_that_already_matches() {
        let (w, h) = (40usize, 30usize);
        let from: Vec<f32> = (0..w * h)
            .map(|i| pattern((i % w) as f32, (i / w) as f32))
            .collect();
        let mut flow = vec![0.4f32; 2 * w * h];
        // The current flow's warp matches exactly: nothing may beat it by the margin.
        improve(&from, &from, &mut flow, &from, w, h, 6);
        assert!(flow.iter().all(|&f| f == 0.4));
    }
}
