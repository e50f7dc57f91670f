//! `inbetween export-timeline`: the demo as an OpenTimelineIO file, read
//! back by OpenTimelineIO itself where Python can install it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use inbetween_engine::project::{self, CardContent};
use inbetween_engine::timeline::Layout;

fn inbetween(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(args)
        .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
        .output()
        .unwrap()
}

fn exported(dir: &Path) -> serde_json::Value {
    let out = dir.join("cut.otio");
    let run = inbetween(&[
        "export-timeline",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap()
}

fn frames(rt: &serde_json::Value) -> i64 {
    rt["value"].as_f64().unwrap() as i64
}

#[test]
fn the_demo_becomes_a_timeline_of_its_cards_gaps_dissolves_sound_and_markers() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    let otio = exported(dir.path());
    assert_eq!(otio["OTIO_SCHEMA"], "Timeline.1");
    assert_eq!(otio["name"], p.settings.name.as_str());
    let tracks = otio["tracks"]["children"].as_array().unwrap();
    assert_eq!(tracks.len(), 1 + p.audio_lanes.len());
    let video = tracks[0]["children"].as_array().unwrap();
    // Transitions take no time: the clips and gaps last as long as the film.
    let length: i64 = video
        .iter()
        .filter(|i| i["OTIO_SCHEMA"] != "Transition.1")
        .map(|i| frames(&i["source_range"]["duration"]))
        .sum();
    assert_eq!(length, p.duration_frames());
    let schemas: Vec<&str> = video
        .iter()
        .map(|i| i["OTIO_SCHEMA"].as_str().unwrap())
        .collect();
    // Title, dissolve, still, (Auto) gap, clip, (Auto) gap, still, dissolve, title.
    assert_eq!(
        schemas,
        [
            "Clip.2",
            "Transition.1",
            "Clip.2",
            "Gap.1",
            "Clip.2",
            "Gap.1",
            "Clip.2",
            "Transition.1",
            "Clip.2"
        ]
    );
    let clips: Vec<&serde_json::Value> = video
        .iter()
        .filter(|i| i["OTIO_SCHEMA"] == "Clip.2")
        .collect();
    for (clip, card) in clips.iter().zip(&p.cards) {
        let meta = &clip["metadata"]["inbetween"];
        assert_eq!(meta["card"], card.id.0);
        assert_eq!(meta["shot"], card.board.shot.as_str());
        assert_eq!(meta["notes"], card.board.notes.as_str());
        assert_eq!(meta["prompt"], card.prompt.as_str());
        let reference = &clip["media_references"]["DEFAULT_MEDIA"];
        match &card.content {
            CardContent::Text => assert_eq!(reference["OTIO_SCHEMA"], "MissingReference.1"),
            CardContent::Image { media } | CardContent::Clip { media, .. } => {
                let url = reference["target_url"].as_str().unwrap();
                assert!(
                    url.starts_with("file:///") && url.ends_with(media.as_str()),
                    "{url}"
                );
            }
        }
        if let CardContent::Clip {
            source_start_frame, ..
        } = card.content
        {
            let source = &clip["source_range"];
            assert_eq!(frames(&source["start_time"]), source_start_frame);
            assert_eq!(frames(&source["duration"]), card.range_in_timeline.duration);
        }
    }
    let markers = otio["tracks"]["markers"].as_array().unwrap();
    assert_eq!(markers.len(), p.markers.len());
    assert_eq!(
        frames(&markers[0]["marked_range"]["start_time"]),
        p.markers[0].frame
    );
    let music = tracks[1]["children"].as_array().unwrap();
    assert_eq!(tracks[1]["kind"], "Audio");
    assert_eq!(
        music
            .iter()
            .filter(|i| i["OTIO_SCHEMA"] == "Clip.2")
            .count(),
        p.audio_lanes[0].clips.len()
    );
}

#[test]
fn other_formats_and_a_broken_project_are_refused_naming_the_file() {
    let dir = common::demo_copy();
    let out = dir.path().join("cut.fcpxml");
    let run = inbetween(&[
        "export-timeline",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("cut.fcpxml") && stderr.contains(".otio"),
        "{stderr}"
    );
    assert!(!out.exists());
    fs::write(dir.path().join("project.json"), "{ not json").unwrap();
    let out = dir.path().join("cut.otio");
    let run = inbetween(&[
        "export-timeline",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("project.json"));
    assert!(!out.exists(), "nothing written");
}

/// A throwaway virtualenv with OpenTimelineIO from PyPI, or None (no
/// Python, no network) with the reason printed.
fn opentimelineio(dir: &Path) -> Option<std::path::PathBuf> {
    let venv = dir.join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output();
    if !made.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: no python3 with venv to install OpenTimelineIO");
        return None;
    }
    let python = venv.join("bin/python");
    let pip = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "opentimelineio==0.18.*",
        ])
        .output()
        .unwrap();
    if !pip.status.success() {
        eprintln!(
            "SKIPPED: OpenTimelineIO could not be installed: {}",
            String::from_utf8_lossy(&pip.stderr)
        );
        return None;
    }
    Some(python)
}

#[test]
fn opentimelineio_reads_it_back_with_the_projects_times_clips_and_markers() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    exported(dir.path());
    let work = tempfile::tempdir().unwrap();
    let Some(python) = opentimelineio(work.path()) else {
        return;
    };
    // Where OpenTimelineIO puts each item, in frames on its track.
    let script = r#"
import json, sys
import opentimelineio as otio
t = otio.adapters.read_from_file(sys.argv[1])
out = {"duration": t.duration().to_frames(), "tracks": [], "markers": []}
for track in t.tracks:
    items = []
    for i, item in enumerate(track):
        if isinstance(item, otio.schema.Transition):
            items.append({"kind": "transition", "in": item.in_offset.to_frames(), "out": item.out_offset.to_frames()})
            continue
        r = track.range_of_child_at_index(i)
        entry = {"kind": type(item).__name__, "start": r.start_time.to_frames(), "duration": r.duration.to_frames()}
        if isinstance(item, otio.schema.Clip):
            entry["card"] = item.metadata.get("inbetween", {}).get("card")
            ref = item.media_reference
            entry["url"] = getattr(ref, "target_url", None)
        items.append(entry)
    out["tracks"].append({"kind": track.kind, "items": items})
for m in t.tracks.markers:
    out["markers"].append([m.name, m.marked_range.start_time.to_frames()])
print(json.dumps(out))
"#;
    let read = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(dir.path().join("cut.otio"))
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(seen["duration"].as_i64().unwrap(), p.duration_frames());
    let layout = Layout::of(&p);
    let items = seen["tracks"][0]["items"].as_array().unwrap();
    // Each card where our film shows it; a card beside a dissolve reaches
    // into the dissolve's half, and the dissolve covers the gap exactly.
    for item in items.iter().filter(|i| i["kind"] == "Clip") {
        let id = item["card"].as_u64().unwrap();
        let card = p.card(inbetween_engine::project::CardId(id)).unwrap();
        let range = card.range_in_timeline;
        let (start, end) = (
            item["start"].as_i64().unwrap(),
            item["start"].as_i64().unwrap() + item["duration"].as_i64().unwrap(),
        );
        let dissolve = |g: Option<&inbetween_engine::timeline::Gap>| {
            g.filter(|g| p.gap_settings(g.key).mode == inbetween_engine::project::GapMode::Dissolve)
                .map(|g| g.range_in_timeline)
        };
        let expected_start = dissolve(layout.gap_before(card.id))
            .map_or(range.start, |g| g.end() - (g.duration - g.duration / 2));
        let expected_end = dissolve(
            layout
                .gap_after(card.id)
                .filter(|g| g.key.from_card == card.id),
        )
        .map_or(range.end(), |g| g.start + g.duration / 2);
        assert_eq!((start, end), (expected_start, expected_end), "card {id}");
        if let Some(media) = card.media() {
            assert!(item["url"].as_str().unwrap().ends_with(media.as_str()));
        }
    }
    let markers: Vec<(String, i64)> = p
        .markers
        .iter()
        .map(|m| (m.label.clone(), m.frame))
        .collect();
    let seen_markers: Vec<(String, i64)> = seen["markers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m[0].as_str().unwrap().to_owned(), m[1].as_i64().unwrap()))
        .collect();
    assert_eq!(seen_markers, markers);
    // The music where the lane has it.
    let music: Vec<(i64, i64)> = seen["tracks"][1]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "Clip")
        .map(|i| {
            (
                i["start"].as_i64().unwrap(),
                i["duration"].as_i64().unwrap(),
            )
        })
        .collect();
    let lane: Vec<(i64, i64)> = p.audio_lanes[0]
        .clips
        .iter()
        .map(|c| (c.range_in_timeline.start, c.range_in_timeline.duration))
        .collect();
    assert_eq!(music, lane);
}
