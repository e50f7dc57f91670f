//! Frames at any t from two flows: project the motion to time t, warp both
//! sides there, and blend them by where each side can be seen.

use image::RgbaImage;

use super::blend::Plan;
use super::projection::Projection;
use crate::r#gen::estimate::Estimate;
use crate::r#gen::pixels::Pixels;
use crate::r#gen::warp::Tap;

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

impl Motion {
    /// The frame at `t` in (0, 1).
    ///
    /// The motion is projected to t at the flow's resolution; a pass over the
    /// flow's pixels decides where each side is sampled, how much each is
    /// seen and how far the motion is believed ([`Plan`]); a pass over the
    /// output pixels (rows in parallel) reads that plan, samples both frames
    /// and blends them.
    pub fn frame_at(&self, t: f32) -> RgbaImage {
        self.plan(t).render(t, &self.before, &self.after)
    }

    /// The same frame as unrounded values with each pixel's doubt.
    pub fn estimate_at(&self, t: f32) -> Estimate {
        self.plan(t).estimate(t, &self.before, &self.after)
    }

    fn plan(&self, t: f32) -> Plan {
        let (fw, fh) = (self.fw, self.fh);
        // Where frame 0's pixels are at t, and frame 1's (travelling back).
        // (Splatting is sequential within a side: the two sides in parallel.)
        let (from0, from1) = rayon::join(
            || Projection::new(&self.f01, &self.trust0, t, fw, fh),
            || Projection::new(&self.f10, &self.trust1, 1.0 - t, fw, fh),
        );
        Plan::new(
            [&from0, &from1],
            &self.f01,
            t,
            &self.before_small,
            &self.after_small,
        )
    }
}
