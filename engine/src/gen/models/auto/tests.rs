//! Auto on pictures the repository ships: the demo's stills (Big Buck
//! Bunny, CC BY 3.0, see `assets/ATTRIBUTION.md`).

use image::RgbaImage;

use super::*;
use crate::r#gen::demo_still;
use crate::r#gen::motion::MotionModel;
use crate::jobs::NoProgress;
use crate::project::GapSettings;

/// What a 320x180 camera sees of `picture` with its centre at (`cx`, `cy`)
/// and `width` of its width across (parts of the picture), 4x4 samples a
/// pixel: the true in-betweens of a framing pair.
fn window(picture: &RgbaImage, cx: f64, cy: f64, width: f64) -> RgbaImage {
    let (pw, ph) = (f64::from(picture.width()), f64::from(picture.height()));
    let step = width * pw / 320.0;
    let sample = |x: f64, y: f64, k: usize| {
        let (x, y) = (x.clamp(0.0, pw - 1.0), y.clamp(0.0, ph - 1.0));
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = (
            (x0 + 1).min(picture.width() - 1),
            (y0 + 1).min(picture.height() - 1),
        );
        let (ax, ay) = (x - f64::from(x0), y - f64::from(y0));
        let p = |x, y| f64::from(picture.get_pixel(x, y).0[k]);
        let top = p(x0, y0) * (1.0 - ax) + p(x1, y0) * ax;
        let bottom = p(x0, y1) * (1.0 - ax) + p(x1, y1) * ax;
        top * (1.0 - ay) + bottom * ay
    };
    RgbaImage::from_fn(320, 180, |x, y| {
        let mut sum = [0f64; 3];
        for j in 0..4 {
            for i in 0..4 {
                let u = (f64::from(x) + (f64::from(i) + 0.5) / 4.0 - 160.0) * step;
                let v = (f64::from(y) + (f64::from(j) + 0.5) / 4.0 - 90.0) * step;
                for (k, s) in sum.iter_mut().enumerate() {
                    *s += sample(cx * pw + u - 0.5, cy * ph + v - 0.5, k) / 16.0;
                }
            }
        }
        image::Rgba([sum[0] as u8, sum[1] as u8, sum[2] as u8, 255])
    })
}

fn psnr(a: &RgbaImage, b: &RgbaImage) -> f64 {
    let sum: f64 = a
        .pixels()
        .zip(b.pixels())
        .flat_map(|(p, q)| (0..3).map(move |c| (f64::from(p[c]) - f64::from(q[c])).powi(2)))
        .sum();
    let mse = sum / (3.0 * f64::from(a.width() * a.height()));
    10.0 * (255.0f64.powi(2) / mse.max(1e-10)).log10()
}

fn auto() -> AutoModel {
    AutoModel::new(Arc::new(MotionModel::default()))
}

fn prepared(a: &RgbaImage, b: &RgbaImage) -> Box<dyn PreparedGap> {
    let settings = GapSettings::default();
    auto()
        .prepare(&GapInputs::frames(a, b, &settings), &NoProgress)
        .unwrap()
}

#[test]
fn a_push_in_on_one_picture_is_a_clean_camera_move_and_says_so() {
    let picture = demo_still("bunny-burrow.jpg");
    // The whole frame, then 2.2x closer on the lower right.
    let (wide, close) = ((0.5, 0.5, 0.95), (0.66, 0.64, 0.95 / 2.2));
    let a = window(&picture, wide.0, wide.1, wide.2);
    let b = window(&picture, close.0, close.1, close.2);
    let gap = prepared(&a, &b);
    let choice = gap.choice().unwrap();
    assert_eq!(choice.mode, GapMode::CameraMove, "{}", choice.why);
    assert!(
        choice.why.starts_with("frame B is frame A zoomed 2.")
            && choice.why.contains("lower right"),
        "{}",
        choice.why
    );
    for t in [0.25, 0.5, 0.75] {
        let lerp = |a: f64, b: f64| a + t * (b - a);
        let truth = window(
            &picture,
            lerp(wide.0, close.0),
            lerp(wide.1, close.1),
            wide.2 * (close.2 / wide.2).powf(t),
        );
        let db = psnr(&gap.frame_at(t), &truth);
        // Two ghosted copies (the motion model's dissolve) score 16-20 dB.
        assert!(db > 27.0, "t = {t}: {db:.2} dB");
    }
}

#[test]
fn a_pan_is_a_camera_move_and_a_pull_out_says_so() {
    let picture = demo_still("bunny-looks.jpg");
    let a = window(&picture, 0.36, 0.5, 0.7);
    let b = window(&picture, 0.64, 0.5, 0.7);
    let (choice, _) = decide(&a, &b);
    assert_eq!(choice.mode, GapMode::CameraMove, "{}", choice.why);
    assert!(
        choice.why.contains("panned") && choice.why.contains("to the right"),
        "{}",
        choice.why
    );
    let (choice, _) = decide(&b, &window(&picture, 0.5, 0.5, 0.98));
    assert_eq!(choice.mode, GapMode::CameraMove, "{}", choice.why);
    assert!(choice.why.contains("pulled out 1.4×"), "{}", choice.why);
}

#[test]
fn moving_things_identical_sides_and_other_scenes_are_not_camera_moves() {
    // The same camera 4.6 s later, the rabbit having got up.
    let (burrow, looks) = (
        demo_still("bunny-burrow.jpg"),
        demo_still("bunny-looks.jpg"),
    );
    let (choice, _) = decide(&burrow, &looks);
    assert_eq!(choice.mode, GapMode::Motion, "{}", choice.why);
    let (choice, _) = decide(&burrow, &burrow);
    assert_eq!(choice.mode, GapMode::Hold);
    let blue = RgbaImage::from_pixel(320, 180, image::Rgba([20, 40, 200, 255]));
    let (choice, _) = decide(&window(&burrow, 0.5, 0.5, 1.0), &blue);
    assert_eq!(choice.mode, GapMode::Cut);
    assert!(choice.why.contains("different scenes"), "{}", choice.why);
}

#[test]
fn the_motion_model_it_uses_is_part_of_its_version() {
    let plain = auto();
    let other = AutoModel::new(Arc::new(crate::r#gen::Dissolve));
    assert_ne!(plain.version(), other.version());
    assert_eq!(plain.id(), "auto");
}

#[test]
fn the_confidence_passes_the_camera_move_and_flags_the_motion_models_ghosts() {
    use crate::r#gen::confidence::{FLAG_BELOW, clean_score};
    let picture = demo_still("bunny-burrow.jpg");
    let a = window(&picture, 0.5, 0.5, 0.95);
    let b = window(&picture, 0.66, 0.64, 0.95 / 2.2);
    let camera = prepared(&a, &b).frame_at(0.5);
    let camera_score = clean_score(&a, &b, &camera).unwrap();
    let settings = GapSettings {
        mode: GapMode::Motion,
        ..GapSettings::default()
    };
    let motion = MotionModel::default()
        .prepare(&GapInputs::frames(&a, &b, &settings), &NoProgress)
        .unwrap()
        .frame_at(0.5);
    let motion_score = clean_score(&a, &b, &motion).unwrap();
    eprintln!("clean: camera move {camera_score:.2}, motion {motion_score:.2}");
    assert!(camera_score >= FLAG_BELOW, "camera move {camera_score:.2}");
    assert!(motion_score < FLAG_BELOW, "motion {motion_score:.2}");
}
