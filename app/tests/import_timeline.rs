//! `inbetween import-timeline`: the demo exported as OpenTimelineIO and
//! imported back is the same film; bad timelines write nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::inbetween;

use std::fs;
use std::path::Path;

use inbetween_engine::project::{self, CardContent};
use inbetween_engine::timeline::Layout;

fn run(args: &[&str]) -> (bool, String) {
    let out = inbetween(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn media_bytes(folder: &Path, media: &str) -> Vec<u8> {
    fs::read(folder.join(media)).unwrap()
}

#[test]
fn the_demo_exported_and_imported_back_has_the_same_cards_times_media_sound_and_markers() {
    let dir = common::demo_copy();
    let cut = dir.path().join("cut.otio");
    let (ok, err) = run(&[
        "export-timeline",
        dir.path().to_str().unwrap(),
        "-o",
        cut.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let back = tempfile::tempdir().unwrap();
    let folder = back.path().join("imported");
    let (ok, err) = run(&[
        "import-timeline",
        cut.to_str().unwrap(),
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");

    let a = project::load(dir.path()).unwrap().project;
    let b = project::load(&folder).unwrap().project;
    assert_eq!(b.settings.name, a.settings.name);
    assert_eq!(b.settings.frame_rate, a.settings.frame_rate);
    assert_eq!(b.settings.resolution, a.settings.resolution);
    assert_eq!(b.settings.aspect, a.settings.aspect);
    assert_eq!(
        (b.settings.fade_in_frames, b.settings.fade_out_frames),
        (a.settings.fade_in_frames, a.settings.fade_out_frames)
    );
    assert_eq!(b.cards.len(), a.cards.len());
    for (x, y) in a.cards.iter().zip(&b.cards) {
        assert_eq!(
            x.range_in_timeline, y.range_in_timeline,
            "shot {}",
            x.board.shot
        );
        assert_eq!(x.prompt, y.prompt);
        assert_eq!(x.board.shot, y.board.shot);
        assert_eq!(x.board.scene, y.board.scene);
        assert_eq!(x.board.dialogue, y.board.dialogue);
        assert_eq!(x.board.action, y.board.action);
        assert_eq!(x.board.notes, y.board.notes);
        assert_eq!(
            x.camera_move, y.camera_move,
            "the demo's push-in comes back"
        );
        match (&x.content, &y.content) {
            (CardContent::Text, CardContent::Text) => {}
            (CardContent::Image { media: m }, CardContent::Image { media: n }) => {
                assert_eq!(
                    media_bytes(dir.path(), m.as_str()),
                    media_bytes(&folder, n.as_str())
                );
            }
            (
                CardContent::Clip {
                    media: m,
                    source_start_frame: s,
                    ..
                },
                CardContent::Clip {
                    media: n,
                    source_start_frame: t,
                    ..
                },
            ) => {
                assert_eq!(s, t);
                assert_eq!(
                    media_bytes(dir.path(), m.as_str()),
                    media_bytes(&folder, n.as_str())
                );
            }
            (x, y) => panic!("{x:?} came back as {y:?}"),
        }
    }
    // Every gap in its place with its mode and prompt.
    let (ga, gb) = (Layout::of(&a), Layout::of(&b));
    assert_eq!(ga.gaps().len(), gb.gaps().len());
    for (x, y) in ga.gaps().iter().zip(gb.gaps()) {
        assert_eq!(x.range_in_timeline, y.range_in_timeline);
        let (sx, sy) = (a.gap_settings(x.key), b.gap_settings(y.key));
        assert_eq!((sx.mode, &sx.prompt), (sy.mode, &sy.prompt));
    }
    assert_eq!(a.markers, b.markers);
    assert_eq!(a.audio_lanes.len(), b.audio_lanes.len());
    for (x, y) in a.audio_lanes[0].clips.iter().zip(&b.audio_lanes[0].clips) {
        assert_eq!(x.range_in_timeline, y.range_in_timeline);
        assert_eq!(x.source_start_frame, y.source_start_frame);
        assert_eq!(x.gain_db, y.gain_db);
        assert_eq!(
            media_bytes(dir.path(), x.media.as_str()),
            media_bytes(&folder, y.media.as_str())
        );
    }
    assert_eq!(b.duration_frames(), a.duration_frames());
}

#[test]
fn a_bad_timeline_or_a_folder_with_a_project_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.otio");
    let folder = dir.path().join("new");
    for (text, says) in [
        (
            "{ \"OTIO_SCHEMA\": \"Timeline.1\", ",
            "not OpenTimelineIO JSON",
        ),
        (r#"{"OTIO_SCHEMA": "Timeline.7"}"#, "Timeline.7 is newer"),
        (
            r#"{"OTIO_SCHEMA":"Timeline.1","tracks":{"OTIO_SCHEMA":"Stack.1","children":[{"OTIO_SCHEMA":"Track.1","kind":"Video","children":[
              {"OTIO_SCHEMA":"Clip.2","name":"Shot 1","source_range":{"OTIO_SCHEMA":"TimeRange.1",
               "start_time":{"OTIO_SCHEMA":"RationalTime.1","rate":24,"value":0},
               "duration":{"OTIO_SCHEMA":"RationalTime.1","rate":24,"value":48}},
               "media_references":{"DEFAULT_MEDIA":{"OTIO_SCHEMA":"ExternalReference.1","target_url":"file:///elsewhere/a.png"}},
               "active_media_reference_key":"DEFAULT_MEDIA"}]}]}}"#,
            "\"Shot 1\": its media /elsewhere/a.png is not there",
        ),
    ] {
        fs::write(&cut, text).unwrap();
        let (ok, err) = run(&[
            "import-timeline",
            cut.to_str().unwrap(),
            "-o",
            folder.to_str().unwrap(),
        ]);
        assert!(!ok);
        assert!(
            err.contains(cut.to_str().unwrap()) && err.contains(says),
            "{err}"
        );
        assert!(!folder.exists(), "the folder was made for a bad timeline");
    }
    // A folder with a project in it is never overwritten.
    let demo = common::demo_copy();
    let exported = dir.path().join("demo.otio");
    let (ok, _) = run(&[
        "export-timeline",
        demo.path().to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(ok);
    let before = fs::read(demo.path().join("project.json")).unwrap();
    let (ok, err) = run(&[
        "import-timeline",
        exported.to_str().unwrap(),
        "-o",
        demo.path().to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("a project is already there"), "{err}");
    assert_eq!(fs::read(demo.path().join("project.json")).unwrap(), before);
    // Only .otio is read.
    let (ok, err) = run(&[
        "import-timeline",
        "cut.fcpxml",
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("only OpenTimelineIO files"), "{err}");
}
