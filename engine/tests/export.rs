//! Exporting films and frames from projects the tests build, including every
//! kind of bad input; nothing may ever be left at the output path on failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use inbetween_engine::export::{self, ExportError, ExportFormat, ExportReport, ExportRequest};
use inbetween_engine::jobs::{NoProgress, ProgressSink};
use inbetween_engine::media::{self, VideoCodecSettings};
use inbetween_engine::project::{Card, CardContent, CardId, Fit, MediaRef, Project};
use inbetween_engine::render::Compositor;
use inbetween_engine::time::{FrameRate, TimeRange};

/// A project folder with a title, a still and a 2 s clip (with a tone):
/// title 0..24, gap 24..36, image 36..60, clip 60..108 (source from frame 0).
fn project_folder() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    fs::create_dir_all(&media).unwrap();
    support::h264_clip(&media, "clip.mp4", 2.0);
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=400x300",
        "-frames:v",
        "1",
        media.join("still.png").to_str().unwrap(),
    ]);
    let mut p = Project::new("Export test");
    p.settings.frame_rate = FrameRate::FPS_24;
    let card = |id, start, duration, content| Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: format!("Card {id}"),
        fit: Fit::Fit,
        content,
        board: Default::default(),
    };
    p.cards = vec![
        card(1, 0, 24, CardContent::Text),
        card(
            2,
            36,
            24,
            CardContent::Image {
                media: MediaRef::new("media/still.png"),
            },
        ),
        card(
            3,
            60,
            48,
            CardContent::Clip {
                media: MediaRef::new("media/clip.mp4"),
                source_start_frame: 0,
                gain_db: 0.0,
                muted: false,
            },
        ),
    ];
    (dir, p)
}

fn request(output: PathBuf) -> ExportRequest {
    ExportRequest {
        output,
        format: ExportFormat::Mp4,
        width: 320,
        height: 180,
        frames: None,
        codec: VideoCodecSettings {
            preset: "ultrafast".into(),
            crf: 23,
        },
    }
}

fn run(p: &Project, folder: &Path, request: &ExportRequest) -> Result<ExportReport, ExportError> {
    let compositor = Compositor::new(folder).unwrap();
    export::export(p, &compositor, request, &NoProgress)
}

/// Nothing at the output and no temporary file beside it.
fn assert_nothing_left(output: &Path) {
    assert!(!output.exists(), "{} was left behind", output.display());
    if let Some(folder) = output.parent().filter(|f| f.is_dir()) {
        let partial: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".partial-"))
            .collect();
        assert!(partial.is_empty(), "temporary files left: {partial:?}");
    }
}

#[test]
fn the_film_has_every_frame_and_sound_for_its_whole_length() {
    let (dir, p) = project_folder();
    let output = dir.path().join("film.mp4");
    let report = run(&p, dir.path(), &request(output.clone())).unwrap();
    assert_eq!(report.frames, 108);
    let video = support::ffprobe(
        &output,
        "v:0",
        "stream=codec_name,pix_fmt,color_space,color_transfer,color_primaries,nb_read_frames,duration",
    );
    for expected in [
        "codec_name=h264",
        "pix_fmt=yuv420p",
        "color_space=bt709",
        "color_transfer=bt709",
        "color_primaries=bt709",
        "nb_read_frames=108",
        "duration=4.500000",
    ] {
        assert!(video.contains(expected), "missing {expected} in {video}");
    }
    let audio = support::ffprobe(
        &output,
        "a:0",
        "stream=codec_name,sample_rate,channels,duration",
    );
    let seconds = support::duration(&audio);
    assert!(
        (seconds - 4.5).abs() <= 1.0 / 24.0,
        "audio lasts {seconds} s: {audio}"
    );
    // The clip's tone is in the film where the clip is, and silence elsewhere.
    let sound = media::decode_audio(&output).unwrap();
    let rms = |from: f64, to: f64| {
        let part = &sound[(from * 96_000.0) as usize..(to * 96_000.0) as usize];
        (part.iter().map(|s| s * s).sum::<f32>() / part.len() as f32).sqrt()
    };
    assert!(
        rms(0.2, 2.3) < 0.001,
        "silence under the title and the still"
    );
    assert!(rms(2.7, 4.3) > 0.05, "the clip's tone under the clip");
}

#[test]
fn a_frame_range_exports_just_those_frames() {
    let (dir, p) = project_folder();
    let output = dir.path().join("part.mp4");
    let mut req = request(output.clone());
    req.frames = Some(TimeRange::new(30, 40));
    assert_eq!(run(&p, dir.path(), &req).unwrap().frames, 40);
    assert!(
        support::ffprobe(&output, "v:0", "stream=nb_read_frames").contains("nb_read_frames=40")
    );
    req.frames = Some(TimeRange::new(100, 20));
    assert!(matches!(
        run(&p, dir.path(), &req),
        Err(ExportError::BadRange { .. })
    ));
}

#[test]
fn film_frames_match_the_compositor() {
    let (dir, p) = project_folder();
    let output = dir.path().join("film.mp4");
    run(&p, dir.path(), &request(output.clone())).unwrap();
    let compositor = Compositor::new(dir.path()).unwrap();
    for frame in [10, 30, 48, 61, 80, 107] {
        let from_film =
            support::ffmpeg_frame(&output, frame, &dir.path().join(format!("f{frame}.png")));
        let same = support::psnr(&from_film, &compositor.render(&p, frame, 320, 180).unwrap());
        // Compression costs a few dB on busy test patterns; an off-by-one
        // frame would match a neighbour better than its own frame.
        assert!(
            same > 26.0,
            "frame {frame}: the film differs from the compositor ({same:.1} dB)"
        );
        for neighbour in [frame - 1, frame + 1]
            .into_iter()
            .filter(|n| (0..108).contains(n))
        {
            let other = support::psnr(
                &from_film,
                &compositor.render(&p, neighbour, 320, 180).unwrap(),
            );
            assert!(
                same + 0.01 >= other,
                "film frame {frame} looks more like frame {neighbour} ({other:.1} vs {same:.1} dB)"
            );
        }
    }
}

#[test]
fn a_png_sequence_is_a_folder_of_frames() {
    let (dir, p) = project_folder();
    let output = dir.path().join("frames");
    let mut req = request(output.clone());
    req.format = ExportFormat::PngSequence;
    req.frames = Some(TimeRange::new(20, 6));
    run(&p, dir.path(), &req).unwrap();
    let mut names: Vec<_> = fs::read_dir(&output)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "frame_000000.png",
            "frame_000001.png",
            "frame_000002.png",
            "frame_000003.png",
            "frame_000004.png",
            "frame_000005.png"
        ]
    );
    assert_eq!(
        media::load_image(&output.join("frame_000000.png"))
            .unwrap()
            .dimensions(),
        (320, 180)
    );
    // A folder that already holds files is never written into.
    let err = run(&p, dir.path(), &req).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

#[test]
fn corrupt_media_is_refused_before_writing_and_named() {
    let (dir, p) = project_folder();
    fs::write(dir.path().join("media/clip.mp4"), b"not a video").unwrap();
    let output = dir.path().join("film.mp4");
    let err = run(&p, dir.path(), &request(output.clone())).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("card 3 (clip"), "{message}");
    assert!(message.ends_with("clip.mp4"), "{message}");
    assert_nothing_left(&output);

    let (dir, p) = project_folder();
    fs::write(
        dir.path().join("media/still.png"),
        b"\x89PNG\r\n\x1a\nbroken",
    )
    .unwrap();
    let err = run(&p, dir.path(), &request(dir.path().join("film.mp4"))).unwrap_err();
    assert!(err.to_string().contains("card 2 (image"), "{err}");
    assert_nothing_left(&dir.path().join("film.mp4"));
}

#[test]
fn a_vanished_media_file_is_named() {
    let (dir, p) = project_folder();
    fs::remove_file(dir.path().join("media/still.png")).unwrap();
    let output = dir.path().join("film.mp4");
    let err = run(&p, dir.path(), &request(output.clone())).unwrap_err();
    assert!(
        err.to_string().contains("missing") && err.to_string().ends_with("still.png"),
        "{err}"
    );
    assert_nothing_left(&output);
}

#[test]
fn a_clip_shorter_than_its_trim_is_refused() {
    let (dir, mut p) = project_folder();
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut p.cards[2].content
    {
        *source_start_frame = 10; // needs frames 10..58 of a 48-frame clip
    }
    let output = dir.path().join("film.mp4");
    let err = run(&p, dir.path(), &request(output.clone())).unwrap_err();
    assert!(
        matches!(
            err,
            ExportError::ClipTooShort {
                needed: 58,
                available: 48,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("card 3"), "{err}");
    assert_nothing_left(&output);
}

#[test]
fn an_empty_project_exports_nothing() {
    let (dir, mut p) = project_folder();
    p.cards.clear();
    let output = dir.path().join("film.mp4");
    assert!(matches!(
        run(&p, dir.path(), &request(output.clone())),
        Err(ExportError::EmptyFilm)
    ));
    assert_nothing_left(&output);
}

#[test]
fn an_unwritable_output_is_refused() {
    let (dir, p) = project_folder();
    let nowhere = dir.path().join("no/such/folder/film.mp4");
    let err = run(&p, dir.path(), &request(nowhere.clone())).unwrap_err();
    assert!(
        matches!(err, ExportError::Output { .. }) && err.to_string().contains("does not exist"),
        "{err}"
    );
    // A file standing where the output's folder should be.
    fs::write(dir.path().join("blocker"), b"x").unwrap();
    let blocked = dir.path().join("blocker/film.mp4");
    assert!(matches!(
        run(&p, dir.path(), &request(blocked)),
        Err(ExportError::Output { .. })
    ));
}

struct CancelAfter {
    frames: u64,
    seen: AtomicU64,
}

impl ProgressSink for CancelAfter {
    fn progress(&self, done: u64, _total: u64, _stage: &str) {
        self.seen.store(done, Ordering::Relaxed);
    }
    fn is_cancelled(&self) -> bool {
        self.seen.load(Ordering::Relaxed) >= self.frames
    }
}

#[test]
fn a_cancelled_export_leaves_nothing_and_an_earlier_film_intact() {
    let (dir, p) = project_folder();
    let output = dir.path().join("film.mp4");
    let compositor = Compositor::new(dir.path()).unwrap();
    let sink = CancelAfter {
        frames: 30,
        seen: AtomicU64::new(0),
    };
    let err = export::export(&p, &compositor, &request(output.clone()), &sink).unwrap_err();
    assert!(matches!(err, ExportError::Cancelled), "{err}");
    assert_eq!(
        sink.seen.load(Ordering::Relaxed),
        30,
        "it stopped between frames, right away"
    );
    assert_nothing_left(&output);
    // An earlier export at the same path survives a cancelled re-export.
    fs::write(&output, b"the earlier film").unwrap();
    let sink = CancelAfter {
        frames: 5,
        seen: AtomicU64::new(0),
    };
    assert!(export::export(&p, &compositor, &request(output.clone()), &sink).is_err());
    assert_eq!(fs::read(&output).unwrap(), b"the earlier film");
}

#[test]
fn the_films_sound_is_the_master_mix() {
    let (dir, mut p) = project_folder();
    // A music lane: a 330 Hz tone from frame 6, 3 s long, at -6 dB, fading in.
    let tone = dir.path().join("media").join("music.flac");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=330:sample_rate=44100:duration=3",
        tone.to_str().unwrap(),
    ]);
    p.audio_lanes = vec![inbetween_engine::project::AudioLane {
        id: inbetween_engine::project::LaneId(1),
        name: "Music".into(),
        kind: inbetween_engine::project::LaneKind::Music,
        gain_db: 0.0,
        muted: false,
        solo: false,
        clips: vec![inbetween_engine::project::AudioClip {
            id: inbetween_engine::project::AudioClipId(1),
            media: MediaRef::new("media/music.flac"),
            range_in_timeline: TimeRange::new(6, 72),
            source_start_frame: 0,
            gain_db: -6.0,
            fade_in_frames: 12,
            fade_out_frames: 0,
        }],
    }];
    let output = dir.path().join("mixed.mp4");
    run(&p, dir.path(), &request(output.clone())).unwrap();
    let film = media::decode_audio(&output).unwrap();
    let mut bank = inbetween_engine::audio::SoundBank::default();
    let mixer = inbetween_engine::audio::Mixer::for_project(&p, dir.path(), &mut bank);
    let mix = mixer.render(&p, TimeRange::new(0, p.duration_frames()));
    // As long as the picture, give or take the encoder's last frame of padding.
    assert!(
        film.len() >= mix.len() && film.len() - mix.len() < 2 * 1024,
        "{} samples for a picture of {}",
        film.len(),
        mix.len()
    );
    // AAC is lossy: the film's sound is the mix within about -20 dB.
    let (mut error, mut signal) = (0f64, 0f64);
    for (a, b) in film.iter().zip(&mix) {
        error += f64::from(a - b).powi(2);
        signal += f64::from(*b).powi(2);
    }
    let db = 10.0 * (error / signal).log10();
    assert!(
        db < -20.0,
        "the film's sound differs from the mix by {db:.1} dB"
    );
}

#[test]
fn the_sound_alone_exports_as_a_wav_of_the_mix() {
    let (dir, p) = project_folder();
    let output = dir.path().join("sound.wav");
    let mut req = request(output.clone());
    req.format = ExportFormat::Wav;
    let report = run(&p, dir.path(), &req).unwrap();
    assert_eq!(report.frames, p.duration_frames());
    let probe = support::ffprobe(&output, "a:0", "stream=codec_name,sample_rate,channels");
    assert!(
        probe.contains("pcm_s16le") && probe.contains("48000") && probe.contains('2'),
        "{probe}"
    );
    let wav = media::decode_audio(&output).unwrap();
    let mut bank = inbetween_engine::audio::SoundBank::default();
    let mix = inbetween_engine::audio::Mixer::for_project(&p, dir.path(), &mut bank)
        .render(&p, TimeRange::new(0, p.duration_frames()));
    assert_eq!(wav.len(), mix.len(), "exactly the film's length");
    let worst = wav
        .iter()
        .zip(&mix)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(worst < 2.0 / 32768.0, "16-bit rounding only: {worst}");
    assert_nothing_left(&dir.path().join("missing.wav"));
}
