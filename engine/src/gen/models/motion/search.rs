//! A coarse exhaustive search that catches motions too large for TV-L1's
//! pyramid alone (fast camera pans, things crossing the frame).
//!
//! TV-L1 linearises the picture around its current estimate, so each level
//! can only refine a motion the coarser levels already roughly found; at the
//! coarsest levels the pictures are so smooth that the data term is weak and
//! a large motion is smoothed away. At one coarse level this search tries
//! every whole-pixel displacement within a radius, scores each pixel by the
//! mean absolute difference over a small window (of brightness and colour
//! both: TV-L1 sees only brightness), and replaces the pyramid's
//! estimate only where a displacement matches clearly better. TV-L1 then
//! refines from there, so where the pyramid was right nothing changes.
//!
//! A few levels finer, [`refine`] searches again, this time only around the
//! current estimate: regions that were flat at the coarse level (grass,
//! asphalt) and took their neighbours' motion get their own where their
//! texture appears, before TV-L1's linearisation, which only sees a pixel
//! or two, would lock them there.

use super::tensors::box_mean;
use crate::r#gen::warp::Tap;

/// The window is (2·WINDOW_RADIUS + 1)² pixels at the search level. A
/// window's cost is the mean over it of the absolute differences of the
/// planes (brightness and both colour differences) added up, in levels
/// (0–255), the unit of the constants below.
const WINDOW_RADIUS: usize = 2;
/// Cost per pixel of displacement, in levels: among
/// equally good matches (flat areas) the smaller motion wins.
const MOTION_PENALTY: f32 = 0.15;
/// A displacement replaces the current estimate only when its window matches
/// this many levels better on average.
const MARGIN: f32 = 2.0;

/// Improves `flow` (x plane then y plane, `w`×`h` each) from `from` to `to`
/// (pictures of one or more `w`×`h` planes, brightness then colour): see
/// the module's description. `current_warped` is `to` warped by the current
/// flow (the caller has the warp op).
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
    let camera = Affine::fit(&found, w, h, radius);
    let camera_cost = camera.map(|camera| {
        tap_cost(from, to, w, h, |i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let (dx, dy) = camera.at(x, y);
            Tap::at(x + dx, y + dy, w, h)
        })
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

/// Improves `flow` from `from` to `to` (as for [`improve`]) by a search
/// around it: every whole-pixel offset within `radius` of each
/// pixel's current displacement, scored by its window's cost plus a cost
/// per pixel of offset, replaces the current one only where it matches
/// better by the margin.
pub fn refine(from: &[f32], to: &[f32], flow: &mut [f32], w: usize, h: usize, radius: usize) {
    let plane = w * h;
    // Where each pixel's current flow points: the same bilinear weights
    // serve every whole-pixel offset from there.
    let points: Vec<(f32, f32)> = (0..plane)
        .map(|i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            (x + flow[i], y + flow[plane + i])
        })
        .collect();
    let taps: Vec<Tap> = points.iter().map(|&(x, y)| Tap::at(x, y, w, h)).collect();
    // Moved taps keep their weights (the same samples, cheaper); near the
    // edges a new, clamped tap is made.
    let cost = |dx: i32, dy: i32| {
        tap_cost(from, to, w, h, |i| {
            taps[i].moved(dx, dy, w, h).unwrap_or_else(|| {
                let (x, y) = points[i];
                Tap::at(x + dx as f32, y + dy as f32, w, h)
            })
        })
    };
    let current = cost(0, 0);
    let mut best = current.clone();
    let mut offset = vec![(0i32, 0i32); plane];
    let r = radius as i32;
    for dy in -r..=r {
        for dx in -r..=r {
            if (dx, dy) == (0, 0) {
                continue;
            }
            let penalty = MOTION_PENALTY * ((dx * dx + dy * dy) as f32).sqrt();
            for (i, cost) in cost(dx, dy).into_iter().enumerate() {
                if cost + penalty < best[i] {
                    best[i] = cost + penalty;
                    offset[i] = (dx, dy);
                }
            }
        }
    }
    for i in 0..plane {
        if best[i] + MARGIN < current[i] {
            flow[i] += offset[i].0 as f32;
            flow[plane + i] += offset[i].1 as f32;
        }
    }
}

/// The absolute differences of `from` and `to` moved by (dx, dy) whole
/// pixels (edges clamped), added up over the planes, into `difference`.
/// Row by row and plane by plane, so that the inside of each row is one
/// loop over slices.
fn shifted_difference(
    from: &[f32],
    to: &[f32],
    w: usize,
    h: usize,
    (dx, dy): (i32, i32),
    difference: &mut [f32],
) {
    let plane = w * h;
    difference.fill(0.0);
    // The columns whose shifted column is inside the picture.
    let lo = (-dx).clamp(0, w as i32) as usize;
    let hi = (w as i32 - dx).clamp(lo as i32, w as i32) as usize;
    for c in channels(plane, from.len()) {
        let (from, to) = (&from[c..c + plane], &to[c..c + plane]);
        for (y, out) in difference.chunks_exact_mut(w).enumerate() {
            let sy = (y as i32 + dy).clamp(0, h as i32 - 1) as usize;
            let here = &from[y * w..(y + 1) * w];
            let there = &to[sy * w..(sy + 1) * w];
            for x in 0..lo {
                out[x] += (here[x] - there[0]).abs();
            }
            if lo < hi {
                let inside = &there[(lo as i32 + dx) as usize..(hi as i32 + dx) as usize];
                for ((out, a), b) in out[lo..hi].iter_mut().zip(&here[lo..hi]).zip(inside) {
                    *out += (a - b).abs();
                }
            }
            for x in hi..w {
                out[x] += (here[x] - there[w - 1]).abs();
            }
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
    let mut difference = vec![0f32; plane];
    for dy in -r..=r {
        for dx in -r..=r {
            shifted_difference(from, to, w, h, (dx, dy), &mut difference);
            let penalty = MOTION_PENALTY * ((dx * dx + dy * dy) as f32).sqrt();
            let costs = box_mean(&difference, w, h, WINDOW_RADIUS);
            for (i, cost) in costs.into_iter().enumerate() {
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

/// Matches less distinctive than this (levels) do not vote.
const DISTINCT_MIN: f32 = 4.0;
/// Votes this many pixels (of the search's level) or more from the fitted
/// motion do not count, and nearer ones count less and less (Tukey's
/// biweight): a car crossing the frame must not drag the camera with it.
const OUTLIER: f32 = 2.0;

impl Affine {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.a[0] + self.a[1] * x + self.a[2] * y,
            self.b[0] + self.b[1] * x + self.b[2] * y,
        )
    }

    /// The motion most distinctive matches share: it starts as their most
    /// common displacement ([`dominant`]) and is refined by weighted least
    /// squares a few times, each match weighted by how distinctive it is and
    /// how near the motion so far explains it, so that things moving on
    /// their own do not count. None when too few pixels have texture to
    /// match.
    fn fit(found: &Found, w: usize, h: usize, radius: usize) -> Option<Self> {
        let plane = w * h;
        let votes: Vec<usize> = (0..plane)
            .filter(|&i| found.distinct[i] >= DISTINCT_MIN)
            .collect();
        if votes.len() < plane / 20 || votes.len() < 12 {
            return None;
        }
        let (dx, dy) = dominant(found, &votes, radius);
        let mut model = Affine {
            a: [dx, 0.0, 0.0],
            b: [dy, 0.0, 0.0],
        };
        let mut weights = vec![0f64; votes.len()];
        for _ in 0..6 {
            for (k, &i) in votes.iter().enumerate() {
                let (mx, my) = model.at((i % w) as f32, (i / w) as f32);
                let (dx, dy) = found.best[i];
                let residual = ((mx - dx as f32).powi(2) + (my - dy as f32).powi(2)).sqrt();
                let q = (residual / OUTLIER).min(1.0);
                weights[k] = f64::from(found.distinct[i] * (1.0 - q * q).powi(2));
            }
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
        }
        Some(model)
    }
}

/// The whole-pixel displacement (within `radius`) that most of the `votes`
/// found, each weighted by how distinctive its match is, over 3x3
/// neighbouring displacements (a zoom spreads the camera's votes a little).
fn dominant(found: &Found, votes: &[usize], radius: usize) -> (f32, f32) {
    let side = 2 * radius + 1;
    let r = radius as i32;
    let mut histogram = vec![0f32; side * side];
    for &i in votes {
        let (dx, dy) = found.best[i];
        histogram[(dy + r) as usize * side + (dx + r) as usize] += found.distinct[i];
    }
    let smoothed = box_mean(&histogram, side, side, 1);
    let peak = (0..smoothed.len())
        .max_by(|&a, &b| smoothed[a].total_cmp(&smoothed[b]))
        .unwrap_or(0);
    (
        (peak % side) as f32 - r as f32,
        (peak / side) as f32 - r as f32,
    )
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

/// The absolute difference of `a` and `b` (one or more `w`×`h` planes),
/// summed over the planes and averaged over each pixel's window.
fn window_cost(a: &[f32], b: &[f32], w: usize, h: usize) -> Vec<f32> {
    let mut difference = vec![0f32; w * h];
    shifted_difference(a, b, w, h, (0, 0), &mut difference);
    box_mean(&difference, w, h, WINDOW_RADIUS)
}

/// The window cost of matching each pixel of `from` with `to` sampled
/// bilinearly through `tap(i)`, pixel i's tap (planes as for
/// [`window_cost`]).
fn tap_cost(from: &[f32], to: &[f32], w: usize, h: usize, tap: impl Fn(usize) -> Tap) -> Vec<f32> {
    let plane = w * h;
    let difference: Vec<f32> = (0..plane)
        .map(|i| {
            let tap = tap(i);
            channels(plane, from.len())
                .map(|c| (from[c + i] - tap.read(&to[c..c + plane])).abs())
                .sum()
        })
        .collect();
    box_mean(&difference, w, h, WINDOW_RADIUS)
}

/// Where each plane of a picture of `len` values in planes of `plane` starts.
fn channels(plane: usize, len: usize) -> impl Iterator<Item = usize> {
    (0..len).step_by(plane)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(x: f32, y: f32) -> f32 {
        128.0 + 60.0 * (x * 0.7).sin() * (y * 0.5).cos() + 40.0 * ((x - y) * 0.3).sin()
    }

    /// A `w`×`h` plane of the pattern moved by (dx, dy).
    fn moved(w: usize, h: usize, dx: f32, dy: f32) -> Vec<f32> {
        (0..w * h)
            .map(|i| pattern((i % w) as f32 - dx, (i / w) as f32 - dy))
            .collect()
    }

    #[test]
    fn finds_a_shift_the_zero_flow_misses() {
        let (w, h) = (48usize, 32usize);
        let (from, to) = (moved(w, h, 0.0, 0.0), moved(w, h, 7.0, -3.0));
        let mut flow = vec![0f32; 2 * w * h];
        // The zero flow "warps" `to` to itself.
        improve(&from, &to, &mut flow, &to, w, h, 9);
        let centre = (h / 2) * w + w / 2;
        assert_eq!((flow[centre], flow[w * h + centre]), (7.0, -3.0));
    }

    /// Brightness the same everywhere, the pattern only in a colour plane:
    /// the search must find the shift by the colour.
    #[test]
    fn finds_a_shift_in_colour_alone() {
        let (w, h) = (48usize, 32usize);
        let grey = vec![128f32; w * h];
        let from = [grey.clone(), moved(w, h, 0.0, 0.0)].concat();
        let to = [grey, moved(w, h, -5.0, 4.0)].concat();
        let mut flow = vec![0f32; 2 * w * h];
        improve(&from, &to, &mut flow, &to, w, h, 9);
        let centre = (h / 2) * w + w / 2;
        assert_eq!((flow[centre], flow[w * h + centre]), (-5.0, 4.0));
    }

    /// The row-and-slice difference against the plain definition, for
    /// shifts inside, across and beyond the picture's edges.
    #[test]
    fn shifted_difference_clamps_at_the_edges() {
        let (w, h) = (7usize, 5usize);
        let from = [moved(w, h, 0.0, 0.0), moved(w, h, 2.0, 1.0)].concat();
        let to = [moved(w, h, 1.0, 0.0), moved(w, h, 0.0, 3.0)].concat();
        let plane = w * h;
        let mut difference = vec![0f32; plane];
        for (dx, dy) in [(0, 0), (2, -1), (-3, 2), (6, 0), (-7, -5), (9, 1), (-12, 0)] {
            shifted_difference(&from, &to, w, h, (dx, dy), &mut difference);
            for i in 0..plane {
                let sx = ((i % w) as i32 + dx).clamp(0, w as i32 - 1) as usize;
                let sy = ((i / w) as i32 + dy).clamp(0, h as i32 - 1) as usize;
                let j = sy * w + sx;
                let expected: f32 = (0..2)
                    .map(|c| (from[c * plane + i] - to[c * plane + j]).abs())
                    .sum();
                assert_eq!(difference[i], expected, "({dx}, {dy}) at {i}");
            }
        }
    }

    #[test]
    fn keeps_a_flow_that_already_matches() {
        let (w, h) = (40usize, 30usize);
        let from = moved(w, h, 0.0, 0.0);
        let mut flow = vec![0.4f32; 2 * w * h];
        // The current flow's warp matches exactly: nothing may beat it by the margin.
        improve(&from, &from, &mut flow, &from, w, h, 6);
        assert!(flow.iter().all(|&f| f == 0.4));
    }

    #[test]
    fn refine_corrects_a_flow_that_is_off_by_a_few_pixels() {
        let (w, h) = (48usize, 40usize);
        // `to` is `from` moved by (6.5, -2); the flow says (2.5, 1).
        let (from, to) = (moved(w, h, 0.0, 0.0), moved(w, h, 6.5, -2.0));
        let plane = w * h;
        let mut flow = [vec![2.5f32; plane], vec![1.0f32; plane]].concat();
        refine(&from, &to, &mut flow, w, h, 5);
        let centre = (h / 2) * w + w / 2;
        assert_eq!((flow[centre], flow[plane + centre]), (6.5, -2.0));
    }

    #[test]
    fn refine_keeps_a_flow_that_already_matches() {
        let (w, h) = (40usize, 30usize);
        let from = moved(w, h, 0.0, 0.0);
        let mut flow = vec![0f32; 2 * w * h];
        refine(&from, &from, &mut flow, w, h, 4);
        assert!(flow.iter().all(|&f| f == 0.0));
    }

    /// Votes: the left 70% of the picture moved by the camera's (6, 0), the
    /// right 30% by a car's own (-6, 2), every match as distinctive.
    #[test]
    fn the_camera_is_the_motion_most_of_the_picture_shares() {
        let (w, h) = (40usize, 30usize);
        let best: Vec<(i32, i32)> = (0..w * h)
            .map(|i| if i % w < 28 { (6, 0) } else { (-6, 2) })
            .collect();
        let found = Found {
            cost: vec![1.0; w * h],
            distinct: vec![10.0; w * h],
            best,
        };
        let Some(camera) = Affine::fit(&found, w, h, 8) else {
            panic!("no camera fitted");
        };
        for (x, y) in [(0.0, 0.0), (20.0, 15.0), (39.0, 29.0)] {
            let (dx, dy) = camera.at(x, y);
            assert!(
                (dx - 6.0).abs() < 0.01 && dy.abs() < 0.01,
                "({dx}, {dy}) at ({x}, {y})"
            );
        }
    }
}
