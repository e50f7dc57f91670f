//! `inbetween export-timeline`: the demo as an OpenTimelineIO file, read
//! back by OpenTimelineIO itself where Python can install it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::inbetween;

use std::fs;
use std::path::Path;
use std::process::Command;

use inbetween_engine::project::{self, CardContent};
use inbetween_engine::timeline::Layout;

fn exported(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&written(dir, "cut.otio")).unwrap()
}

fn exported_from(file: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap()
}

/// `export-timeline` of the project in `dir` to `dir/name`: the run, and
/// where it writes.
fn export(dir: &Path, name: &str) -> (std::process::Output, std::path::PathBuf) {
    let out = dir.join(name);
    let run = inbetween(&[
        "export-timeline",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    (run, out)
}

/// The same, which must succeed: the file's text.
fn written(dir: &Path, name: &str) -> String {
    let (run, out) = export(dir, name);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    fs::read_to_string(&out).unwrap()
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
    let (run, out) = export(dir.path(), "cut.xml");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("cut.xml") && stderr.contains(".otio") && stderr.contains(".fcpxml"),
        "{stderr}"
    );
    assert!(!out.exists());
    fs::write(dir.path().join("project.json"), "{ not json").unwrap();
    let (run, out) = export(dir.path(), "cut.otio");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("project.json"));
    assert!(!out.exists(), "nothing written");
}

/// What `script` prints (JSON) when `python` runs it on `file`.
fn python_json(python: &Path, script: &str, file: &Path) -> serde_json::Value {
    let read = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    serde_json::from_slice(&read.stdout).unwrap()
}

/// A throwaway virtualenv with OpenTimelineIO and its CMX3600 and FCPXML
/// adapters from PyPI, or None (no Python, no network) with the reason
/// printed.
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
            "otio-cmx3600-adapter==1.*",
            "otio-fcpx-xml-adapter==1.*",
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
    let seen = python_json(&python, script, &dir.path().join("cut.otio"));
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

#[test]
fn the_demo_as_an_edl_has_a_title_reels_of_eight_letters_and_its_dissolves() {
    let dir = common::demo_copy();
    let edl = written(dir.path(), "cut.edl");
    let mut lines = edl.lines();
    assert_eq!(lines.next(), Some("TITLE: The Big Rabbit Wakes"));
    assert_eq!(lines.next(), Some("FCM: NON-DROP FRAME"));
    let events: Vec<Vec<&str>> = edl
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(events.iter().all(|e| e[1].len() <= 8), "{edl}");
    // Five cards, two zero-length cuts before the dissolves, one music clip.
    assert_eq!(events.len(), 5 + 2 + 1, "{edl}");
    let dissolves: Vec<&Vec<&str>> = events.iter().filter(|e| e[3] == "D").collect();
    assert_eq!(dissolves.len(), 2);
    assert!(dissolves.iter().all(|e| e[4] == "024"), "{edl}");
    // The clip: from its first shown frame (10), where the film shows it.
    let clip = events.iter().find(|e| e[1] == "BUNNYWAK").unwrap();
    assert_eq!(
        &clip[3..8],
        [
            "C",
            "00:00:00:10",
            "00:00:02:22",
            "00:00:05:12",
            "00:00:08:00"
        ]
    );
    assert!(edl.contains("* FROM CLIP NAME: bunny-wakes.mp4"));
    assert!(edl.contains("* COMMENT: SHOT 3"));
    let music = events.iter().find(|e| e[2] == "A").unwrap();
    assert_eq!(music[1], "MUSIC");
}

#[test]
fn opentimelineio_reads_the_edl_back_with_the_films_cuts() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    written(dir.path(), "cut.edl");
    let work = tempfile::tempdir().unwrap();
    let Some(python) = opentimelineio(work.path()) else {
        return;
    };
    let script = r#"
import json, sys
import opentimelineio as otio
t = otio.adapters.read_from_file(sys.argv[1], rate=24)
out = {"tracks": []}
for track in t.tracks:
    items = []
    for i, item in enumerate(track):
        if isinstance(item, otio.schema.Transition):
            items.append({"kind": "transition", "in": item.in_offset.to_frames(), "out": item.out_offset.to_frames()})
            continue
        r = track.range_of_child_at_index(i)
        items.append({"kind": type(item).__name__, "name": item.name, "start": r.start_time.to_frames(), "duration": r.duration.to_frames()})
    out["tracks"].append({"kind": track.kind, "items": items})
print(json.dumps(out))
"#;
    let seen = python_json(&python, script, &dir.path().join("cut.edl"));
    let video = seen["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "Video")
        .unwrap();
    let items = video["items"].as_array().unwrap();
    // The clip card and the still after an Auto gap sit exactly where the
    // film has them; the video track ends with the film.
    for id in [3u64, 4] {
        let card = p.card(inbetween_engine::project::CardId(id)).unwrap();
        let name = card.media().unwrap().as_str().rsplit('/').next().unwrap();
        let item = items
            .iter()
            .find(|i| i["name"] == name && i["duration"].as_i64() > Some(0))
            .unwrap_or_else(|| panic!("no {name} in {items:?}"));
        let range = card.range_in_timeline;
        assert_eq!(
            (
                item["start"].as_i64().unwrap(),
                item["duration"].as_i64().unwrap()
            ),
            (range.start, range.duration),
            "{name}"
        );
    }
    let end = items
        .iter()
        .filter(|i| i["kind"] != "transition")
        .map(|i| i["start"].as_i64().unwrap() + i["duration"].as_i64().unwrap())
        .max()
        .unwrap();
    assert_eq!(end, p.duration_frames());
    assert_eq!(
        items.iter().filter(|i| i["kind"] == "transition").count(),
        2
    );
}

/// Every `offset`, `duration`, `start` and `frameDuration` value in `xml`.
fn time_attributes(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in [
        " offset=\"",
        " duration=\"",
        " start=\"",
        " frameDuration=\"",
    ] {
        for (at, _) in xml.match_indices(name) {
            let rest = &xml[at + name.len()..];
            out.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    out
}

#[test]
fn the_demo_as_fcpxml_has_one_format_media_reps_and_every_time_on_the_frame_grid() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    let xml = written(dir.path(), "cut.fcpxml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>"));
    assert!(xml.contains("<fcpxml version=\"1.10\">"));
    assert_eq!(xml.matches("<format ").count(), 1);
    assert!(xml.contains(r#"frameDuration="1/24s" width="1280" height="720""#));
    for card in &p.cards {
        if let Some(media) = card.media() {
            let url = inbetween_engine::interchange::otio::file_url(
                &std::path::absolute(dir.path().join(media.as_str())).unwrap(),
            );
            assert!(
                xml.contains(&format!(
                    r#"<media-rep kind="original-media" src="{url}"/>"#
                )),
                "{url}"
            );
        }
    }
    let times = time_attributes(&xml);
    assert!(times.len() > 20);
    for t in &times {
        let t = t
            .strip_suffix('s')
            .unwrap_or_else(|| panic!("{t} is not in seconds"));
        let (num, den) = t.split_once('/').unwrap_or((t, "1"));
        let (num, den): (i64, i64) = (num.parse().unwrap(), den.parse().unwrap());
        assert_eq!((num * 24) % den, 0, "{t}s is not on the 24 fps frame grid");
    }
    // Text cards are titles with their text; the demo's two.
    assert_eq!(xml.matches("<title ").count(), 2);
    assert!(xml.contains("Early morning in the meadow. Someone is still asleep."));
    assert!(xml.contains(r#"<md key="com.apple.proapps.studio.shot" value="3"/>"#));
    assert!(xml.contains("Dialogue: (a long, contented yawn)"));
}

#[test]
fn opentimelineio_reads_the_fcpxml_back_with_the_projects_clips_sound_and_markers() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    written(dir.path(), "cut.fcpxml");
    let work = tempfile::tempdir().unwrap();
    let Some(python) = opentimelineio(work.path()) else {
        return;
    };
    // OpenTimelineIO's FCPXML adapter for the clips on each lane; the
    // markers and media by the XML itself (the adapter reads neither
    // FCPXML 1.9+'s media-rep nor markers on gaps).
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
import opentimelineio as otio
t = otio.adapters.read_from_file(sys.argv[1], adapter_name="fcpx_xml")
if isinstance(t, otio.schema.SerializableCollection):
    # A library: one timeline per project, ours the only one.
    assert len(t) == 1
    t = t[0]
out = {"tracks": [], "markers": [], "media": []}
for track in t.tracks:
    items = []
    for i, item in enumerate(track):
        r = track.range_of_child_at_index(i)
        items.append({"kind": type(item).__name__, "name": item.name, "start": r.start_time.to_frames(), "duration": r.duration.to_frames(), "source": item.source_range.start_time.to_frames() if item.source_range else None})
    out["tracks"].append({"name": track.name, "kind": track.kind, "items": items})
root = ET.parse(sys.argv[1]).getroot()
def frames(v):
    v = v[:-1]
    n, d = (v.split("/") + ["1"])[:2]
    return int(n) * 24 // int(d)
for parent in root.iter("spine"):
    for element in parent:
        for m in element.findall("marker"):
            at = frames(element.get("offset")) + frames(m.get("start")) - frames(element.get("start", "0s"))
            out["markers"].append([m.get("value"), at])
for rep in root.iter("media-rep"):
    out["media"].append(rep.get("src"))
print(json.dumps(out))
"#;
    let seen = python_json(&python, script, &dir.path().join("cut.fcpxml"));
    let tracks = seen["tracks"].as_array().unwrap();
    let lane = |name: &str| {
        tracks
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("no lane {name}: {tracks:?}"))["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    // Each still and clip where the film shows it (the demo's dissolves
    // touch titles, so they are gaps here), the clip from source frame 10.
    let video = lane("0");
    for card in p.cards.iter().filter(|c| c.media().is_some()) {
        let name = format!("Shot {}", card.board.shot);
        let item = video
            .iter()
            .find(|i| i["name"] == name.as_str())
            .unwrap_or_else(|| panic!("no {name} in {video:?}"));
        let range = card.range_in_timeline;
        assert_eq!(
            (
                item["start"].as_i64().unwrap(),
                item["duration"].as_i64().unwrap()
            ),
            (range.start, range.duration),
            "{name}"
        );
        if let inbetween_engine::project::CardContent::Clip {
            source_start_frame, ..
        } = card.content
        {
            assert_eq!(item["source"].as_i64().unwrap(), source_start_frame);
        }
    }
    let music: Vec<(i64, i64)> = lane("-1")
        .iter()
        .filter(|i| i["kind"] == "Clip")
        .map(|i| {
            (
                i["start"].as_i64().unwrap(),
                i["duration"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(i64, i64)> = p.audio_lanes[0]
        .clips
        .iter()
        .map(|c| (c.range_in_timeline.start, c.range_in_timeline.duration))
        .collect();
    assert_eq!(music, expected);
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
    let media: Vec<&str> = seen["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    for used in p.media_uses() {
        assert!(
            media.iter().any(|m| m.ends_with(used.1.as_str())),
            "{} is not among {media:?}",
            used.1.as_str()
        );
    }
}

#[test]
fn with_media_the_titles_and_gaps_are_files_the_timeline_uses() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    let out = dir.path().join("cut.otio");
    let run = inbetween(&[
        "export-timeline",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--with-media",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // A fresh copy has no generated gaps: each says it is the draft.
    assert!(stderr.contains("gap 2–3 is not generated yet"), "{stderr}");
    let media = dir.path().join("cut_media");
    let layout = Layout::of(&p);
    // The Auto gaps and the dissolve into the pushed-in burrow (card 2's
    // move makes it a film) become films, the other dissolve stays a
    // transition; the two titles become pictures.
    let moved = |id| p.card(id).unwrap().camera_move.is_some();
    assert!(
        moved(inbetween_engine::project::CardId(2)),
        "the demo's push-in"
    );
    for gap in layout.gaps() {
        if p.gap_settings(gap.key).mode == inbetween_engine::project::GapMode::Dissolve
            && !moved(gap.key.from_card)
            && !moved(gap.key.to_card)
        {
            assert!(
                !media
                    .join(format!(
                        "gap-{}-{}.mp4",
                        gap.key.from_card.0, gap.key.to_card.0
                    ))
                    .exists()
            );
            continue;
        }
        let shot = |id| p.card(id).unwrap().board.shot.clone();
        let film = media.join(format!(
            "gap-{}-{}.mp4",
            shot(gap.key.from_card),
            shot(gap.key.to_card)
        ));
        let probe = Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-count_frames",
                "-show_entries",
                "stream=codec_type,nb_read_frames",
                "-of",
                "csv=p=0",
            ])
            .arg(&film)
            .output()
            .unwrap();
        let streams = String::from_utf8_lossy(&probe.stdout).trim().to_owned();
        assert_eq!(
            streams,
            format!("video,{}", gap.range_in_timeline.duration),
            "{}",
            film.display()
        );
    }
    // The pushed-in still is a film of its moved frames.
    let push = media.join("shot-2-card2-move.mp4");
    let probe = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-show_entries"])
        .args(["stream=codec_type,nb_read_frames", "-of", "csv=p=0"])
        .arg(&push)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "video,48");
    for shot in ["1", "5"] {
        let png = media.join(format!("shot-{shot}-title.png"));
        let (w, h) = image::image_dimensions(&png).unwrap();
        assert_eq!((w, h), (1280, 720));
    }
    let otio = exported_from(&out);
    let video = otio["tracks"]["children"][0]["children"]
        .as_array()
        .unwrap();
    let urls: Vec<&str> = video
        .iter()
        .filter_map(|i| i["media_references"]["DEFAULT_MEDIA"]["target_url"].as_str())
        .collect();
    assert!(
        urls.iter().any(|u| u.ends_with("cut_media/gap-2-3.mp4")),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("cut_media/shot-1-title.png")),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("cut_media/shot-2-card2-move.mp4"))
            && urls.iter().any(|u| u.ends_with("cut_media/gap-1-2.mp4")),
        "{urls:?}"
    );
    assert!(
        !video.iter().any(|i| i["OTIO_SCHEMA"] == "Gap.1"),
        "a gap is left"
    );
    assert!(
        !video
            .iter()
            .any(|i| i["media_references"]["DEFAULT_MEDIA"]["OTIO_SCHEMA"] == "MissingReference.1"),
        "a title has no picture"
    );
    // The track still lasts as long as the film.
    let length: i64 = video
        .iter()
        .filter(|i| i["OTIO_SCHEMA"] != "Transition.1")
        .map(|i| frames(&i["source_range"]["duration"]))
        .sum();
    assert_eq!(length, p.duration_frames());
}
