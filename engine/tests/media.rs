//! Media I/O on media the tests make: probing, frame-exact seeking in every
//! supported codec, rotation, audio decoding, images, writing films, and the
//! errors for bad files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use inbetween_engine::media::{
    self, DecoderPool, FilmWriter, MediaError, VideoCodecSettings, VideoReader,
};
use inbetween_engine::time::FrameRate;
use support::{ffprobe, hash, test_clip};

fn sequential_hashes(path: &Path) -> Vec<u64> {
    let mut reader = VideoReader::open(path).unwrap();
    let (w, h) = reader.info().display_size();
    let count = reader.info().frame_count;
    (0..count)
        .map(|n| hash(reader.frame_at(n, w, h).unwrap().as_raw()))
        .collect()
}

fn assert_seeks_are_exact(path: &Path) {
    let sequential = sequential_hashes(path);
    let count = sequential.len() as i64;
    assert!(count >= 40, "{} has {count} frames", path.display());
    assert!(
        sequential.windows(2).all(|w| w[0] != w[1]),
        "every test frame differs"
    );
    let mut reader = VideoReader::open(path).unwrap();
    let (w, h) = reader.info().display_size();
    // Backwards, across keyframes, onto keyframes, the last frame, and again.
    for n in [
        count - 1,
        0,
        13,
        12,
        11,
        25,
        3,
        count / 2,
        count - 2,
        1,
        24,
        36,
        5,
    ] {
        let got = hash(reader.frame_at(n, w, h).unwrap().as_raw());
        assert_eq!(
            got,
            sequential[n as usize],
            "frame {n} of {}",
            path.display()
        );
    }
}

#[test]
fn probe_reads_streams() {
    let dir = tempfile::tempdir().unwrap();
    let clip = support::h264_clip(dir.path(), "a.mp4", 2.0);
    let info = media::probe(&clip).unwrap();
    let video = info.video.unwrap();
    assert_eq!((video.width, video.height), (320, 240));
    assert_eq!(video.frame_rate, FrameRate::FPS_24);
    assert_eq!(video.frame_count, 48);
    assert_eq!(video.codec, "h264");
    assert_eq!(video.rotation_degrees, 0);
    let audio = info.audio.unwrap();
    assert_eq!((audio.sample_rate, audio.codec.as_str()), (48_000, "aac"));
    assert!(
        (info.duration_seconds - 2.0).abs() < 0.1,
        "{}",
        info.duration_seconds
    );
}

#[test]
fn seeking_is_frame_exact_in_h264_mp4_with_b_frames() {
    let dir = tempfile::tempdir().unwrap();
    assert_seeks_are_exact(&support::h264_clip(dir.path(), "a.mp4", 2.0));
}

#[test]
fn seeking_is_frame_exact_in_h264_mov_with_one_keyframe() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(
        dir.path(),
        "a.mov",
        "320x240",
        "25",
        2.0,
        &[
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "1000",
            "-an",
        ],
    );
    assert_seeks_are_exact(&clip);
}

#[test]
fn seeking_is_frame_exact_in_vp9_webm() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(
        dir.path(),
        "a.webm",
        "320x240",
        "30",
        2.0,
        &[
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-g",
            "15",
            "-c:a",
            "libopus",
        ],
    );
    assert_seeks_are_exact(&clip);
}

#[test]
fn seeking_is_frame_exact_in_hevc_mkv() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(
        dir.path(),
        "a.mkv",
        "320x240",
        "24",
        2.0,
        &[
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error:keyint=12",
            "-an",
        ],
    );
    assert_seeks_are_exact(&clip);
}

#[test]
fn seeking_is_frame_exact_in_av1_mkv() {
    let dir = tempfile::tempdir().unwrap();
    let clip = test_clip(
        dir.path(),
        "av1.mkv",
        "320x240",
        "24",
        2.0,
        &[
            "-c:v",
            "libaom-av1",
            "-cpu-used",
            "8",
            "-row-mt",
            "1",
            "-g",
            "12",
            "-an",
        ],
    );
    assert_seeks_are_exact(&clip);
}

#[test]
fn a_rotated_phone_clip_decodes_upright_as_ffmpeg_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let plain = test_clip(
        dir.path(),
        "plain.mp4",
        "320x240",
        "24",
        1.0,
        &["-c:v", "libx264", "-preset", "ultrafast", "-an"],
    );
    let phone = dir.path().join("phone.mp4");
    // Stream copy with a rotate tag writes a display matrix, as phones do.
    support::ffmpeg(&[
        "-i",
        plain.to_str().unwrap(),
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90",
        phone.to_str().unwrap(),
    ]);
    let info = media::probe(&phone).unwrap().video.unwrap();
    assert!(
        info.rotation_degrees == 90 || info.rotation_degrees == 270,
        "{}",
        info.rotation_degrees
    );
    assert_eq!(info.display_size(), (240, 320));
    // The ffmpeg CLI turns frames upright by the same matrix: match it.
    let upright = dir.path().join("upright.png");
    support::ffmpeg(&[
        "-i",
        phone.to_str().unwrap(),
        "-frames:v",
        "1",
        upright.to_str().unwrap(),
    ]);
    let expected = media::load_image(&upright).unwrap();
    let mut reader = VideoReader::open(&phone).unwrap();
    let ours = reader.frame_at(0, 240, 320).unwrap();
    assert_eq!(ours.dimensions(), expected.dimensions());
    let diff: f64 = ours
        .as_raw()
        .iter()
        .zip(expected.as_raw())
        .map(|(a, b)| f64::from(a.abs_diff(*b)))
        .sum::<f64>()
        / ours.as_raw().len() as f64;
    assert!(
        diff < 4.0,
        "mean difference {diff} from ffmpeg's upright frame"
    );
}

#[test]
fn frames_past_the_end_are_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let clip = support::h264_clip(dir.path(), "short.mp4", 1.0);
    let mut reader = VideoReader::open(&clip).unwrap();
    let err = reader.frame_at(24, 320, 240).unwrap_err();
    assert!(
        matches!(err, MediaError::PastEnd { frame: 24, .. }),
        "{err}"
    );
    assert!(err.to_string().ends_with("short.mp4"), "{err}");
    assert!(reader.frame_at(23, 320, 240).is_ok(), "the reader recovers");
}

#[test]
fn the_pool_decodes_on_worker_threads_and_caches() {
    let dir = tempfile::tempdir().unwrap();
    let clip = support::h264_clip(dir.path(), "a.mp4", 1.0);
    let pool = DecoderPool::new(64 << 20);
    let sequential = sequential_hashes(&clip);
    std::thread::scope(|s| {
        for start in [0, 5] {
            let pool = &pool;
            let clip = &clip;
            let sequential = &sequential;
            s.spawn(move || {
                for n in (start..24).step_by(3) {
                    let frame = pool.frame(clip, n, 320, 240).unwrap();
                    assert_eq!(hash(frame.as_raw()), sequential[n as usize]);
                }
            });
        }
    });
    let a = pool.frame(&clip, 7, 320, 240).unwrap();
    let b = pool.frame(&clip, 7, 320, 240).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&a, &b),
        "the second ask is served from the cache"
    );
    assert_eq!(
        pool.frame(&clip, 3, 160, 120).unwrap().dimensions(),
        (160, 120)
    );
}

#[test]
fn audio_decodes_to_48k_stereo_from_any_rate_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    for (name, rate, layout) in [
        ("mono8k.wav", "8000", "mono"),
        ("surround.m4a", "44100", "5.1"),
        ("hi.flac", "192000", "stereo"),
    ] {
        let path = dir.path().join(name);
        let source = format!("sine=frequency=440:sample_rate={rate}:duration=1.5");
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &source,
            "-af",
            &format!("aformat=channel_layouts={layout}"),
            path.to_str().unwrap(),
        ]);
        let samples = media::decode_audio(&path).unwrap();
        let seconds = samples.len() as f64 / 2.0 / 48_000.0;
        assert!((seconds - 1.5).abs() < 0.05, "{name}: {seconds} s");
        let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.05 && peak <= 1.0, "{name}: peak {peak}");
    }
}

#[test]
fn audio_decoding_stops_where_it_is_asked_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.flac");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=44100:duration=3",
        path.to_str().unwrap(),
    ]);
    let part = media::decode_audio_until(&path, 48_000).unwrap();
    assert_eq!(part.samples.len(), 2 * 48_000);
    assert!(!part.whole);
    let all = media::decode_audio_until(&path, 10 * 48_000).unwrap();
    assert!(all.whole);
    let seconds = all.samples.len() as f64 / 2.0 / 48_000.0;
    assert!((seconds - 3.0).abs() < 0.05, "{seconds} s");
    // The part is the start of the whole.
    assert_eq!(part.samples[..], all.samples[..part.samples.len()]);
}

#[test]
fn a_sound_bank_holds_what_is_played_within_its_budget() {
    use inbetween_engine::audio::SoundBank;
    use inbetween_engine::project::MediaRef;
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.flac", "b.flac"] {
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=4",
            dir.path().join(name).to_str().unwrap(),
        ]);
    }
    let a = MediaRef::new("a.flac");
    let b = MediaRef::new("b.flac");
    let mut bank = SoundBank::with_budget_seconds(6);
    // A clip running on past its file's end wants a minute of a 4 s file:
    // the file has only 4 s, and that fits.
    let held = bank.sound(dir.path(), &a, "clip 1", 60 * 48_000).unwrap();
    assert!(
        (held.len() / 2).abs_diff(4 * 48_000) < 2_000,
        "{}",
        held.len()
    );
    assert!(bank.problems().is_empty(), "{:?}", bank.problems());
    // 4 s more does not fit in 6 s: refused, naming the file, not decoded.
    assert!(bank.sound(dir.path(), &b, "clip 2", 4 * 48_000).is_none());
    let problem = &bank.problems()[0];
    assert_eq!(problem.path, dir.path().join("b.flac"));
    assert_eq!(problem.user, "clip 2");
    let said = problem.error.to_string();
    assert!(
        said.contains("b.flac") && said.contains("at most 6 s"),
        "{said}"
    );
    // Its first second fits.
    let part = bank.sound(dir.path(), &b, "clip 2", 48_000).unwrap();
    assert!(
        part.len() / 2 >= 48_000 && part.len() / 2 <= 2 * 48_000,
        "{}",
        part.len()
    );
}

#[test]
fn images_load_upright() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.png", "a.jpg", "a.webp"] {
        let path = dir.path().join(name);
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=64x48",
            "-frames:v",
            "1",
            path.to_str().unwrap(),
        ]);
        assert_eq!(
            media::load_image(&path).unwrap().dimensions(),
            (64, 48),
            "{name}"
        );
    }
    // A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6).
    let plain = std::fs::read(dir.path().join("a.jpg")).unwrap();
    let rotated = dir.path().join("rotated.jpg");
    std::fs::write(&rotated, with_exif_orientation(&plain, 6)).unwrap();
    assert_eq!(media::load_image(&rotated).unwrap().dimensions(), (48, 64));
}

#[test]
fn a_large_jpeg_shown_small_is_decoded_small_and_upright() {
    use image::GenericImageView;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jpg");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=2048x1536",
        "-frames:v",
        "1",
        "-q:v",
        "2",
        path.to_str().unwrap(),
    ]);
    let whole = media::load_picture(&path).unwrap();
    assert_eq!(whole.dimensions(), (2048, 1536));
    // Shown at 200x150: an eighth (256x192) is the smallest at least that.
    let mut asked = None;
    let small = media::load_picture_for(&path, |size| {
        asked = Some(size);
        (200, 150)
    })
    .unwrap();
    assert_eq!(asked, Some((2048, 1536)));
    assert_eq!(small.dimensions(), (256, 192));
    // Shown at 900x675, a half (1024x768); at 1500 wide, whole.
    let half = media::load_picture_for(&path, |_| (900, 675)).unwrap();
    assert_eq!(half.dimensions(), (1024, 768));
    let full = media::load_picture_for(&path, |_| (1500, 1125)).unwrap();
    assert_eq!(full.dimensions(), (2048, 1536));
    // The same picture as the whole one scaled down.
    let reference = image::imageops::resize(
        &whole.to_rgb8(),
        256,
        192,
        image::imageops::FilterType::Triangle,
    );
    let small = small.to_rgb8();
    let differ = small
        .as_raw()
        .iter()
        .zip(reference.as_raw())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum::<u64>() as f64
        / small.as_raw().len() as f64;
    assert!(differ < 6.0, "mean difference {differ}");
    // Turned by its EXIF: asked with its upright size, decoded small, upright.
    let rotated = dir.path().join("rotated.jpg");
    let plain = std::fs::read(&path).unwrap();
    std::fs::write(&rotated, with_exif_orientation(&plain, 6)).unwrap();
    let mut asked = None;
    let turned = media::load_picture_for(&rotated, |size| {
        asked = Some(size);
        (150, 200)
    })
    .unwrap();
    assert_eq!(asked, Some((1536, 2048)));
    assert_eq!(turned.dimensions(), (192, 256));
    // A PNG has no scaled decoding: whole.
    let png = dir.path().join("big.png");
    whole.save(&png).unwrap();
    let png = media::load_picture_for(&png, |_| (200, 150)).unwrap();
    assert_eq!(png.dimensions(), (2048, 1536));
}

/// Inserts an EXIF block holding only an orientation tag after a JPEG's SOI.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // padding + next IFD = 0
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn bad_files_give_errors_that_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.mp4");
    assert!(matches!(
        VideoReader::open(&missing),
        Err(MediaError::Missing { .. })
    ));
    assert!(matches!(
        media::load_image(&dir.path().join("gone.png")),
        Err(MediaError::Missing { .. })
    ));

    let garbage = dir.path().join("garbage.mp4");
    std::fs::write(&garbage, b"this is not a video at all, just some words").unwrap();
    let err = VideoReader::open(&garbage).err().unwrap();
    assert!(matches!(err, MediaError::Open { .. }), "{err}");
    assert!(err.to_string().ends_with("garbage.mp4"));

    let not_image = dir.path().join("fake.png");
    std::fs::write(&not_image, b"\x89PNG\r\n\x1a\n broken").unwrap();
    let err = media::load_image(&not_image).unwrap_err();
    assert!(matches!(err, MediaError::Open { .. }), "{err}");

    let silent = test_clip(
        dir.path(),
        "silent.mp4",
        "64x48",
        "24",
        0.5,
        &["-c:v", "libx264", "-an"],
    );
    let err = media::decode_audio(&silent).unwrap_err();
    assert!(
        matches!(err, MediaError::NoStream { kind: "audio", .. }),
        "{err}"
    );
}

#[test]
fn a_truncated_clip_decodes_what_is_there_then_reports_the_end() {
    let dir = tempfile::tempdir().unwrap();
    // Not faststart: the index is at the end, so cutting the file loses it.
    let clip = test_clip(
        dir.path(),
        "full.mkv",
        "320x240",
        "24",
        2.0,
        &["-c:v", "libx264", "-preset", "ultrafast", "-g", "12", "-an"],
    );
    let bytes = std::fs::read(&clip).unwrap();
    let cut = dir.path().join("cut.mkv");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let mut reader = VideoReader::open(&cut).unwrap();
    assert!(reader.frame_at(0, 320, 240).is_ok());
    let err = reader.frame_at(47, 320, 240).unwrap_err();
    assert!(
        matches!(err, MediaError::PastEnd { .. } | MediaError::Decode { .. }),
        "{err}"
    );
    assert!(err.to_string().ends_with("cut.mkv"), "{err}");
}

#[test]
fn films_are_h264_aac_bt709_tagged_and_full_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("film.mp4");
    let rate = FrameRate::FPS_24;
    let mut writer = FilmWriter::create(
        &path,
        320,
        240,
        rate,
        true,
        &VideoCodecSettings {
            preset: "ultrafast".into(),
            crf: 23,
        },
    )
    .unwrap();
    for n in 0..48i64 {
        let image = image::RgbaImage::from_fn(320, 240, |x, y| {
            image::Rgba([(x + n as u32) as u8, y as u8, 128, 255])
        });
        writer.write_frame(&image).unwrap();
        let from = rate.samples_at(n, 48_000);
        let to = rate.samples_at(n + 1, 48_000);
        let tone: Vec<f32> = (from..to)
            .flat_map(|i| {
                let s = (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin() * 0.25;
                [s, s]
            })
            .collect();
        writer.write_audio(&tone).unwrap();
    }
    writer.finish().unwrap();
    let video = ffprobe(
        &path,
        "v:0",
        "stream=codec_name,pix_fmt,color_space,color_transfer,color_primaries,color_range,nb_read_frames,duration",
    );
    for expected in [
        "codec_name=h264",
        "pix_fmt=yuv420p",
        "color_space=bt709",
        "color_transfer=bt709",
        "color_primaries=bt709",
        "color_range=tv",
        "nb_read_frames=48",
        "duration=2.000000",
    ] {
        assert!(video.contains(expected), "missing {expected} in {video}");
    }
    let audio = ffprobe(
        &path,
        "a:0",
        "stream=codec_name,sample_rate,channels,duration",
    );
    assert!(
        audio.contains("codec_name=aac")
            && audio.contains("sample_rate=48000")
            && audio.contains("channels=2"),
        "{audio}"
    );
    let seconds = support::duration(&audio);
    assert!(
        (seconds - 2.0).abs() <= 1.0 / 24.0,
        "audio lasts {seconds} s"
    );
    // faststart: the index (moov) comes before the media data (mdat).
    let bytes = std::fs::read(&path).unwrap();
    let find = |tag: &[u8]| bytes.windows(4).position(|w| w == tag).unwrap();
    assert!(find(b"moov") < find(b"mdat"));
}

/// A flat colour, encoded by the ffmpeg CLI with an explicit matrix and tag.
fn flat_clip(dir: &Path, name: &str, size: &str, matrix: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let filter = format!("scale=out_color_matrix={matrix}:out_range=tv,format=yuv420p");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("color=c=0x3366CC:size={size}:duration=0.5,format=rgb24"),
        "-vf",
        &filter,
        "-c:v",
        "libx264",
        "-qp",
        "0",
        "-colorspace",
        matrix,
        "-color_primaries",
        matrix,
        "-color_trc",
        matrix,
        path.to_str().unwrap(),
    ]);
    path
}

fn centre(image: &image::RgbaImage) -> [u8; 3] {
    let p = image.get_pixel(image.width() / 2, image.height() / 2);
    [p[0], p[1], p[2]]
}

fn assert_close(got: [u8; 3], want: [u8; 3], what: &str) {
    let off = got
        .iter()
        .zip(want)
        .map(|(g, w)| g.abs_diff(w))
        .max()
        .unwrap_or(0);
    assert!(off <= 3, "{what}: got {got:?}, want {want:?}");
}

#[test]
fn decoding_follows_the_colour_matrix_a_clip_is_tagged_with() {
    let dir = tempfile::tempdir().unwrap();
    for (name, size, matrix) in [
        ("hd.mp4", "1280x720", "bt709"),
        ("sd.mp4", "640x480", "smpte170m"),
    ] {
        let clip = flat_clip(dir.path(), name, size, matrix);
        let mut reader = VideoReader::open(&clip).unwrap();
        let (w, h) = reader.info().display_size();
        assert_close(
            centre(&reader.frame_at(0, w, h).unwrap()),
            [0x33, 0x66, 0xCC],
            matrix,
        );
    }
}

#[test]
fn films_keep_their_colours_in_bt709() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flat.mp4");
    let mut writer = FilmWriter::create(
        &path,
        320,
        240,
        FrameRate::FPS_24,
        false,
        &VideoCodecSettings {
            preset: "ultrafast".into(),
            crf: 0,
        },
    )
    .unwrap();
    let flat = image::RgbaImage::from_pixel(320, 240, image::Rgba([0x33, 0x66, 0xCC, 255]));
    for _ in 0..3 {
        writer.write_frame(&flat).unwrap();
    }
    writer.finish().unwrap();
    // ffmpeg told explicitly to read BT.709 limited range must see the same colour.
    let png = dir.path().join("back.png");
    support::ffmpeg(&[
        "-i",
        path.to_str().unwrap(),
        "-vf",
        "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
        "-frames:v",
        "1",
        png.to_str().unwrap(),
    ]);
    assert_close(
        centre(&media::load_image(&png).unwrap()),
        [0x33, 0x66, 0xCC],
        "ffmpeg reading our film",
    );
    let mut reader = VideoReader::open(&path).unwrap();
    assert_close(
        centre(&reader.frame_at(0, 320, 240).unwrap()),
        [0x33, 0x66, 0xCC],
        "our reader",
    );
}

#[test]
fn frame_n_is_the_frame_ffmpeg_numbers_n() {
    let dir = tempfile::tempdir().unwrap();
    let clip = support::h264_clip(dir.path(), "a.mp4", 2.0);
    let mut reader = VideoReader::open(&clip).unwrap();
    let psnr = support::psnr;
    for n in [0i64, 17, 30, 47] {
        let theirs = support::ffmpeg_frame(&clip, n, &dir.path().join(format!("{n}.png")));
        let same = psnr(&reader.frame_at(n, 320, 240).unwrap(), &theirs);
        for other in [n - 1, n + 1].into_iter().filter(|o| (0..48).contains(o)) {
            let neighbour = psnr(&reader.frame_at(other, 320, 240).unwrap(), &theirs);
            assert!(
                same > neighbour,
                "our frame {n} looks more like ffmpeg's frame {other}"
            );
        }
        // Converters round testsrc2's noise squares and hard colour edges
        // differently (about 28 dB here); a wrong frame scores far lower.
        assert!(same > 25.0, "frame {n}: {same:.1} dB from ffmpeg's");
    }
}
