//! The last step of a frame: where each side is sampled, how much of each
//! is seen, and how far the motion is believed, decided once per pixel of
//! the flow (the plan); then both frames sampled and blended at every output
//! pixel, leaning towards a dissolve where the motion is neither trusted nor
//! confirmed by the two warped sides agreeing (a wrong warp looks worse than
//! a soft mix).

use image::RgbaImage;
use rayon::prelude::*;

use super::projection::Projection;
use super::tensors::box_mean;
use crate::r#gen::estimate::{Estimate, blend_doubt};
use crate::r#gen::pixels::{Axis, Pixels, sample_rgb};
use crate::r#gen::warp::Tap;

/// Trust at or above 1 / CONFIDENCE_GAIN uses the motion fully.
const CONFIDENCE_GAIN: f32 = 6.0;

/// How closely the two warped sides must agree (mean absolute RGB
/// difference, 0–255) for the warp to be believed whatever the measured
/// trust: confidence from agreement is exp(−difference / this). Both sides
/// landing on the same colours confirms the motion where the trust, a test
/// of single pixels, doubts it (fine texture moving a long way); where they
/// disagree the trust decides, as before. Measured on interp-dev: the same
/// overall score from 40 to 100 (BENCHMARKS.md).
const AGREEMENT_SCALE: f32 = 40.0;

/// The difference is averaged over (2·AGREEMENT_RADIUS + 1)² pixels of the
/// flow, so that neighbouring pixels do not flip between the warp and the
/// dissolve (which shows as speckle where a hand moves over texture).
const AGREEMENT_RADIUS: usize = 1;

/// What the plan holds for one pixel of the flow.
#[derive(Clone, Copy, Default)]
struct Step {
    /// Where frame 0 is sampled, relative to the pixel (flow pixels), and
    /// frame 1.
    to0: [f32; 2],
    to1: [f32; 2],
    /// How much each side counts in the blend: its share of t and how much
    /// of it lands here.
    weight0: f32,
    weight1: f32,
    /// How far the warped sides are used rather than the dissolve (0–1).
    confidence: f32,
}

impl Step {
    /// The bilinear mix of four steps (weights summing to 1).
    #[inline]
    fn mix(steps: [&Step; 4], weights: [f32; 4]) -> Step {
        let mut out = Step::default();
        for (s, k) in steps.iter().zip(weights) {
            for c in 0..2 {
                out.to0[c] += k * s.to0[c];
                out.to1[c] += k * s.to1[c];
            }
            out.weight0 += k * s.weight0;
            out.weight1 += k * s.weight1;
            out.confidence += k * s.confidence;
        }
        out
    }
}

/// The frame at t, decided at the flow's resolution: a [`Step`] for each of
/// its fw·fh pixels.
pub(super) struct Plan {
    steps: Vec<Step>,
    fw: usize,
    fh: usize,
}

impl Plan {
    /// The plan for time `t` from both sides' projections to t and the
    /// measured flow 0 → 1 (for pixels neither side lands on). `before` and
    /// `after` are both frames at the flow's size, where the warped sides'
    /// agreement is measured (bilinear samples: cheap beside the frame).
    pub fn new(
        from: [&Projection; 2],
        f01: &[f32],
        t: f32,
        before: &Pixels,
        after: &Pixels,
    ) -> Self {
        let (fw, fh) = (before.width, before.height);
        let plane = fw * fh;
        // Each step, its confidence from the trust alone for now, and how
        // much the two sides differ there.
        let (mut steps, difference): (Vec<Step>, Vec<f32>) = (0..plane)
            .into_par_iter()
            .map(|j| {
                let (x, y) = ((j % fw) as f32, (j / fw) as f32);
                let cover = [from[0].coverage[j], from[1].coverage[j]];
                let a = [from[0].flow[j], from[0].flow[plane + j]];
                let b = [from[1].flow[j], from[1].flow[plane + j]];
                let (to0, to1) = displacements(a, b, cover, [f01[j], f01[plane + j]], t);
                // Blend by visibility: a side that does not land here does
                // not see it.
                let (weight0, weight1) = ((1.0 - t) * (cover[0] + 1e-3), t * (cover[1] + 1e-3));
                let trusted = (weight0 * from[0].trusted[j] + weight1 * from[1].trusted[j])
                    / (weight0 + weight1)
                    * CONFIDENCE_GAIN;
                let s0 = bilinear_rgb(&before.data, x + to0[0], y + to0[1], fw, fh);
                let s1 = bilinear_rgb(&after.data, x + to1[0], y + to1[1], fw, fh);
                let difference =
                    ((s0[0] - s1[0]).abs() + (s0[1] - s1[1]).abs() + (s0[2] - s1[2]).abs()) / 3.0;
                let step = Step {
                    to0,
                    to1,
                    weight0,
                    weight1,
                    confidence: trusted,
                };
                (step, difference)
            })
            .unzip();
        for (step, d) in steps
            .iter_mut()
            .zip(box_mean(&difference, fw, fh, AGREEMENT_RADIUS))
        {
            step.confidence = step.confidence.max((-d / AGREEMENT_SCALE).exp()).min(1.0);
        }
        Self { steps, fw, fh }
    }

    /// The frame: the plan read at each output pixel (bilinearly when the
    /// flow is smaller than the frames), both frames sampled where it
    /// points (Catmull-Rom) and blended; rows in parallel.
    pub fn render(&self, t: f32, before: &Pixels, after: &Pixels) -> RgbaImage {
        let (w, h) = (before.width, before.height);
        let reader = Reader::new(self, w, h);
        let mut out = RgbaImage::new(w as u32, h as u32);
        out.par_chunks_mut(4 * w).enumerate().for_each(|(y, row)| {
            for (x, px) in row.chunks_exact_mut(4).enumerate() {
                let (value, _) = reader.pixel(x, y, t, before, after);
                for c in 0..3 {
                    px[c] = (value[c].clamp(0.0, 255.0) + 0.5) as u8;
                }
                px[3] = 255;
            }
        });
        out
    }

    /// The same frame as unrounded values, with each pixel's doubt
    /// (`gen::estimate`): for the fused model.
    pub fn estimate(&self, t: f32, before: &Pixels, after: &Pixels) -> Estimate {
        let (w, h) = (before.width, before.height);
        let reader = Reader::new(self, w, h);
        let (rgb, doubt) = (0..w * h)
            .into_par_iter()
            .map(|i| reader.pixel(i % w, i / w, t, before, after))
            .unzip();
        Estimate {
            width: w,
            height: h,
            rgb,
            doubt,
        }
    }
}

/// A plan read at a frame's pixels.
struct Reader<'a> {
    plan: &'a Plan,
    columns: Vec<Axis>,
    rows: Vec<Axis>,
    scale: [f32; 2],
}

impl<'a> Reader<'a> {
    fn new(plan: &'a Plan, w: usize, h: usize) -> Self {
        Self {
            plan,
            columns: Axis::all(w, plan.fw),
            rows: Axis::all(h, plan.fh),
            scale: [w as f32 / plan.fw as f32, h as f32 / plan.fh as f32],
        }
    }

    /// The frame's pixel (x, y) at t, and its doubt.
    #[inline]
    fn pixel(
        &self,
        x: usize,
        y: usize,
        t: f32,
        before: &Pixels,
        after: &Pixels,
    ) -> ([f32; 3], f32) {
        let (w, h) = (before.width, before.height);
        let (fw, steps) = (self.plan.fw, &self.plan.steps);
        let (r, c) = (self.rows[y], self.columns[x]);
        let step = Step::mix(
            [
                &steps[r.i0 * fw + c.i0],
                &steps[r.i0 * fw + c.i1],
                &steps[r.i1 * fw + c.i0],
                &steps[r.i1 * fw + c.i1],
            ],
            [
                (1.0 - c.a) * (1.0 - r.a),
                c.a * (1.0 - r.a),
                (1.0 - c.a) * r.a,
                c.a * r.a,
            ],
        );
        let (xf, yf) = (x as f32, y as f32);
        let [scale_x, scale_y] = self.scale;
        let s0 = sample_rgb(
            &before.data,
            xf + step.to0[0] * scale_x,
            yf + step.to0[1] * scale_y,
            w,
            h,
        );
        let s1 = sample_rgb(
            &after.data,
            xf + step.to1[0] * scale_x,
            yf + step.to1[1] * scale_y,
            w,
            h,
        );
        let (w0, w1, confidence) = (step.weight0, step.weight1, step.confidence);
        let i = y * w + x;
        let share0 = w0 / (w0 + w1);
        let mut value = [0f32; 3];
        for c in 0..3 {
            let moved = (w0 * s0[c] + w1 * s1[c]) / (w0 + w1);
            let mixed = (1.0 - t) * before.data[i][c] + t * after.data[i][c];
            value[c] = confidence * moved + (1.0 - confidence) * mixed;
        }
        let doubt = confidence * blend_doubt(share0, &s0, &s1)
            + (1.0 - confidence) * blend_doubt(1.0 - t, &before.data[i], &after.data[i]);
        (value, doubt)
    }
}

/// Where a pixel's two samples come from, relative to it: into frame 0 and
/// into frame 1, from frame 0's projected flow `a`, frame 1's `b` (pointing
/// back), how much of each lands here, and the measured flow 0 → 1.
#[inline]
fn displacements(
    a: [f32; 2],
    b: [f32; 2],
    cover: [f32; 2],
    f01: [f32; 2],
    t: f32,
) -> ([f32; 2], [f32; 2]) {
    let w0 = (1.0 - t) * cover[0];
    let w1 = t * cover[1];
    let mut to0 = [0f32; 2];
    let mut to1 = [0f32; 2];
    for c in 0..2 {
        if w0 + w1 > 1e-4 {
            // Frame 0's motion leads back by t·a and on by (1 − t)·a; frame
            // 1's the other way; each weighted by how much of it lands here.
            to0[c] = (w0 * (-t * a[c]) + w1 * (t * b[c])) / (w0 + w1);
            to1[c] = (w0 * ((1.0 - t) * a[c]) + w1 * (-(1.0 - t) * b[c])) / (w0 + w1);
        } else {
            // Neither side lands here: move linearly with frame 0's motion.
            to0[c] = -t * f01[c];
            to1[c] = (1.0 - t) * f01[c];
        }
    }
    (to0, to1)
}

/// The RGB of an RGBA picture at (x, y), bilinearly, edges clamped.
#[inline]
fn bilinear_rgb(image: &[[f32; 4]], x: f32, y: f32, w: usize, h: usize) -> [f32; 3] {
    let tap = Tap::at(x, y, w, h);
    let mut rgb = [0f32; 3];
    for (c, v) in rgb.iter_mut().enumerate() {
        *v = tap.mix(|i| image[i][c]);
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::super::synthesis::Motion;
    use super::*;
    use crate::r#gen::test_pictures::distance;
    use image::RgbaImage;

    /// A striped picture with strong texture, `shift` pixels to the right.
    fn stripes(w: u32, h: u32, shift: f32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            let x = x as f32 - shift;
            let v = |period: f32, phase: f32| {
                (128.0
                    + 110.0 * (x * std::f32::consts::TAU / period + phase + y as f32 * 0.05).sin())
                    as u8
            };
            image::Rgba([v(9.0, 0.0), v(11.0, 1.0), v(13.0, 2.0), 255])
        })
    }

    /// Frames 0 and 1 (frame 1 is frame 0 moved 4 pixels right), with a flow
    /// of `dx` frame pixels from 0 to 1 (and back), measured with no trust
    /// at all, at the frames' size divided by `shrink`.
    fn untrusted_at(dx: f32, shrink: usize) -> (Motion, RgbaImage, RgbaImage) {
        let (fw, fh) = (48usize, 24usize);
        let (w, h) = ((fw * shrink) as u32, (fh * shrink) as u32);
        let (a, b) = (stripes(w, h, 0.0), stripes(w, h, 4.0));
        let plane = fw * fh;
        let flow = |dx: f32| [vec![dx / shrink as f32; plane], vec![0.0; plane]].concat();
        let motion = Motion {
            before: (&a).into(),
            after: (&b).into(),
            before_small: Pixels::shrunk(&a, shrink),
            after_small: Pixels::shrunk(&b, shrink),
            f01: flow(dx),
            f10: flow(-dx),
            trust0: vec![0.0; plane],
            trust1: vec![0.0; plane],
            fw,
            fh,
        };
        (motion, a, b)
    }

    fn untrusted(dx: f32) -> (Motion, RgbaImage, RgbaImage) {
        untrusted_at(dx, 1)
    }

    #[test]
    fn warps_that_agree_are_believed_without_trust() {
        // The right motion, but the trust test doubted every pixel: both
        // sides warped to t = ½ land on the same colours, so the frame is
        // the picture moved halfway, not a double exposure.
        assert_moves_halfway(1);
    }

    /// The right motion, untrusted, at the frames' size divided by
    /// `shrink`: the frame at t = ½ is the stripes moved halfway, which the
    /// dissolve is not.
    fn assert_moves_halfway(shrink: usize) {
        let (motion, a, b) = untrusted_at(4.0, shrink);
        let made = motion.frame_at(0.5);
        assert_eq!(made.dimensions(), a.dimensions());
        let halfway = stripes(a.width(), a.height(), 2.0);
        let dissolve = crate::render::mix(&a, &b, 0.5);
        let off = distance(&made, &halfway);
        assert!(off < 2.0, "{off} levels from halfway (shrink {shrink})");
        assert!(distance(&dissolve, &halfway) > 20.0);
    }

    #[test]
    fn a_frame_larger_than_its_flow_reads_the_plan_between_its_pixels() {
        // Motion measured at half the frame's size (as 720p and 1080p are):
        // the plan, made per flow pixel, is read between them at every frame
        // pixel, and the frame still moves halfway. (At a third, these
        // stripes, 9 to 13 pixels apart, alias in the shrunk frames, the
        // sides no longer agree there, and the frame leans towards the
        // dissolve as v4 did: texture finer than the flow's pixels cannot
        // confirm a motion.)
        assert_moves_halfway(2);
    }

    #[test]
    fn warps_that_disagree_and_are_not_trusted_lean_towards_the_dissolve() {
        // The wrong motion (the opposite way), untrusted: the two warped
        // sides show different stripes, so the frame stays near the
        // dissolve instead of showing a wrong warp.
        let (motion, a, b) = untrusted(-4.0);
        let made = motion.frame_at(0.5);
        let dissolve = crate::render::mix(&a, &b, 0.5);
        let wrong = crate::render::mix(
            &stripes(a.width(), a.height(), -2.0),
            &stripes(a.width(), a.height(), 6.0),
            0.5,
        );
        let (to_dissolve, to_wrong) = (distance(&made, &dissolve), distance(&made, &wrong));
        assert!(to_dissolve < to_wrong / 3.0, "{to_dissolve} vs {to_wrong}");
    }
}
