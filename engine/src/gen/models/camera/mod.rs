//! The Camera move mode: a pan and zoom from the frame before the gap to the
//! frame after it, as if one camera moved between the two framings, with no
//! motion inside the picture. When the two frames are not framings of one
//! picture, a gentle push in dissolving to the other side instead.
//!
//! Also the gentle push that keeps a held frame from being a freeze
//! ([`pushed`]), used by the Hold and Cut modes.

use image::RgbaImage;
use rayon::prelude::*;

use crate::r#gen::framing::{self, Framing};
use crate::r#gen::pixels::{Pixels, sample_rgb};
use crate::r#gen::{GapInputs, GapModel, GenError, PreparedGap, check_inputs};
use crate::jobs::ProgressSink;

/// How far a push goes over a whole gap: 6% closer.
pub const PUSH: f32 = 0.06;

/// The Camera move model.
pub struct CameraMove;

enum Prepared {
    /// Both sides are the same picture.
    Still(RgbaImage),
    /// A move from the before frame's framing to the after frame's.
    Between(Between),
    /// No framing joins them: each side pushed in, dissolving across.
    Push(Pixels, Pixels),
}

struct Between {
    before: Pixels,
    after: Pixels,
    framing: Framing,
}

impl GapModel for CameraMove {
    fn id(&self) -> &'static str {
        "camera"
    }

    /// 2: one camera whose size changes geometrically and whose centre
    /// moves in a straight line; the closer frame wins where both show a
    /// point; framings to 4x either way, with a small turn. 3: framings
    /// whose frames overlap by 35% (was 50%).
    fn version(&self) -> u32 {
        3
    }

    fn label(&self) -> &'static str {
        "Camera move"
    }

    fn prepare(
        &self,
        inputs: &GapInputs<'_>,
        sink: &dyn ProgressSink,
    ) -> Result<Box<dyn PreparedGap>, GenError> {
        check_inputs(inputs)?;
        let (before, after) = (inputs.before, inputs.after);
        if before.as_raw() == after.as_raw() {
            return Ok(Box::new(Prepared::Still(before.clone())));
        }
        sink.progress(0, 1, "Finding the framing");
        let found = framing::find(before, after);
        if sink.is_cancelled() {
            return Err(GenError::Cancelled);
        }
        sink.progress(1, 1, "Finding the framing");
        Ok(Box::new(match found {
            Some(framing) => Prepared::Between(Between {
                before: before.into(),
                after: after.into(),
                framing,
            }),
            None => Prepared::Push(before.into(), after.into()),
        }))
    }
}

/// A camera move from `before`'s framing to `after`'s, `framing` being
/// where `after` lies in `before` (found by `framing::find`).
pub fn between(before: &RgbaImage, after: &RgbaImage, framing: Framing) -> Box<dyn PreparedGap> {
    Box::new(Prepared::Between(Between {
        before: before.into(),
        after: after.into(),
        framing,
    }))
}

impl PreparedGap for Prepared {
    fn frame_at(&self, t: f64) -> RgbaImage {
        let t = t.clamp(0.0, 1.0) as f32;
        match self {
            Prepared::Still(image) => image.clone(),
            Prepared::Between(between) => between.frame_at(t),
            Prepared::Push(before, after) => {
                let zoom = |p: &Pixels, amount: f32| centre_zoom(p, 1.0 + PUSH * amount);
                render(before.width, before.height, |x, y| {
                    let a = sample(before, zoom(before, t), x, y);
                    let b = sample(after, zoom(after, 1.0 - t), x, y);
                    std::array::from_fn(|c| (1.0 - t) * a[c] + t * b[c])
                })
            }
        }
    }
}

impl Between {
    /// One camera moving from the before frame's framing to the after
    /// frame's: its size changes geometrically, its centre (and its turn)
    /// linearly. The picture is both frames registered into one: each point
    /// comes from the frame that shows it closer (more of its pixels), the
    /// other filling in where it has nothing (a pan shows the after frame's
    /// new ground); frames that show it alike dissolve by t. Near an edge of
    /// either frame the other takes over softly.
    fn frame_at(&self, t: f32) -> RgbaImage {
        let framing = self.framing;
        let (w, h) = (self.before.width, self.before.height);
        let size = (w as f32, h as f32);
        let c = [(size.0 - 1.0) / 2.0, (size.1 - 1.0) / 2.0];
        let end = framing.centre(size);
        let centre = [c[0] + t * (end[0] - c[0]), c[1] + t * (end[1] - c[1])];
        let view = Framing {
            scale: framing.scale.powf(t),
            // The view's centre is where its own centre lands.
            offset: [0.0; 2],
            angle: framing.angle * t,
        };
        let shift = {
            let at = view.centre(size);
            [centre[0] - at[0], centre[1] - at[1]]
        };
        // How much closer the after frame is: past 1.2x it all but wins.
        let closer = (1.0 / framing.scale).powf(8.0).clamp(1e-4, 1e4);
        let ramp = (0.04 * w.min(h) as f32).max(1.0);
        render(w, h, |x, y| {
            let seen = view.apply([x, y], size);
            let q = [seen[0] + shift[0], seen[1] + shift[1]];
            let p = framing.invert(q, size);
            let wb = (1.0 - t) * inside(q, w, h, ramp);
            let wa = t * closer * inside(p, w, h, ramp);
            let b = sample_rgb(&self.before.data, q[0], q[1], w, h);
            let a = sample_rgb(&self.after.data, p[0], p[1], w, h);
            let (wb, wa) = if wb + wa < 1e-6 {
                (1.0 - t, t)
            } else {
                (wb, wa)
            };
            std::array::from_fn(|c| (wb * b[c] + wa * a[c]) / (wb + wa))
        })
    }
}

/// 1 well inside a `w`×`h` picture, falling to 0 at its edge over `ramp` pixels.
fn inside(p: [f32; 2], w: usize, h: usize, ramp: f32) -> f32 {
    let distance = (p[0] + 0.5)
        .min(w as f32 - 0.5 - p[0])
        .min(p[1] + 0.5)
        .min(h as f32 - 0.5 - p[1]);
    (distance / ramp).clamp(0.0, 1.0)
}

/// The framing that shows a picture `zoom` times closer about its centre.
fn centre_zoom(p: &Pixels, zoom: f32) -> Framing {
    let scale = 1.0 / zoom;
    let centre = [(p.width as f32 - 1.0) / 2.0, (p.height as f32 - 1.0) / 2.0];
    Framing::new(scale, centre.map(|c| c * (1.0 - scale)))
}

fn sample(p: &Pixels, framing: Framing, x: f32, y: f32) -> [f32; 4] {
    sample_rgb(
        &p.data,
        framing.scale * x + framing.offset[0],
        framing.scale * y + framing.offset[1],
        p.width,
        p.height,
    )
}

/// A `w`×`h` opaque picture from a colour per pixel (rows in parallel).
fn render(w: usize, h: usize, colour: impl Fn(f32, f32) -> [f32; 4] + Sync) -> RgbaImage {
    let mut out = RgbaImage::new(w as u32, h as u32);
    out.par_chunks_mut(4 * w).enumerate().for_each(|(y, row)| {
        for (x, px) in row.chunks_exact_mut(4).enumerate() {
            let c = colour(x as f32, y as f32);
            for k in 0..3 {
                px[k] = (c[k].clamp(0.0, 255.0) + 0.5) as u8;
            }
            px[3] = 255;
        }
    });
    out
}

/// `image` pushed in by `amount` (0–1) of [`PUSH`] about its centre: a held
/// frame that still moves a little.
pub fn pushed(image: &RgbaImage, amount: f32) -> RgbaImage {
    if amount <= 0.0 || image.width() < 2 || image.height() < 2 {
        return image.clone();
    }
    let pixels = Pixels::from(image);
    let framing = centre_zoom(&pixels, 1.0 + PUSH * amount);
    render(pixels.width, pixels.height, |x, y| {
        sample(&pixels, framing, x, y)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::NoProgress;
    use crate::project::{GapMode, GapSettings};

    fn gradient(w: u32, h: u32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            let v = |k: u32| ((x * 7 + y * 3 + k * 50) % 256) as u8;
            image::Rgba([v(0), v(1), v(2), 255])
        })
    }

    fn prepare(a: &RgbaImage, b: &RgbaImage) -> Box<dyn PreparedGap> {
        let settings = GapSettings {
            mode: GapMode::CameraMove,
            ..GapSettings::default()
        };
        let inputs = GapInputs::frames(a, b, &settings);
        CameraMove.prepare(&inputs, &NoProgress).unwrap()
    }

    #[test]
    fn a_pan_moves_the_picture_between_the_two_framings() {
        // A picture with content everywhere, and the same moved 24 px left.
        let wide = RgbaImage::from_fn(240, 120, |x, y| {
            let v = |k: f32| {
                let (x, y) = (x as f32, y as f32);
                (128.0
                    + 70.0 * ((x * 0.09 + k).sin() * (y * 0.13 - k).cos())
                    + 40.0 * ((x + y) * 0.031).sin()) as u8
            };
            image::Rgba([v(0.0), v(1.0), v(2.0), 255])
        });
        let moved = RgbaImage::from_fn(240, 120, |x, y| *wide.get_pixel((x + 24).min(239), y));
        let middle = prepare(&wide, &moved).frame_at(0.5);
        // Halfway, the picture has moved 12 px: compare well inside.
        let mut worst = 0;
        for y in 10..110 {
            for x in 10..200 {
                let want = wide.get_pixel(x + 12, y).0;
                let got = middle.get_pixel(x, y).0;
                for c in 0..3 {
                    worst = worst.max(want[c].abs_diff(got[c]));
                }
            }
        }
        assert!(worst <= 12, "worst difference {worst}");
    }

    #[test]
    fn unrelated_frames_push_and_dissolve_and_identical_ones_hold() {
        let a = gradient(64, 48);
        let b = RgbaImage::from_pixel(64, 48, image::Rgba([10, 200, 30, 255]));
        let gap = prepare(&a, &b);
        let quarter = gap.frame_at(0.25);
        assert_eq!(quarter.dimensions(), (64, 48));
        // Three quarters of a pushed-in `a` and a quarter of flat `b`.
        let pushed_a = pushed(&a, 0.25);
        let (got, want) = (quarter.get_pixel(32, 24).0, pushed_a.get_pixel(32, 24).0);
        let expect = 0.75 * f32::from(want[1]) + 0.25 * 200.0;
        assert!(
            (f32::from(got[1]) - expect).abs() <= 2.0,
            "{got:?} {want:?}"
        );
        assert_eq!(prepare(&a, &a).frame_at(0.3), a);
    }

    #[test]
    fn a_push_zooms_about_the_centre_and_starts_from_the_picture() {
        let a = gradient(65, 49);
        assert_eq!(pushed(&a, 0.0), a);
        let far = pushed(&a, 1.0);
        assert_eq!(far.get_pixel(32, 24), a.get_pixel(32, 24), "centre stays");
        assert_ne!(far.get_pixel(0, 0), a.get_pixel(0, 0), "edges move in");
        let tiny = RgbaImage::new(1, 1);
        assert_eq!(pushed(&tiny, 1.0), tiny);
    }
}
