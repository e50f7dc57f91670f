//! Where one picture's framing lies in another's: the pan and zoom that
//! turns the frame before a gap into the frame after it.
//!
//! A coarse exhaustive search over zooms and positions on small brightness
//! pictures, then a pattern search that refines the best few candidates on
//! larger ones. The result is trusted only when it matches clearly better
//! than the pictures match at random positions.

use image::RgbaImage;
use rayon::prelude::*;

use super::warp::Tap;

/// The after frame's pixel p shows the before frame's point
/// `scale`·R(`angle`)·(p − c) + `scale`·c + `offset`, c being the frame's
/// centre (full-resolution pixels): `scale` < 1 is a push in; with no turn,
/// simply `scale`·p + `offset`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    /// How much of the before frame the after frame spans, per side.
    pub scale: f32,
    /// Where the after frame's top-left pixel lies in the before frame
    /// (when it does not turn).
    pub offset: [f32; 2],
    /// How far the after frame is turned about its centre, in radians
    /// (positive: clockwise on the screen).
    pub angle: f32,
}

impl Framing {
    /// No turn.
    pub fn new(scale: f32, offset: [f32; 2]) -> Self {
        Self {
            scale,
            offset,
            angle: 0.0,
        }
    }

    /// Where the after frame's point `p` lies in the before frame, for
    /// frames of `w`×`h` pixels.
    pub fn apply(&self, p: [f32; 2], (w, h): (f32, f32)) -> [f32; 2] {
        let c = [(w - 1.0) / 2.0, (h - 1.0) / 2.0];
        let (sin, cos) = self.angle.sin_cos();
        let d = [p[0] - c[0], p[1] - c[1]];
        [
            self.scale * (cos * d[0] - sin * d[1] + c[0]) + self.offset[0],
            self.scale * (sin * d[0] + cos * d[1] + c[1]) + self.offset[1],
        ]
    }

    /// Where the before frame's point `q` lies in the after frame.
    pub fn invert(&self, q: [f32; 2], (w, h): (f32, f32)) -> [f32; 2] {
        let c = [(w - 1.0) / 2.0, (h - 1.0) / 2.0];
        let (sin, cos) = self.angle.sin_cos();
        let d = [
            (q[0] - self.offset[0]) / self.scale - c[0],
            (q[1] - self.offset[1]) / self.scale - c[1],
        ];
        [
            cos * d[0] + sin * d[1] + c[0],
            -sin * d[0] + cos * d[1] + c[1],
        ]
    }

    /// The framing of the before frame within the after frame.
    pub fn inverse(&self, (w, h): (f32, f32)) -> Framing {
        let c = [(w - 1.0) / 2.0, (h - 1.0) / 2.0];
        let scale = 1.0 / self.scale;
        // The before frame's centre, seen in the after frame, less where a
        // framing of that scale with no offset would put it.
        let centre = self.invert(c, (w, h));
        Framing {
            scale,
            offset: [centre[0] - scale * c[0], centre[1] - scale * c[1]],
            angle: -self.angle,
        }
    }

    /// Where the after frame's centre lies in the before frame.
    pub fn centre(&self, (w, h): (f32, f32)) -> [f32; 2] {
        self.apply([(w - 1.0) / 2.0, (h - 1.0) / 2.0], (w, h))
    }
}

/// The zooms tried, from a push in of 4x to a pull out of 4x.
const SCALE_RANGE: (f32, f32) = (0.25, 4.0);
/// Steps between tried zooms (each this ratio apart).
const SCALE_STEP: f32 = 1.08;
/// The coarse search's pictures are at most this many pixels a side.
const COARSE_SIDE: u32 = 48;
/// The refinement's pictures are at most this many pixels a side.
const FINE_SIDE: u32 = 320;
/// How many of the coarse search's best framings are refined.
const REFINED: usize = 3;
/// The pictures must overlap over at least this part of the smaller one: a
/// pan whose windows overlap by 44% is found (framing_pairs bench); other
/// pictures are still refused by [`ACCEPT_RATIO`].
const MIN_OVERLAP: f32 = 0.35;
/// A framing is trusted when its mean difference is at most this part of
/// what a wrong one costs. Measured on real frames (`real_framings_are_found_
/// and_cuts_refused`): one scene a few frames apart 0.13–0.37, a crop of it
/// 0.02–0.12, two different scenes 0.62–1.65.
pub const ACCEPT_RATIO: f32 = 0.45;

/// The framing of `after` within `before` (same size), or None when no pan
/// and zoom makes them match (different scenes, or too small to tell).
pub fn find(before: &RgbaImage, after: &RgbaImage) -> Option<Framing> {
    find_scored(before, after).map(|(framing, _)| framing)
}

/// [`find`], with what the framing leaves unexplained: its mean difference
/// as a part of what a wrong framing costs (at most [`ACCEPT_RATIO`]; a
/// crop of one picture measures 0.02–0.12).
pub fn find_scored(before: &RgbaImage, after: &RgbaImage) -> Option<(Framing, f32)> {
    if before.dimensions() != after.dimensions() || before.width().min(before.height()) < 16 {
        return None;
    }
    let (coarse_b, coarse_a) = (
        Plane::of(before, COARSE_SIDE),
        Plane::of(after, COARSE_SIDE),
    );
    let candidates = coarse_search(&coarse_b, &coarse_a, before.width(), before.height());
    let typical = candidates.typical;
    let (fine_b, fine_a) = (Plane::of(before, FINE_SIDE), Plane::of(after, FINE_SIDE));
    let step = coarse_b.k as f32;
    let (framing, cost) = candidates
        .best
        .into_iter()
        .map(|f| refine(&fine_b, &fine_a, f, step))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    // Compare at one resolution: the refined framing's cost on the coarse
    // pictures against the typical coarse cost.
    // A match must beat both a typical wrong framing and a flat grey (which
    // a flat or nearly flat picture would otherwise match anywhere).
    let wrong = typical.min(fine_a.spread()).min(fine_b.spread());
    // Measured on the wider frame's pixels too: on the closer one's, the
    // wider frame is sampled finer than it holds detail, and even a true
    // framing leaves a difference.
    let back = cost_of(&fine_a, &fine_b, &framing.inverse(fine_b.full));
    let ratio = cost.min(back) / wrong;
    (ratio <= ACCEPT_RATIO).then_some((framing, ratio))
}

/// A brightness picture shrunk by the whole factor `k`.
struct Plane {
    data: Vec<f32>,
    w: usize,
    h: usize,
    k: usize,
    /// The full-resolution picture's size.
    full: (f32, f32),
}

impl Plane {
    /// `image`'s brightness, block-averaged so no side exceeds `max_side`.
    fn of(image: &RgbaImage, max_side: u32) -> Self {
        let k = image.width().max(image.height()).div_ceil(max_side).max(1) as usize;
        let (w, h) = (image.width() as usize / k, image.height() as usize / k);
        let (w, h) = (w.max(1), h.max(1));
        let mut data = vec![0f32; w * h];
        for (y, row) in data.chunks_exact_mut(w).enumerate() {
            for (x, out) in row.iter_mut().enumerate() {
                let mut sum = 0.0;
                for yy in y * k..(y * k + k).min(image.height() as usize) {
                    for xx in x * k..(x * k + k).min(image.width() as usize) {
                        let p = image.get_pixel(xx as u32, yy as u32).0;
                        sum += 0.299 * f32::from(p[0])
                            + 0.587 * f32::from(p[1])
                            + 0.114 * f32::from(p[2]);
                    }
                }
                *out = sum / (k * k) as f32;
            }
        }
        Self {
            data,
            w,
            h,
            k,
            full: (image.width() as f32, image.height() as f32),
        }
    }
}

impl Plane {
    /// The mean absolute difference from the mean brightness: what matching
    /// a flat grey would cost.
    fn spread(&self) -> f32 {
        let n = self.data.len() as f32;
        let mean = self.data.iter().sum::<f32>() / n;
        self.data.iter().map(|v| (v - mean).abs()).sum::<f32>() / n
    }
}

/// Mean absolute brightness difference between `after` and `before` seen
/// through `framing`, over where they overlap; infinite when they overlap
/// too little.
fn cost_of(before: &Plane, after: &Plane, framing: &Framing) -> f32 {
    let k = before.k as f32;
    let centre = (k - 1.0) / 2.0;
    let (max_x, max_y) = ((before.w - 1) as f32, (before.h - 1) as f32);
    let mut sum = 0f32;
    let mut count = 0usize;
    for y in 0..after.h {
        let py = k * y as f32 + centre;
        for x in 0..after.w {
            let px = k * x as f32 + centre;
            let q = framing.apply([px, py], before.full);
            let (qx, qy) = ((q[0] - centre) / k, (q[1] - centre) / k);
            if (0.0..=max_x).contains(&qx) && (0.0..=max_y).contains(&qy) {
                let seen = Tap::at(qx, qy, before.w, before.h).read(&before.data);
                sum += (after.data[y * after.w + x] - seen).abs();
                count += 1;
            }
        }
    }
    let smaller = (after.w * after.h) as f32 * (1.0 / (framing.scale * framing.scale)).min(1.0);
    if count == 0 || (count as f32) < MIN_OVERLAP * smaller {
        return f32::INFINITY;
    }
    sum / count as f32
}

struct Candidates {
    /// The best few framings, each from a different zoom.
    best: Vec<Framing>,
    /// The median cost over every framing tried: what a wrong one costs.
    typical: f32,
}

/// Every zoom in the range, and at each every position (in steps of one
/// coarse pixel of the larger picture) where the pictures overlap enough.
fn coarse_search(before: &Plane, after: &Plane, width: u32, height: u32) -> Candidates {
    let (lo, hi) = SCALE_RANGE;
    let steps = ((hi / lo).ln() / SCALE_STEP.ln()).round() as i32;
    let scales: Vec<f32> = (0..=steps).map(|i| lo * SCALE_STEP.powi(i)).collect();
    let (fw, fh) = (width as f32, height as f32);
    let per_scale: Vec<(Framing, f32, Vec<f32>)> = scales
        .par_iter()
        .map(|&scale| {
            let step = before.k as f32 * scale.max(1.0);
            let mut best = (Framing::new(scale, [0.0; 2]), f32::INFINITY);
            let mut costs = Vec::new();
            let (nx, ny) = (
                ((fw * (1.0 + scale)) / step) as i32,
                ((fh * (1.0 + scale)) / step) as i32,
            );
            for j in 0..=ny {
                for i in 0..=nx {
                    let framing = Framing::new(
                        scale,
                        [-fw * scale + i as f32 * step, -fh * scale + j as f32 * step],
                    );
                    let cost = cost_of(before, after, &framing);
                    if cost.is_finite() {
                        costs.push(cost);
                        if cost < best.1 {
                            best = (framing, cost);
                        }
                    }
                }
            }
            (best.0, best.1, costs)
        })
        .collect();
    let mut all: Vec<f32> = per_scale.iter().flat_map(|p| p.2.iter().copied()).collect();
    let typical = if all.is_empty() {
        f32::INFINITY
    } else {
        let middle = all.len() / 2;
        *all.select_nth_unstable_by(middle, f32::total_cmp).1
    };
    let mut ranked: Vec<(Framing, f32)> = per_scale
        .into_iter()
        .filter(|p| p.1.is_finite())
        .map(|p| (p.0, p.1))
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
    Candidates {
        best: ranked.into_iter().take(REFINED).map(|p| p.0).collect(),
        typical,
    }
}

/// The largest turn a framing may have (radians): 8°.
const MAX_ANGLE: f32 = 0.14;

/// A pattern search from `start` on (log zoom, x, y, angle): try a step
/// each way on each, move to the best improvement, halve the steps when
/// none helps.
fn refine(before: &Plane, after: &Plane, start: Framing, step: f32) -> (Framing, f32) {
    let mut here = start;
    let mut cost = cost_of(before, after, &here);
    let (mut offset_step, mut zoom_step) = (step, SCALE_STEP.ln() / 2.0);
    let mut angle_step = 0.02f32;
    let finest = 0.125 * before.k as f32;
    for _ in 0..400 {
        if offset_step < finest {
            break;
        }
        let tries = [
            (zoom_step, 0.0, 0.0, 0.0),
            (-zoom_step, 0.0, 0.0, 0.0),
            (0.0, offset_step, 0.0, 0.0),
            (0.0, -offset_step, 0.0, 0.0),
            (0.0, 0.0, offset_step, 0.0),
            (0.0, 0.0, -offset_step, 0.0),
            (0.0, 0.0, 0.0, angle_step),
            (0.0, 0.0, 0.0, -angle_step),
        ];
        let best = tries
            .iter()
            .map(|&(dz, dx, dy, da)| {
                let framing = zoomed(&here, dz, [dx, dy], da, before);
                (framing, cost_of(before, after, &framing))
            })
            .filter(|(f, _)| f.angle.abs() <= MAX_ANGLE)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((framing, c)) if c < cost => (here, cost) = (framing, c),
            _ => {
                offset_step /= 2.0;
                zoom_step /= 2.0;
                angle_step /= 2.0;
            }
        }
    }
    (here, cost)
}

/// `framing` zoomed by e^dz and turned by `da` about the after frame's
/// centre, then moved by `d`.
fn zoomed(framing: &Framing, dz: f32, d: [f32; 2], da: f32, plane: &Plane) -> Framing {
    let scale = framing.scale * dz.exp();
    let (cx, cy) = ((plane.full.0 - 1.0) / 2.0, (plane.full.1 - 1.0) / 2.0);
    // Keep the point the after frame's centre shows where it was.
    Framing {
        scale,
        offset: [
            framing.offset[0] + (framing.scale - scale) * cx + d[0],
            framing.offset[1] + (framing.scale - scale) * cy + d[1],
        ],
        angle: framing.angle + da,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::demo_still;

    /// A picture with detail at several sizes, like a photograph.
    fn scene(w: u32, h: u32, seed: f32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            let (x, y) = (x as f32 / w as f32, y as f32 / h as f32);
            let v = |k: f32| {
                let a = (x * 9.0 + seed + k).sin() * (y * 7.0 - seed).cos();
                let b = (x * 23.0 - y * 17.0 + seed * 3.0).sin();
                let c = ((x + y) * 51.0 + k).sin();
                (128.0 + 60.0 * a + 35.0 * b + 20.0 * c).clamp(0.0, 255.0) as u8
            };
            image::Rgba([v(0.0), v(1.3), v(2.1), 255])
        })
    }

    /// The part of `image` a framing shows, resampled to full size.
    fn crop(image: &RgbaImage, framing: &Framing) -> RgbaImage {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let planes: Vec<Vec<f32>> = (0..3)
            .map(|c| image.pixels().map(|p| f32::from(p.0[c])).collect())
            .collect();
        RgbaImage::from_fn(image.width(), image.height(), |x, y| {
            let qx = framing.scale * x as f32 + framing.offset[0];
            let qy = framing.scale * y as f32 + framing.offset[1];
            let tap = Tap::at(qx, qy, w, h);
            let v = |c: usize| (tap.read(&planes[c]) + 0.5) as u8;
            image::Rgba([v(0), v(1), v(2), 255])
        })
    }

    #[test]
    fn a_framing_and_its_inverse_undo_each_other() {
        let size = (320.0, 180.0);
        let framing = Framing {
            scale: 0.6,
            offset: [70.0, 30.0],
            angle: 0.05,
        };
        let back = framing.inverse(size);
        for p in [[0.0, 0.0], [319.0, 12.0], [160.0, 90.0], [33.3, 170.2]] {
            let q = framing.apply(p, size);
            for (a, b) in [(back.apply(q, size), p), (framing.invert(q, size), p)] {
                assert!(
                    (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn framing_is_found_for_a_crop_and_refused_for_another_scene() {
        let wide = scene(320, 180, 0.0);
        for truth in [
            Framing::new(0.6, [70.0, 30.0]),
            Framing::new(1.0, [-25.0, 12.0]),
            Framing::new(0.8, [10.0, 25.0]),
        ] {
            let close = crop(&wide, &truth);
            let found = find(&wide, &close).expect("a crop is a framing");
            assert!(
                (found.scale - truth.scale).abs() < 0.02,
                "{found:?} {truth:?}"
            );
            for c in 0..2 {
                assert!(
                    (found.offset[c] - truth.offset[c]).abs() < 2.0,
                    "{found:?} {truth:?}"
                );
            }
            // And the other way round: a pull out.
            let back = find(&close, &wide).expect("a pull out is a framing");
            assert!((back.scale - 1.0 / truth.scale).abs() < 0.05, "{back:?}");
        }
        let other = RgbaImage::from_fn(320, 180, |x, y| {
            let v = ((x as f32 * 0.37).sin() * (y as f32 * 0.11).cos() * 100.0 + 120.0) as u8;
            image::Rgba([v, 255 - v, v / 2, 255])
        });
        assert_eq!(find(&wide, &other), None);
        let flat = RgbaImage::from_pixel(320, 180, image::Rgba([90, 90, 90, 255]));
        assert_eq!(find(&wide, &flat), None, "a flat picture matches anything");
    }

    /// The region of `image` at (`x`, `y`) of `w` x `h` pixels.
    fn region(image: &RgbaImage, x: u32, y: u32, w: u32, h: u32) -> RgbaImage {
        image::imageops::crop_imm(image, x, y, w, h).to_image()
    }

    #[test]
    fn real_framings_are_found_and_other_pictures_refused() {
        let burrow = demo_still("bunny-burrow.jpg");
        let looks = demo_still("bunny-looks.jpg");
        // The same camera 4.6 s later, the rabbit having got up: one scene.
        let found = find(&burrow, &looks).expect("one scene, one framing");
        assert!((found.scale - 1.0).abs() < 0.05, "{found:?}");
        for (name, picture) in [("burrow", &burrow), ("looks", &looks)] {
            let truth = Framing::new(0.55, [300.0, 160.0]);
            let zoom = find(picture, &crop(picture, &truth))
                .unwrap_or_else(|| panic!("{name}: a crop is a framing"));
            assert!((zoom.scale - 0.55).abs() < 0.01, "{name}: {zoom:?}");
            for c in 0..2 {
                assert!(
                    (zoom.offset[c] - truth.offset[c]).abs() < 3.0,
                    "{name}: {zoom:?}"
                );
            }
        }
        // A mirrored picture has the same colours and none of the framing.
        let mirrored = image::imageops::flip_vertical(&burrow);
        assert_eq!(find(&burrow, &mirrored), None, "a mirror is no framing");
        // Grass and trees top left, against grass and rocks bottom right.
        let (w, h) = (burrow.width() / 2, burrow.height() / 2);
        let a = region(&burrow, 0, 0, w, h);
        let b = region(&looks, w, h, w, h);
        assert_eq!(find(&a, &b), None, "different parts are different shots");
    }
}
