//! The compositor on projects the tests build: clip retiming, fit and
//! letterboxing, and the draft gap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use inbetween_engine::media::VideoReader;
use inbetween_engine::project::{Card, CardContent, CardId, Fit, MediaRef, Project};
use inbetween_engine::render::{Compositor, mix};
use inbetween_engine::time::{FrameRate, TimeRange};
use inbetween_engine::timeline::Layout;

fn card(id: u64, start: i64, duration: i64, content: CardContent) -> Card {
    Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: format!("Card {id}"),
        fit: Fit::Fit,
        content,
        board: Default::default(),
    }
}

#[test]
fn a_25_fps_clip_in_a_24_fps_film_shows_the_source_frame_at_each_instant() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let clip = support::test_clip(
        &media,
        "pal.mp4",
        "320x240",
        "25",
        3.0,
        &["-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-an"],
    );
    let mut p = Project::new("retime");
    p.settings.frame_rate = FrameRate::FPS_24;
    p.settings.resolution.width = 320;
    p.settings.resolution.height = 240;
    p.settings.aspect = "4:3".parse().unwrap();
    p.cards = vec![card(
        1,
        0,
        48,
        CardContent::Clip {
            media: MediaRef::new("media/pal.mp4"),
            source_start_frame: 12,
            gain_db: 0.0,
            muted: false,
        },
    )];
    let compositor = Compositor::new(dir.path()).unwrap();
    let mut reader = VideoReader::open(&clip).unwrap();
    for frame in [0, 1, 11, 23, 24, 47] {
        // Film frame f shows the clip at (12 + f) / 24 s: source frame round((12 + f) * 25 / 24).
        let expected_source = ((12 + frame) as f64 * 25.0 / 24.0).round() as i64;
        let film = compositor.render(&p, frame, 320, 240).unwrap();
        let source = reader.frame_at(expected_source, 320, 240).unwrap();
        assert_eq!(
            film.as_raw(),
            source.as_raw(),
            "film frame {frame} shows source frame {expected_source}"
        );
    }
}

#[test]
fn images_fit_into_a_letterboxed_picture_area() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    // A 4:3 white image in a 16:9 frame with a 2.39:1 picture.
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=white:size=400x300",
        "-frames:v",
        "1",
        media.join("white.png").to_str().unwrap(),
    ]);
    let mut p = Project::new("fit");
    p.settings.aspect = "2.39:1".parse().unwrap();
    p.cards = vec![card(
        1,
        0,
        10,
        CardContent::Image {
            media: MediaRef::new("media/white.png"),
        },
    )];
    let compositor = Compositor::new(dir.path()).unwrap();
    let fit = compositor.render(&p, 0, 1280, 720).unwrap();
    // Picture area: 1280x536 at y = 92. Fit: 715x536 centred → x from 283.
    assert_eq!(
        fit.get_pixel(640, 91).0,
        [0, 0, 0, 255],
        "letterbox bar above"
    );
    assert_eq!(fit.get_pixel(640, 92).0, [255, 255, 255, 255]);
    assert_eq!(
        fit.get_pixel(280, 360).0,
        [0, 0, 0, 255],
        "pillar beside a fitted 4:3 picture"
    );
    assert_eq!(
        fit.get_pixel(640, 628).0,
        [0, 0, 0, 255],
        "letterbox bar below"
    );
    p.cards[0].fit = Fit::Fill;
    let fill = compositor.render(&p, 0, 1280, 720).unwrap();
    assert_eq!(
        fill.get_pixel(2, 360).0,
        [255, 255, 255, 255],
        "fill covers the picture width"
    );
    assert_eq!(
        fill.get_pixel(640, 91).0,
        [0, 0, 0, 255],
        "but never the bars"
    );
}

#[test]
fn a_gap_shows_a_crossfade_of_its_boundary_frames() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=red:size=64x36",
        "-frames:v",
        "1",
        media.join("red.png").to_str().unwrap(),
    ]);
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=blue:size=64x36",
        "-frames:v",
        "1",
        media.join("blue.png").to_str().unwrap(),
    ]);
    let mut p = Project::new("gap");
    p.cards = vec![
        card(
            1,
            0,
            10,
            CardContent::Image {
                media: MediaRef::new("media/red.png"),
            },
        ),
        card(
            2,
            13,
            10,
            CardContent::Image {
                media: MediaRef::new("media/blue.png"),
            },
        ),
    ];
    let compositor = Compositor::new(dir.path()).unwrap();
    let gap = Layout::of(&p).gaps()[0];
    let (before, after) = compositor.gap_boundaries(&p, &gap, 128, 72).unwrap();
    for (i, frame) in (10..13).enumerate() {
        let t = (i + 1) as f64 / 4.0;
        assert_eq!(
            compositor.render(&p, frame, 128, 72).unwrap(),
            mix(&before, &after, t),
            "gap frame {i} at t = {t}"
        );
    }
    let middle = compositor.render(&p, 11, 128, 72).unwrap();
    let px = middle.get_pixel(64, 36);
    assert!(
        px[0] > 100 && px[2] > 100,
        "half red, half blue: {:?}",
        px.0
    );
}
