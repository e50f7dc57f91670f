//! The mixer, sample by sample: placement, fades, crossfades through gaps,
//! cuts, mute and solo, the limiter; and the exported film carrying the mix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};

use inbetween_engine::audio::{
    LIMIT, Mixer, SHORT_FADE_SAMPLES, SoundBank, equal_power_in, equal_power_out, sound_uses,
};
use inbetween_engine::project::{
    AudioClip, AudioClipId, AudioLane, Card, CardContent, CardId, Fit, GapKey, GapMode,
    GapSettings, LaneId, LaneKind, MediaRef, Project,
};
use inbetween_engine::time::TimeRange;

/// At 24 fps a frame is exactly 2000 samples at 48 kHz.
const SPF: i64 = 2000;

fn folder() -> PathBuf {
    PathBuf::from("/project")
}

/// A constant stereo source of `frames` project frames at `level`.
fn constant(frames: i64, level: f32) -> Vec<f32> {
    vec![level; (frames * SPF) as usize * 2]
}

/// Deterministic noise (uncorrelated between seeds), for power measurements.
fn noise(frames: i64, seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..(frames * SPF) as usize * 2)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.5
        })
        .collect()
}

fn lane(clips: Vec<AudioClip>) -> AudioLane {
    AudioLane {
        id: LaneId(1),
        name: "Music".into(),
        kind: LaneKind::Music,
        gain_db: 0.0,
        muted: false,
        solo: false,
        clips,
    }
}

fn clip(id: u64, file: &str, start: i64, frames: i64) -> AudioClip {
    AudioClip {
        id: AudioClipId(id),
        media: MediaRef::new(format!("media/{file}")),
        range_in_timeline: TimeRange::new(start, frames),
        source_start_frame: 0,
        gain_db: 0.0,
        fade_in_frames: 0,
        fade_out_frames: 0,
    }
}

fn clip_card(id: u64, file: &str, start: i64, frames: i64) -> Card {
    Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, frames),
        prompt: String::new(),
        fit: Fit::Fit,
        content: CardContent::Clip {
            media: MediaRef::new(format!("media/{file}")),
            source_start_frame: 0,
            gain_db: 0.0,
            muted: false,
        },
        board: Default::default(),
    }
}

fn bank(files: &[(&str, Vec<f32>)]) -> SoundBank {
    let mut bank = SoundBank::default();
    for (name, samples) in files {
        bank.insert(folder().join("media").join(name), samples.clone());
    }
    bank
}

fn mix(project: &Project, bank: &mut SoundBank, start: i64, samples: usize) -> Vec<f32> {
    let mixer = Mixer::for_project(project, &folder(), bank);
    let mut out = vec![0f32; samples * 2];
    mixer.mix(start, &mut out);
    out
}

#[test]
fn a_click_lands_on_its_sample() {
    let mut click = vec![0f32; 4 * SPF as usize * 2];
    click[2 * 1234] = 0.8; // left channel, source sample 1234
    let mut p = Project::new("click");
    let mut c = clip(1, "click.wav", 10, 4);
    c.source_start_frame = 0;
    p.audio_lanes = vec![lane(vec![c])];
    let mut bank = bank(&[("click.wav", click)]);
    let out = mix(&p, &mut bank, 0, 20 * SPF as usize);
    let at = (10 * SPF + 1234) as usize;
    assert_eq!(out[2 * at], 0.8);
    let loud: Vec<usize> = out
        .chunks(2)
        .enumerate()
        .filter(|(_, s)| s[0] != 0.0 || s[1] != 0.0)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(loud, [at], "nothing else sounds");
    // Mixing a window that starts elsewhere finds it at the same film sample.
    let window = mix(&p, &mut bank, at as i64 - 7, 16);
    assert_eq!(window[2 * 7], 0.8);
}

#[test]
fn fades_follow_the_equal_power_curve_and_gains_add_up() {
    let mut p = Project::new("fades");
    let mut c = clip(1, "tone.wav", 0, 10);
    c.fade_in_frames = 2;
    c.fade_out_frames = 3;
    c.gain_db = -6.0;
    let mut l = lane(vec![c]);
    l.gain_db = 6.0;
    p.audio_lanes = vec![l];
    let mut bank = bank(&[("tone.wav", constant(10, 0.5))]);
    let out = mix(&p, &mut bank, 0, 10 * SPF as usize);
    let left = |t: i64| out[2 * t as usize];
    for t in [0, 500, 1000, 2000, 3999] {
        let expected = 0.5 * equal_power_in(t as f32 / 4000.0);
        assert!((left(t) - expected).abs() < 1e-5, "fade in at {t}");
    }
    assert!((left(5 * SPF) - 0.5).abs() < 1e-5, "-6 dB + 6 dB is unity");
    for t in [7 * SPF, 7 * SPF + 1500, 8 * SPF, 10 * SPF - 1] {
        let expected = 0.5 * equal_power_out((t - 7 * SPF) as f32 / 6000.0);
        assert!((left(t) - expected).abs() < 1e-5, "fade out at {t}");
    }
}

/// Card 1 (frames 0..24) and card 2 (48..72), whose clip starts 2 s into
/// its file, so there is sound before its in-point for the gap.
fn two_clip_cards() -> Project {
    let mut p = Project::new("two clips");
    let mut second = clip_card(2, "b.wav", 48, 24);
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut second.content
    {
        *source_start_frame = 48;
    }
    p.cards = vec![clip_card(1, "a.wav", 0, 24), second];
    p
}

#[test]
fn each_sound_is_wanted_as_far_as_it_plays_and_a_card_through_its_gap() {
    let mut p = two_clip_cards();
    let mut music = clip(1, "m.wav", 10, 30);
    music.source_start_frame = 100;
    p.audio_lanes = vec![lane(vec![music])];
    let mut uses = sound_uses(&p);
    uses.sort();
    let want = |file: &str, frames: i64| (MediaRef::new(format!("media/{file}")), frames * SPF);
    assert_eq!(
        uses,
        vec![
            // 24 frames, then on through the 24-frame gap after it.
            want("a.wav", 48),
            // From source frame 48, its 24 frames; nothing after it.
            want("b.wav", 72),
            want("m.wav", 130),
        ]
    );
}

#[test]
fn a_gap_between_two_clip_cards_crossfades_their_sound_at_constant_power() {
    let p = two_clip_cards();
    let mut bank = bank(&[("a.wav", noise(200, 1)), ("b.wav", noise(200, 2))]);
    let out = mix(&p, &mut bank, 0, 72 * SPF as usize);
    let power = |from: i64, to: i64| {
        let part = &out[2 * from as usize..2 * to as usize];
        part.iter().map(|s| s * s).sum::<f32>() / part.len() as f32
    };
    let steady = power(2 * SPF, 22 * SPF);
    assert!(steady > 0.01);
    // Through the gap (frames 24..48) in windows of a frame: within 1 dB.
    for frame in 24..48 {
        let db = 10.0 * (power(frame * SPF, (frame + 1) * SPF) / steady).log10();
        assert!(db.abs() < 1.0, "frame {frame}: {db:.2} dB");
    }
    // The first card's sound carries on into the gap (its source goes on).
    let mixer = Mixer::for_project(&p, &folder(), &mut bank);
    let a = &mixer.voices()[0];
    assert_eq!((a.start, a.end), (0, 48 * SPF));
    assert_eq!(a.fade_out, (24 * SPF, 48 * SPF));
    let b = &mixer.voices()[1];
    // The second starts early (its sound before its in-point), fading in.
    assert_eq!(b.start, 24 * SPF);
    assert_eq!(b.fade_in, (24 * SPF, 48 * SPF));
    assert_eq!(b.sample(24 * SPF, 0), noise(200, 2)[2 * 24 * SPF as usize]);
}

#[test]
fn without_sound_before_the_second_clip_the_first_carries_on_and_cuts() {
    let mut p = two_clip_cards();
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut p.cards[1].content
    {
        *source_start_frame = 0;
    }
    let mut bank = bank(&[
        ("a.wav", constant(200, 0.3)),
        ("b.wav", constant(200, -0.2)),
    ]);
    let out = mix(&p, &mut bank, 0, 72 * SPF as usize);
    let left = |t: i64| out[2 * t as usize];
    assert!((left(40 * SPF) - 0.3).abs() < 1e-6, "the first carries on");
    assert!((left(48 * SPF + SHORT_FADE_SAMPLES) + 0.2).abs() < 1e-6);
}

#[test]
fn a_cut_gap_cuts_the_sound_with_a_short_fade_where_the_picture_cuts() {
    let mut p = two_clip_cards();
    p.gaps.insert(
        GapKey {
            from_card: CardId(1),
            to_card: CardId(2),
        },
        GapSettings {
            mode: GapMode::Cut,
            ..GapSettings::default()
        },
    );
    let mut bank = bank(&[
        ("a.wav", constant(200, 0.3)),
        ("b.wav", constant(200, -0.2)),
    ]);
    let out = mix(&p, &mut bank, 0, 72 * SPF as usize);
    let cut = 36 * SPF;
    let left = |t: i64| out[2 * t as usize];
    assert!(
        (left(cut - SHORT_FADE_SAMPLES - 1) - 0.3).abs() < 1e-6,
        "a until the fade"
    );
    assert!(
        (left(cut + SHORT_FADE_SAMPLES) + 0.2).abs() < 1e-6,
        "b after its fade"
    );
    assert!(
        left(cut - 1).abs() < 0.01 && left(cut).abs() < 1e-6,
        "quiet at the cut"
    );
    assert!(
        (left(30 * SPF) - 0.3).abs() < 1e-6,
        "a carries into the gap"
    );
}

#[test]
fn muted_lanes_and_cards_are_silent_and_solo_silences_the_rest() {
    let mut p = Project::new("solo");
    p.cards = vec![clip_card(1, "card.wav", 0, 10)];
    let mut music = lane(vec![clip(1, "music.wav", 0, 10)]);
    let mut voice = lane(vec![clip(2, "voice.wav", 0, 10)]);
    voice.id = LaneId(2);
    let files = [
        ("card.wav", constant(10, 0.1)),
        ("music.wav", constant(10, 0.2)),
        ("voice.wav", constant(10, 0.4)),
    ];
    let level = |p: &Project| {
        let mut bank = bank(&files);
        mix(p, &mut bank, 5 * SPF, 1)[0]
    };
    p.audio_lanes = vec![music.clone(), voice.clone()];
    assert!((level(&p) - 0.7).abs() < 1e-6);
    music.muted = true;
    p.audio_lanes = vec![music.clone(), voice.clone()];
    assert!((level(&p) - 0.5).abs() < 1e-6);
    voice.solo = true;
    music.muted = false;
    p.audio_lanes = vec![music, voice];
    assert!((level(&p) - 0.4).abs() < 1e-6, "only the solo lane");
    p.audio_lanes.clear();
    if let CardContent::Clip { muted, .. } = &mut p.cards[0].content {
        *muted = true;
    }
    assert_eq!(level(&p), 0.0);
}

#[test]
fn the_rendered_mix_never_clips() {
    let mut p = Project::new("loud");
    let mut a = clip(1, "a.wav", 0, 24);
    a.gain_db = 12.0;
    p.audio_lanes = vec![lane(vec![a, clip(2, "b.wav", 0, 24)])];
    let mut bank = bank(&[("a.wav", noise(24, 3)), ("b.wav", noise(24, 4))]);
    let mixer = Mixer::for_project(&p, &folder(), &mut bank);
    let rendered = mixer.render(&p, TimeRange::new(0, 24));
    assert_eq!(rendered.len(), (24 * SPF * 2) as usize);
    assert!(rendered.iter().all(|s| s.abs() <= LIMIT));
    assert!(rendered.iter().any(|s| s.abs() > 0.9 * LIMIT), "still loud");
}

#[test]
fn real_files_are_decoded_once_and_broken_ones_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let tone = media.join("tone.flac");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=8000:duration=1",
        tone.to_str().unwrap(),
    ]);
    std::fs::write(media.join("broken.mp3"), b"ID3 nothing here").unwrap();
    let mut p = Project::new("files");
    p.audio_lanes = vec![lane(vec![
        clip(1, "tone.flac", 0, 24),
        clip(2, "broken.mp3", 0, 24),
    ])];
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_project(&p, dir.path(), &mut bank);
    assert_eq!(mixer.voices().len(), 1, "the broken file is silent");
    let problem = &bank.problems()[0];
    assert_eq!(problem.path, media.join("broken.mp3"));
    assert!(problem.user.contains("audio clip 2"), "{}", problem.user);
    // 8 kHz resampled to 48 kHz: a second of sound is 48 000 samples.
    let rendered = mixer.render(&p, TimeRange::new(0, 24));
    let loud = rendered.chunks(2).filter(|s| s[0].abs() > 0.01).count();
    assert!(loud > 40_000, "{loud}");
    let _: &Path = dir.path();
}

#[test]
fn odd_sources_and_odd_clips_mix_without_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    // Mono at 8 kHz and 5.1 at 192 kHz: resampled to 48 kHz, mixed to stereo.
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=300:sample_rate=8000:duration=2",
        media.join("mono8k.wav").to_str().unwrap(),
    ]);
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=500:sample_rate=192000:duration=2",
        "-af",
        "pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0",
        "-ar",
        "192000",
        media.join("surround.flac").to_str().unwrap(),
    ]);
    let mut p = Project::new("odd");
    let mut past_end = clip(3, "mono8k.wav", 0, 24);
    past_end.source_start_frame = 24 * 60; // a minute into a 2 s file
    let empty = clip(4, "mono8k.wav", 10, 0);
    p.audio_lanes = vec![lane(vec![
        clip(1, "mono8k.wav", 0, 48),
        clip(2, "surround.flac", 0, 48),
        past_end,
        empty,
    ])];
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_project(&p, dir.path(), &mut bank);
    assert!(bank.problems().is_empty(), "{:?}", bank.problems());
    let out = mixer.render(&p, TimeRange::new(0, 48));
    assert_eq!(out.len(), 48 * SPF as usize * 2);
    // Both sources sound in both channels for the whole 2 s.
    for second in [0, 1] {
        let part = &out[second * 96_000 + 4_000..(second + 1) * 96_000 - 4_000];
        let (left, right): (Vec<f32>, Vec<f32>) = part.chunks(2).map(|s| (s[0], s[1])).unzip();
        let rms = |v: &[f32]| (v.iter().map(|s| s * s).sum::<f32>() / v.len() as f32).sqrt();
        assert!(rms(&left) > 0.05 && rms(&right) > 0.05, "second {second}");
    }
    // The clip trimmed past its file's end and the empty clip add nothing.
    let mut alone = Project::new("alone");
    alone.audio_lanes = vec![lane(vec![
        p.audio_lanes[0].clips[2].clone(),
        p.audio_lanes[0].clips[3].clone(),
    ])];
    let silent =
        Mixer::for_project(&alone, dir.path(), &mut bank).render(&alone, TimeRange::new(0, 48));
    assert!(silent.iter().all(|s| *s == 0.0));
}

#[test]
fn the_demo_music_has_a_beat_every_half_second() {
    let music = Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo/media/music.ogg");
    let samples = inbetween_engine::media::decode_audio(&music).unwrap();
    let beats = inbetween_engine::audio::detect_beats(&samples);
    // One note every 0.5 s for 14 s.
    // Soft note starts under the drone: most are found (23 of 28 when measured).
    assert!(
        (20..=29).contains(&beats.len()),
        "{} beats: {beats:?}",
        beats.len()
    );
    let mut gaps: Vec<i64> = beats.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort();
    let median = gaps[gaps.len() / 2];
    assert!((median - 24_000).abs() < 1_000, "median spacing {median}");
}

#[test]
fn an_auto_gap_between_different_scenes_cuts_the_sound_as_the_picture_does() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    for (name, colour, tone) in [("warm.mp4", "orange", 440), ("cold.mp4", "navy", 880)] {
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("color=c={colour}:size=160x90:rate=24:duration=6"),
            "-f",
            "lavfi",
            "-i",
            &format!("sine=frequency={tone}:sample_rate=48000:duration=6"),
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            media.join(name).to_str().unwrap(),
        ]);
    }
    let mut p = Project::new("scenes");
    let mut second = clip_card(2, "cold.mp4", 48, 24);
    if let CardContent::Clip {
        source_start_frame, ..
    } = &mut second.content
    {
        *source_start_frame = 48;
    }
    p.cards = vec![clip_card(1, "warm.mp4", 0, 24), second];
    let compositor = inbetween_engine::render::Compositor::new(dir.path()).unwrap();
    let held = inbetween_engine::audio::held_gaps(&p, &compositor);
    let key = GapKey {
        from_card: CardId(1),
        to_card: CardId(2),
    };
    assert!(held.contains(&key), "orange and navy are different scenes");
    let mut bank = SoundBank::default();
    let film = Mixer::for_film(&p, &compositor, &mut bank);
    let cut = 36 * SPF;
    assert_eq!(film.voices()[0].fade_out, (cut - SHORT_FADE_SAMPLES, cut));
    assert_eq!(film.voices()[1].fade_in, (cut, cut + SHORT_FADE_SAMPLES));
    // Without the picture's judgement (Mixer::for_project) it crossfades.
    let plain = Mixer::for_project(&p, dir.path(), &mut bank);
    assert_eq!(plain.voices()[0].fade_out, (24 * SPF, 48 * SPF));
}

#[test]
fn a_truncated_file_plays_what_it_has_or_is_named_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let whole = media.join("whole.flac");
    support::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=300:sample_rate=48000:duration=4",
        whole.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&whole).unwrap();
    std::fs::write(media.join("cut.flac"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(media.join("head.flac"), &bytes[..40]).unwrap();
    let mut p = Project::new("truncated");
    p.audio_lanes = vec![lane(vec![
        clip(1, "cut.flac", 0, 96),
        clip(2, "head.flac", 0, 96),
    ])];
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_project(&p, dir.path(), &mut bank);
    let out = mixer.render(&p, TimeRange::new(0, 96));
    // Half a file: about its first two seconds sound, then silence.
    let sounding = out.chunks(2).filter(|s| s[0].abs() > 0.01).count();
    assert!(
        (60_000..=110_000).contains(&sounding),
        "{sounding} samples sound"
    );
    // Only a header: nothing to play, and the file is named.
    assert!(
        bank.problems()
            .iter()
            .any(|p| p.path.ends_with("head.flac")),
        "{:?}",
        bank.problems()
    );
}

#[test]
fn music_longer_than_the_film_ends_with_the_last_card_fading_out() {
    // A 2 s title card, and 5 s of music from the film's start.
    let mut p = Project::new("short film");
    p.cards = vec![Card {
        camera_move: None,
        id: CardId(1),
        range_in_timeline: TimeRange::new(0, 48),
        prompt: "The end".into(),
        fit: Fit::Fit,
        content: CardContent::Text,
        board: Default::default(),
    }];
    p.audio_lanes = vec![lane(vec![clip(1, "music.wav", 0, 120)])];
    assert_eq!(p.duration_frames(), 48, "the film ends with its card");
    let mut bank = bank(&[("music.wav", constant(120, 0.5))]);
    let out = mix(&p, &mut bank, 0, 120 * SPF as usize);
    let left = |t: i64| out[2 * t as usize];
    let end = 48 * SPF;
    let fade = inbetween_engine::audio::FILM_END_FADE_SAMPLES;
    assert!(
        (left(end - fade - 1) - 0.5).abs() < 1e-5,
        "full before the fade"
    );
    let halfway = 0.5 * equal_power_out(0.5);
    assert!((left(end - fade / 2) - halfway).abs() < 1e-3, "fading");
    assert!(left(end - 1).abs() < 1e-3, "silent as the film ends");
    assert!(
        out[2 * end as usize..].iter().all(|s| *s == 0.0),
        "nothing after"
    );
    // With no cards the sound is the film.
    p.cards.clear();
    assert_eq!(p.duration_frames(), 120);
}
