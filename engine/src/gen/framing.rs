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

/// The after frame's pixel p shows the before frame's point `scale`·p +
/// `offset` (full-resolution pixels): `scale` < 1 is a push in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    /// How much of the before frame the after frame spans, per side.
    pub scale: f32,
    /// Where the after frame's top-left pixel lies in the before frame.
    pub offset: [f32; 2],
}

/// The zooms tried, from a push in to 40% to a pull out to 250%.
const SCALE_RANGE: (f32, f32) = (0.4, 2.5);
/// Steps between tried zooms (each this ratio apart).
const SCALE_STEP: f32 = 1.08;
/// The coarse search's pictures are at most this many pixels a side.
const COARSE_SIDE: u32 = 48;
/// The refinement's pictures are at most this many pixels a side.
const FINE_SIDE: u32 = 320;
/// How many of the coarse search's best framings are refined.
const REFINED: usize = 3;
/// The pictures must overlap over at least this part of the smaller one.
const MIN_OVERLAP: f32 = 0.5;
/// A framing is trusted when its mean difference is at most this part of
/// what a wrong one costs. Measured on real frames (`real_framings_are_found_
/// and_cuts_refused`): one scene a few frames apart 0.13–0.37, a crop of it
/// 0.02–0.12, two different scenes 0.62–1.65.
const ACCEPT_RATIO: f32 = 0.45;

/// The framing of `after` within `before` (same size), or None when no pan
/// and zoom makes them match (different scenes, or too small to tell).
pub fn find(before: &RgbaImage, after: &RgbaImage) -> Option<Framing> {
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
    (cost <= ACCEPT_RATIO * wrong).then_some(framing)
}

/// A brightness picture shrunk by the whole factor `k`.
struct Plane {
    data: Vec<f32>,
    w: usize,
    h: usize,
    k: usize,
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
        Self { data, w, h, k }
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
        let qy = (framing.scale * py + framing.offset[1] - centre) / k;
        if !(0.0..=max_y).contains(&qy) {
            continue;
        }
        for x in 0..after.w {
            let px = k * x as f32 + centre;
            let qx = (framing.scale * px + framing.offset[0] - centre) / k;
            if (0.0..=max_x).contains(&qx) {
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
            let mut best = (
                Framing {
                    scale,
                    offset: [0.0; 2],
                },
                f32::INFINITY,
            );
            let mut costs = Vec::new();
            let (nx, ny) = (
                ((fw * (1.0 + scale)) / step) as i32,
                ((fh * (1.0 + scale)) / step) as i32,
            );
            for j in 0..=ny {
                for i in 0..=nx {
                    let framing = Framing {
                        scale,
                        offset: [-fw * scale + i as f32 * step, -fh * scale + j as f32 * step],
                    };
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

/// A pattern search from `start` on (log zoom, x, y): try a step each way
/// on each, move to the best improvement, halve the steps when none helps.
fn refine(before: &Plane, after: &Plane, start: Framing, step: f32) -> (Framing, f32) {
    let mut here = start;
    let mut cost = cost_of(before, after, &here);
    let (mut offset_step, mut zoom_step) = (step, SCALE_STEP.ln() / 2.0);
    let finest = 0.25 * before.k as f32;
    for _ in 0..200 {
        if offset_step < finest {
            break;
        }
        let tries = [
            (zoom_step, 0.0, 0.0),
            (-zoom_step, 0.0, 0.0),
            (0.0, offset_step, 0.0),
            (0.0, -offset_step, 0.0),
            (0.0, 0.0, offset_step),
            (0.0, 0.0, -offset_step),
        ];
        let best = tries
            .iter()
            .map(|&(dz, dx, dy)| {
                let framing = zoomed(&here, dz, dx, dy, before);
                (framing, cost_of(before, after, &framing))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((framing, c)) if c < cost => (here, cost) = (framing, c),
            _ => {
                offset_step /= 2.0;
                zoom_step /= 2.0;
            }
        }
    }
    (here, cost)
}

/// `framing` zoomed by e^dz about the after frame's centre, then moved.
fn zoomed(framing: &Framing, dz: f32, dx: f32, dy: f32, plane: &Plane) -> Framing {
    let scale = framing.scale * dz.exp();
    let (cx, cy) = (
        (plane.w * plane.k) as f32 / 2.0,
        (plane.h * plane.k) as f32 / 2.0,
    );
    // Keep the point the after frame's centre shows where it was.
    Framing {
        scale,
        offset: [
            framing.offset[0] + (framing.scale - scale) * cx + dx,
            framing.offset[1] + (framing.scale - scale) * cy + dy,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn framing_is_found_for_a_crop_and_refused_for_another_scene() {
        let wide = scene(320, 180, 0.0);
        for truth in [
            Framing {
                scale: 0.6,
                offset: [70.0, 30.0],
            },
            Framing {
                scale: 1.0,
                offset: [-25.0, 12.0],
            },
            Framing {
                scale: 0.8,
                offset: [10.0, 25.0],
            },
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

    /// A picture the repository ships: the demo's stills (Big Buck Bunny,
    /// CC BY 3.0, see `assets/ATTRIBUTION.md`), so the test needs nothing
    /// beside the clone.
    fn demo_still(name: &str) -> RgbaImage {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../projects/demo/media")
            .join(name);
        image::open(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .to_rgba8()
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
            let truth = Framing {
                scale: 0.55,
                offset: [300.0, 160.0],
            };
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
