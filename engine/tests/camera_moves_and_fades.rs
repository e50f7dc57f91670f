//! A card's camera move and the fades, as the compositor draws them and the
//! mixer follows them: what preview and export both show.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

mod support;

use image::RgbaImage;
use inbetween_engine::audio::{Mixer, SoundBank};
use inbetween_engine::project::{
    AudioClip, AudioClipId, AudioLane, Card, CardContent, CardId, Fit, GapKey, GapMode,
    GapSettings, LaneId, LaneKind, MediaRef, MovePreset, Project,
};
use inbetween_engine::render::Compositor;
use inbetween_engine::time::TimeRange;
use inbetween_engine::timeline::Layout;

const W: u32 = 160;
const H: u32 = 90;

/// A picture whose every pixel says where it is: red grows to the right,
/// green downwards.
fn where_picture(dir: &Path, name: &str) {
    let picture = RgbaImage::from_fn(W, H, |x, y| {
        image::Rgba([
            (x * 255 / (W - 1)) as u8,
            (y * 255 / (H - 1)) as u8,
            60,
            255,
        ])
    });
    std::fs::create_dir_all(dir.join("media")).unwrap();
    picture.save(dir.join("media").join(name)).unwrap();
}

fn flat(dir: &Path, name: &str, rgb: [u8; 3]) {
    std::fs::create_dir_all(dir.join("media")).unwrap();
    RgbaImage::from_pixel(W, H, image::Rgba([rgb[0], rgb[1], rgb[2], 255]))
        .save(dir.join("media").join(name))
        .unwrap();
}

fn image_card(id: u64, start: i64, duration: i64, file: &str) -> Card {
    Card {
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: String::new(),
        fit: Fit::Fill,
        content: CardContent::Image {
            media: MediaRef::new(format!("media/{file}")),
        },
        board: Default::default(),
        camera_move: None,
    }
}

fn project(cards: Vec<Card>) -> Project {
    let mut p = Project::new("moves");
    p.settings.resolution.width = W;
    p.settings.resolution.height = H;
    p.cards = cards;
    p
}

fn near(a: u8, b: u8, tolerance: u8) -> bool {
    a.abs_diff(b) <= tolerance
}

#[test]
fn a_push_in_starts_on_the_whole_picture_and_ends_on_its_middle() {
    let dir = tempfile::tempdir().unwrap();
    where_picture(dir.path(), "where.png");
    let mut p = project(vec![image_card(1, 0, 48, "where.png")]);
    let compositor = Compositor::new(dir.path()).unwrap();
    let still = compositor.render(&p, 0, W, H).unwrap();
    p.cards[0].camera_move = Some(MovePreset::PushIn.camera_move());
    let first = compositor.render(&p, 0, W, H).unwrap();
    let last = compositor.render(&p, 47, W, H).unwrap();
    let middle = compositor.render(&p, 24, W, H).unwrap();
    // The first frame is the picture (composed larger, so within a level or two).
    for (a, b) in first.pixels().zip(still.pixels()) {
        assert!(near(a.0[0], b.0[0], 3) && near(a.0[1], b.0[1], 3));
    }
    // The last frame shows the middle 1/1.25 of the picture: its left edge
    // is the picture's 10% across, its centre the picture's centre.
    let left = last.get_pixel(0, H / 2).0[0];
    assert!(near(left, (0.1 * 255.0) as u8, 4), "left edge red {left}");
    let centre = last.get_pixel(W / 2, H / 2).0;
    let want = still.get_pixel(W / 2, H / 2).0;
    assert!(near(centre[0], want[0], 3) && near(centre[1], want[1], 3));
    // On the way, between the two.
    let halfway = middle.get_pixel(0, H / 2).0[0];
    assert!(
        halfway > 2 && halfway < left,
        "{halfway} between 0 and {left}"
    );
    // The gap after the card is conditioned on the moved last frame.
    p.cards.push(image_card(2, 60, 24, "where.png"));
    let layout = Layout::of(&p);
    let gap = &layout.gaps()[0];
    let (before, _) = compositor.gap_boundaries(&p, gap, W, H).unwrap();
    assert_eq!(before, last);
}

#[test]
fn a_fade_through_black_or_white_is_the_colour_at_its_middle() {
    let dir = tempfile::tempdir().unwrap();
    flat(dir.path(), "red.png", [200, 0, 0]);
    flat(dir.path(), "blue.png", [0, 0, 200]);
    let mut p = project(vec![
        image_card(1, 0, 24, "red.png"),
        image_card(2, 48, 24, "blue.png"),
    ]);
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    let compositor = Compositor::new(dir.path()).unwrap();
    for (mode, level) in [
        (GapMode::FadeThroughBlack, 0u8),
        (GapMode::FadeThroughWhite, 255),
    ] {
        p.gaps.insert(
            key,
            GapSettings {
                mode,
                ..GapSettings::default()
            },
        );
        // 24 frames of gap: frame 11 is t = 12/25, just short of the middle.
        let at = |f| compositor.render(&p, f, W, H).unwrap().get_pixel(5, 5).0;
        let middle = at(24 + 11);
        assert!(
            middle.iter().take(3).all(|c| near(*c, level, 16)),
            "{mode:?} {middle:?}"
        );
        // Early on, red fading toward the colour; late, blue coming up.
        let early = at(24 + 2);
        assert!(early[0] > 100 && early[2] < 30 || level == 255, "{early:?}");
        let late = at(24 + 21);
        assert!(late[2] > 150 && late[0] < 60 || level == 255, "{late:?}");
        assert!(late[2] > late[0], "blue dominates late: {late:?}");
    }
}

#[test]
fn the_film_fades_in_from_black_and_out_to_black() {
    let dir = tempfile::tempdir().unwrap();
    flat(dir.path(), "grey.png", [180, 180, 180]);
    let mut p = project(vec![image_card(1, 0, 48, "grey.png")]);
    p.settings.fade_in_frames = 12;
    p.settings.fade_out_frames = 24;
    let compositor = Compositor::new(dir.path()).unwrap();
    let level = |f| compositor.render(&p, f, W, H).unwrap().get_pixel(9, 9).0[0];
    assert_eq!(level(0), 0, "black on the first frame");
    assert!(near(level(6), 90, 2), "half way in: {}", level(6));
    assert_eq!(level(12), 180);
    assert_eq!(level(23), 180);
    assert!(near(level(35), 90, 8), "half way out: {}", level(35));
    assert_eq!(level(47), 0, "black on the last frame");
}

#[test]
fn the_sound_dips_with_the_picture() {
    // A constant tone under the whole film; a fade gap and a fade in.
    let mut p = project(vec![
        image_card(1, 0, 24, "red.png"),
        image_card(2, 48, 24, "blue.png"),
    ]);
    p.settings.fade_in_frames = 12;
    p.gaps.insert(
        GapKey {
            from_card: CardId(1),
            to_card: CardId(2),
        },
        GapSettings {
            mode: GapMode::FadeThroughBlack,
            ..GapSettings::default()
        },
    );
    p.audio_lanes.push(AudioLane {
        id: LaneId(1),
        name: "Music".into(),
        kind: LaneKind::Music,
        gain_db: 0.0,
        muted: false,
        solo: false,
        clips: vec![AudioClip {
            id: AudioClipId(1),
            media: MediaRef::new("media/tone.wav"),
            range_in_timeline: TimeRange::new(0, 72),
            source_start_frame: 0,
            gain_db: 0.0,
            fade_in_frames: 0,
            fade_out_frames: 0,
        }],
    });
    let folder = Path::new("/project");
    let mut bank = SoundBank::default();
    // 72 frames at 24 fps = 144,000 stereo samples.
    bank.insert(folder.join("media/tone.wav"), vec![0.5; 144_000 * 2]);
    let mixer = Mixer::for_project(&p, folder, &mut bank);
    let mut out = vec![0f32; 144_000 * 2];
    mixer.mix(0, &mut out);
    let at = |frame: f64| out[(frame * 2000.0) as usize * 2];
    assert_eq!(at(0.0), 0.0, "silent as the picture starts black");
    assert!((at(6.0) - 0.25).abs() < 0.01, "half way in: {}", at(6.0));
    assert!((at(18.0) - 0.5).abs() < 1e-4, "full after the fade in");
    assert!(
        at(36.0).abs() < 1e-3,
        "silent at the gap's middle: {}",
        at(36.0)
    );
    assert!(
        (at(30.0) - 0.25).abs() < 0.01,
        "half way down: {}",
        at(30.0)
    );
    assert!((at(42.0) - 0.25).abs() < 0.01, "half way up: {}", at(42.0));
    assert!((at(60.0) - 0.5).abs() < 1e-4, "full after the gap");
}

#[test]
fn a_moved_clip_written_as_media_keeps_its_own_sound_mixed_beside_its_frames() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    support::h264_clip(&dir.path().join("media"), "talk.mp4", 2.0);
    let clip = Card {
        content: CardContent::Clip {
            media: MediaRef::new("media/talk.mp4"),
            source_start_frame: 0,
            gain_db: 0.0,
            muted: false,
        },
        camera_move: Some(MovePreset::PushIn.camera_move()),
        ..image_card(1, 0, 36, "unused.png")
    };
    let p = project(vec![clip]);
    let compositor = Compositor::new(dir.path()).unwrap();
    let out = dir.path().join("out");
    let written = inbetween_engine::interchange::with_media::with_media(
        &p,
        &compositor,
        &out,
        &inbetween_engine::jobs::NoProgress,
    )
    .unwrap();
    let film = written
        .files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "mp4"))
        .unwrap();
    // 36 frames at 24 fps: a second and a half of sound, and not silent.
    let sound = inbetween_engine::media::decode_audio(film).unwrap();
    let seconds = sound.len() as f64 / 2.0 / 48_000.0;
    assert!((seconds - 1.5).abs() < 0.06, "{seconds} s");
    let loud = sound[sound.len() / 4..sound.len() * 3 / 4]
        .iter()
        .fold(0f32, |m, s| m.max(s.abs()));
    assert!(loud > 0.05, "peak {loud}");
}
