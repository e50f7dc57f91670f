//! Reading an OpenTimelineIO file back into a project: the first video
//! track's clips become cards (stills and clips by their media, a clip
//! with a missing reference a text card), its gaps stay gaps, an
//! `SMPTE_Dissolve` transition becomes a Dissolve gap as long as the two
//! clips overlap, audio tracks become audio lanes, markers markers. Items at
//! another rate are converted to the project's with the one rounding rule
//! (halves away from zero). What our own writer put in `metadata.inbetween`
//! (shot numbers, scenes, prompts, dialogue, action, notes, gap modes,
//! resolution, aspect) comes back.
//!
//! Everything is checked before anything is written: a malformed file, an
//! unknown schema version, a rate of 0, a negative length or media that is
//! not where the file says are errors naming the file and the item.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::project::import::MediaKind;
use crate::project::{
    Aspect, AudioClip, AudioClipId, AudioLane, Board, CameraMove, Card, CardContent, CardId,
    GapKey, GapMode, LaneId, LaneKind, Marker, MediaRef, Project, Resolution,
};
use crate::time::{FrameRate, TimeRange};

/// Why a timeline could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {item}: {problem}", file.display())]
pub struct TimelineError {
    /// The timeline file.
    pub file: PathBuf,
    /// Where in it ("track 1 (Video), item 3 \"Shot 2\"").
    pub item: String,
    /// What is wrong.
    pub problem: String,
}

/// A timeline read into a project whose media paths are still the absolute
/// files the timeline names (`media`); the caller copies them in.
#[derive(Debug, Clone)]
pub struct ReadTimeline {
    /// The project.
    pub project: Project,
    /// Every media file it uses, absolute, each once.
    pub media: Vec<PathBuf>,
    /// What was left out ("video track 2 is left out").
    pub warnings: Vec<String>,
}

/// The schema versions this reader knows.
const KNOWN: [&str; 12] = [
    "Timeline.1",
    "Stack.1",
    "Track.1",
    "Clip.1",
    "Clip.2",
    "Gap.1",
    "Transition.1",
    "Marker.1",
    "Marker.2",
    "ExternalReference.1",
    "MissingReference.1",
    "GeneratorReference.1",
];

/// The longest film an imported timeline may make: 24 hours at 240 fps.
const MAX_FRAMES: i64 = 24 * 3600 * 240;

struct Reader<'a> {
    file: &'a Path,
    rate: FrameRate,
    media: Vec<PathBuf>,
    warnings: Vec<String>,
}

/// Reads `text`, the OTIO file at `file`.
pub fn read_otio(text: &str, file: &Path) -> Result<ReadTimeline, TimelineError> {
    let fail = |item: &str, problem: String| TimelineError {
        file: file.to_path_buf(),
        item: item.to_owned(),
        problem,
    };
    let root: Value = serde_json::from_str(text).map_err(|e| {
        fail(
            &format!("line {}, column {}", e.line(), e.column()),
            format!("not OpenTimelineIO JSON ({e})"),
        )
    })?;
    // A collection (what OpenTimelineIO's FCPXML adapter reads a library
    // as): its first timeline.
    let mut collection_warning = None;
    let root = if root["OTIO_SCHEMA"] == "SerializableCollection.1" {
        let timelines: Vec<&Value> = root["children"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| {
                c["OTIO_SCHEMA"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("Timeline."))
            })
            .collect();
        let Some(first) = timelines.first() else {
            return Err(fail("the collection", "it holds no timeline".to_owned()));
        };
        if timelines.len() > 1 {
            collection_warning = Some(format!(
                "the file holds {} timelines; the first, \"{}\", is imported",
                timelines.len(),
                first["name"].as_str().unwrap_or("")
            ));
        }
        (*first).clone()
    } else {
        root
    };
    let schema = root["OTIO_SCHEMA"].as_str().unwrap_or("");
    if schema != "Timeline.1" {
        return Err(fail(
            "the file",
            if schema.starts_with("Timeline.") {
                format!("schema {schema} is newer than this Inbetween reads (Timeline.1)")
            } else if schema.is_empty() {
                "not an OpenTimelineIO timeline (no OTIO_SCHEMA)".to_owned()
            } else {
                format!("a {schema}, not a timeline")
            },
        ));
    }
    check_schemas(&root, "the timeline", file)?;
    let tracks = root["tracks"]["children"]
        .as_array()
        .ok_or_else(|| fail("the timeline", "it has no tracks".to_owned()))?;
    let video_index = tracks
        .iter()
        .position(|t| t["kind"] == "Video")
        .ok_or_else(|| fail("the timeline", "it has no video track".to_owned()))?;
    let rate = project_rate(&tracks[video_index], &root)
        .map_err(|(item, problem)| fail(&item, problem))?;
    let mut reader = Reader {
        file,
        rate,
        media: Vec::new(),
        warnings: collection_warning.into_iter().collect(),
    };
    let name = root["name"].as_str().unwrap_or("").trim();
    let mut project = Project::new(if name.is_empty() {
        file.file_stem().map_or_else(
            || "Imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    } else {
        name.to_owned()
    });
    project.settings.frame_rate = rate;
    let meta = &root["metadata"]["inbetween"];
    if let Some([w, h]) = meta["resolution"].as_array().map(Vec::as_slice)
        && let (Some(w), Some(h)) = (w.as_u64(), h.as_u64())
        && (16..=u64::from(Resolution::MAX_SIDE)).contains(&w)
        && (16..=u64::from(Resolution::MAX_SIDE)).contains(&h)
    {
        project.settings.resolution = Resolution {
            width: w as u32 & !1,
            height: h as u32 & !1,
        };
        project.settings.aspect = Aspect::of(project.settings.resolution);
    }
    if let Some(aspect) = meta["aspect"]
        .as_str()
        .and_then(|a| a.parse::<Aspect>().ok())
    {
        project.settings.aspect = aspect;
    }
    // The film's fades, at the timeline's rate (as our writer gives them).
    let fade = |key: &str| {
        meta[key]
            .as_i64()
            .filter(|f| (0..=i64::from(u32::MAX)).contains(f))
    };
    project.settings.fade_in_frames = fade("fade_in_frames").unwrap_or(0);
    project.settings.fade_out_frames = fade("fade_out_frames").unwrap_or(0);

    reader.video_track(&tracks[video_index], video_index, &mut project)?;
    for track in tracks {
        reader.clip_markers(track, 0, "a track's marker", &mut project)?;
    }
    for (i, track) in tracks.iter().enumerate() {
        if i == video_index {
            continue;
        }
        match track["kind"].as_str() {
            Some("Audio") => reader.audio_track(track, i, &mut project)?,
            _ => reader.warnings.push(format!(
                "track {} ({}) is left out: a project has one story track",
                i + 1,
                track["name"].as_str().unwrap_or("")
            )),
        }
    }
    for marker in root["tracks"]["markers"].as_array().into_iter().flatten() {
        let frame = reader.time(&marker["marked_range"]["start_time"], "a marker")?;
        project.markers.push(Marker {
            frame,
            label: marker["name"].as_str().unwrap_or("").to_owned(),
        });
    }
    project.markers.sort_by_key(|m| m.frame);
    project.sort();
    crate::project::shots::settle(&mut project, &HashSet::new());
    if project.cards.is_empty() {
        return Err(fail(
            "the video track",
            "it has no clips to make cards of".to_owned(),
        ));
    }
    Ok(ReadTimeline {
        project,
        media: reader.media,
        warnings: reader.warnings,
    })
}

/// Every `OTIO_SCHEMA` in the file is one this reader knows.
fn check_schemas(value: &Value, at: &str, file: &Path) -> Result<(), TimelineError> {
    match value {
        Value::Object(map) => {
            if let Some(schema) = map.get("OTIO_SCHEMA").and_then(Value::as_str) {
                let known = KNOWN.contains(&schema)
                    || schema.starts_with("RationalTime.")
                    || schema.starts_with("TimeRange.");
                if !known {
                    let kind = schema.split('.').next().unwrap_or(schema);
                    let problem = if KNOWN.iter().any(|k| k.split('.').next() == Some(kind)) {
                        format!("schema {schema} is a version this Inbetween does not read")
                    } else {
                        format!(
                            "{schema} items are not read (nested stacks, effects and image sequences are not)"
                        )
                    };
                    let name = map.get("name").and_then(Value::as_str).unwrap_or("");
                    return Err(TimelineError {
                        file: file.to_path_buf(),
                        item: format!("{at}, \"{name}\""),
                        problem,
                    });
                }
            }
            for (key, v) in map {
                if key != "metadata" {
                    check_schemas(v, at, file)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(|v| check_schemas(v, at, file)),
        _ => Ok(()),
    }
}

/// The rate of the first time on the video track (or the timeline's start).
fn project_rate(video: &Value, root: &Value) -> Result<FrameRate, (String, String)> {
    let first = video["children"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|item| {
            item["source_range"]["duration"]["rate"]
                .as_f64()
                .or_else(|| item["in_offset"]["rate"].as_f64())
        })
        .or_else(|| root["global_start_time"]["rate"].as_f64())
        .unwrap_or(24.0);
    rate_of(first).map_err(|p| ("the video track".to_owned(), p))
}

/// An OTIO rate (a float) as an exact rate: the NTSC rates by their float,
/// whole rates, else thousandths.
fn rate_of(rate: f64) -> Result<FrameRate, String> {
    if !rate.is_finite() || rate <= 0.0 {
        return Err(format!("a rate of {rate} frames a second"));
    }
    if !(1.0..=240.0).contains(&rate) {
        return Err(format!(
            "a rate of {rate} frames a second (1 to 240 are read)"
        ));
    }
    for exact in [FrameRate::NTSC_24, FrameRate::NTSC_30, FrameRate::NTSC_60] {
        if (exact.as_f64() - rate).abs() < 1e-3 {
            return Ok(exact);
        }
    }
    let result = if (rate - rate.round()).abs() < 1e-6 {
        FrameRate::new(rate.round() as i64, 1)
    } else {
        FrameRate::new((rate * 1000.0).round() as i64, 1000)
    };
    result.map_err(|e| e.to_string())
}

impl Reader<'_> {
    fn fail(&self, item: &str, problem: impl Into<String>) -> TimelineError {
        TimelineError {
            file: self.file.to_path_buf(),
            item: item.to_owned(),
            problem: problem.into(),
        }
    }

    /// An OTIO `RationalTime` in project frames.
    fn time(&self, t: &Value, item: &str) -> Result<i64, TimelineError> {
        let (Some(value), Some(rate)) = (t["value"].as_f64(), t["rate"].as_f64()) else {
            return Err(self.fail(item, "a time without a value and a rate"));
        };
        if !rate.is_finite() || rate <= 0.0 {
            return Err(self.fail(item, format!("a time at a rate of {rate}")));
        }
        if !value.is_finite() {
            return Err(self.fail(item, format!("a time of {value} frames")));
        }
        let frames = (value * self.rate.as_f64() / rate).round();
        if frames.abs() > MAX_FRAMES as f64 {
            return Err(self.fail(
                item,
                format!("a time of {value} frames at {rate} fps is longer than 24 hours"),
            ));
        }
        Ok(frames as i64)
    }

    /// An item's `source_range` (or its media's `available_range`) in
    /// project frames: its start and its length (at least 0).
    fn range(&self, item: &Value, name: &str) -> Result<TimeRange, TimelineError> {
        let range = if item["source_range"].is_object() {
            &item["source_range"]
        } else {
            let reference = media_reference(item);
            if !reference["available_range"].is_object() {
                return Err(self.fail(
                    name,
                    "no source_range and no available_range: its length is unknown",
                ));
            }
            &reference["available_range"]
        };
        let start = self.time(&range["start_time"], name)?;
        let duration = self.time(&range["duration"], name)?;
        if duration < 0 {
            return Err(self.fail(name, format!("a length of {duration} frames")));
        }
        Ok(TimeRange::new(start, duration))
    }

    /// The file a clip's media reference names, which must be there.
    fn media_file(&mut self, reference: &Value, name: &str) -> Result<PathBuf, TimelineError> {
        let url = reference["target_url"].as_str().unwrap_or("");
        if url.is_empty() {
            return Err(self.fail(name, "its media reference names no file"));
        }
        let path = path_of_url(url, self.file);
        if !path.is_file() {
            return Err(self.fail(
                name,
                format!("its media {} is not there (relink it in the editor it came from, or put the file there)", path.display()),
            ));
        }
        if !self.media.contains(&path) {
            self.media.push(path.clone());
        }
        Ok(path)
    }

    fn video_track(
        &mut self,
        track: &Value,
        index: usize,
        project: &mut Project,
    ) -> Result<(), TimelineError> {
        let items = track["children"].as_array().cloned().unwrap_or_default();
        let mut at = 0i64;
        // A dissolve before the next card: (the frames it overlaps the card
        // before, the frames it overlaps the next one, its gap's mode).
        let mut pending: Option<(i64, i64)> = None;
        // The gap or transition before the next card: its length and metadata.
        let mut pending_gap: Option<(i64, Value)> = None;
        let mut last: Option<CardId> = None;
        for (i, item) in items.iter().enumerate() {
            let name = format!(
                "track {} (Video), item {} \"{}\"",
                index + 1,
                i + 1,
                item["name"].as_str().unwrap_or("")
            );
            match item["OTIO_SCHEMA"].as_str().unwrap_or("") {
                "Gap.1" => {
                    let range = self.range(item, &name)?;
                    at += range.duration;
                    pending_gap = Some((range.duration, item["metadata"]["inbetween"].clone()));
                }
                "Transition.1" => {
                    let before = self.time(&item["in_offset"], &name)?;
                    let after = self.time(&item["out_offset"], &name)?;
                    if before < 0 || after < 0 {
                        return Err(self.fail(&name, "a transition with a negative offset"));
                    }
                    let Some(prev) = last.and_then(|id| project.card_mut(id)) else {
                        return Err(self.fail(&name, "a transition with no clip before it"));
                    };
                    if before >= prev.range_in_timeline.duration {
                        return Err(
                            self.fail(&name, "the transition is longer than the clip before it")
                        );
                    }
                    prev.range_in_timeline.duration -= before;
                    at -= before;
                    pending = Some((before, after));
                    pending_gap = Some((before + after, item["metadata"]["inbetween"].clone()));
                }
                _ => {
                    let range = self.range(item, &name)?;
                    let (before, after) = pending.take().unwrap_or((0, 0));
                    // Where the clip's source starts on the track.
                    let clip_at = at + before;
                    self.clip_markers(item, clip_at - range.start, &name, project)?;
                    if after >= range.duration && range.duration > 0 {
                        return Err(self.fail(&name, "the transition before it is longer than it"));
                    }
                    let start = at + before + after;
                    let duration = range.duration - after;
                    at += range.duration + before;
                    if duration <= 0 {
                        self.warnings
                            .push(format!("{name} lasts no frames and is left out"));
                        continue;
                    }
                    if item["enabled"] == Value::Bool(false) {
                        self.warnings
                            .push(format!("{name} is disabled and is left out"));
                        continue;
                    }
                    let id = CardId(project.cards.len() as u64 + 1);
                    let content = self.content(item, &name, range.start + after)?;
                    let meta = &item["metadata"]["inbetween"];
                    let text = |key: &str| meta[key].as_str().unwrap_or("").to_owned();
                    let prompt = match (&content, text("prompt")) {
                        (_, p) if !p.is_empty() => p,
                        (CardContent::Text, _) => item["name"].as_str().unwrap_or("").to_owned(),
                        _ => String::new(),
                    };
                    project.cards.push(Card {
                        id,
                        range_in_timeline: TimeRange::new(start, duration),
                        prompt,
                        fit: Default::default(),
                        content,
                        board: Board {
                            shot: text("shot"),
                            shot_set: false,
                            scene: text("scene"),
                            dialogue: text("dialogue"),
                            action: text("action"),
                            notes: text("notes"),
                        },
                        // Our own metadata's move, when it is a valid one.
                        camera_move: serde_json::from_value::<CameraMove>(
                            meta["camera_move"].clone(),
                        )
                        .ok()
                        .filter(|m| m.problem().is_none()),
                    });
                    if let Some(from) = last {
                        let key = GapKey {
                            from_card: from,
                            to_card: id,
                        };
                        let mut settings = project.gap_settings(key);
                        if let Some((_, meta)) = &pending_gap {
                            if let Some(mode) = meta["mode"].as_str().and_then(mode_of) {
                                settings.mode = mode;
                            }
                            settings.prompt = meta["prompt"].as_str().unwrap_or("").to_owned();
                            settings.model = meta["model"].as_str().map(str::to_owned);
                        }
                        if before + after > 0 {
                            settings.mode = GapMode::Dissolve;
                        }
                        if settings != project.gap_settings(key) {
                            project.gaps.insert(key, settings);
                        }
                    }
                    pending_gap = None;
                    last = Some(id);
                }
            }
            if at > MAX_FRAMES {
                return Err(self.fail(&name, "the track is longer than 24 hours"));
            }
        }
        Ok(())
    }

    /// What a clip shows: its media as a still or a clip (from `first`, its
    /// first shown source frame), or a text card for a missing reference.
    fn content(
        &mut self,
        item: &Value,
        name: &str,
        first: i64,
    ) -> Result<CardContent, TimelineError> {
        let reference = media_reference(item);
        match reference["OTIO_SCHEMA"]
            .as_str()
            .unwrap_or("MissingReference.1")
        {
            "ExternalReference.1" => {
                let path = self.media_file(reference, name)?;
                let kind = item["metadata"]["inbetween"]["kind"].as_str();
                let media = MediaRef::new(path.display().to_string());
                if kind == Some("image")
                    || (kind.is_none() && MediaKind::by_name(&path) == MediaKind::Image)
                {
                    Ok(CardContent::Image { media })
                } else {
                    Ok(CardContent::Clip {
                        media,
                        source_start_frame: first.max(0),
                        gain_db: 0.0,
                        muted: false,
                    })
                }
            }
            _ => Ok(CardContent::Text),
        }
    }

    /// A clip's markers, at `offset` + their source time on the film.
    fn clip_markers(
        &self,
        item: &Value,
        offset: i64,
        name: &str,
        project: &mut Project,
    ) -> Result<(), TimelineError> {
        for marker in item["markers"].as_array().into_iter().flatten() {
            let at = self.time(&marker["marked_range"]["start_time"], name)?;
            project.markers.push(Marker {
                frame: (offset + at).max(0),
                label: marker["name"].as_str().unwrap_or("").to_owned(),
            });
        }
        Ok(())
    }

    fn audio_track(
        &mut self,
        track: &Value,
        index: usize,
        project: &mut Project,
    ) -> Result<(), TimelineError> {
        let lane_id = LaneId(project.audio_lanes.len() as u64 + 1);
        let mut lane = AudioLane {
            id: lane_id,
            name: track["name"].as_str().unwrap_or("Sound").to_owned(),
            kind: LaneKind::default(),
            gain_db: 0.0,
            muted: false,
            solo: false,
            clips: Vec::new(),
        };
        let mut at = 0i64;
        for (i, item) in track["children"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let name = format!(
                "track {} (Audio), item {} \"{}\"",
                index + 1,
                i + 1,
                item["name"].as_str().unwrap_or("")
            );
            match item["OTIO_SCHEMA"].as_str().unwrap_or("") {
                "Transition.1" => {
                    self.warnings
                        .push(format!("{name}: sound transitions are left out"));
                }
                "Gap.1" => at += self.range(item, &name)?.duration,
                _ => {
                    let range = self.range(item, &name)?;
                    let reference = media_reference(item);
                    if reference["OTIO_SCHEMA"] != "ExternalReference.1" {
                        self.warnings
                            .push(format!("{name} has no media and is left out"));
                        at += range.duration;
                        continue;
                    }
                    let path = self.media_file(reference, &name)?;
                    let count = project
                        .audio_lanes
                        .iter()
                        .map(|l| l.clips.len())
                        .sum::<usize>();
                    if range.duration > 0 {
                        lane.clips.push(AudioClip {
                            id: AudioClipId((count + lane.clips.len()) as u64 + 1),
                            media: MediaRef::new(path.display().to_string()),
                            range_in_timeline: TimeRange::new(at, range.duration),
                            source_start_frame: range.start.max(0),
                            gain_db: item["metadata"]["inbetween"]["gain_db"]
                                .as_f64()
                                .unwrap_or(0.0) as f32,
                            fade_in_frames: 0,
                            fade_out_frames: 0,
                        });
                    }
                    at += range.duration;
                }
            }
        }
        project.audio_lanes.push(lane);
        Ok(())
    }
}

/// A clip's active media reference (Clip.2) or its only one (Clip.1).
fn media_reference(item: &Value) -> &Value {
    let key = item["active_media_reference_key"]
        .as_str()
        .unwrap_or("DEFAULT_MEDIA");
    if item["media_references"].is_object() {
        &item["media_references"][key]
    } else {
        &item["media_reference"]
    }
}

/// A gap mode by its label ("Camera move").
fn mode_of(label: &str) -> Option<GapMode> {
    GapMode::ALL.into_iter().find(|m| m.label() == label)
}

/// The file a `file://` URL (percent-encoded) or a plain path names; a
/// relative one is relative to the timeline's folder.
fn path_of_url(url: &str, timeline: &Path) -> PathBuf {
    let path = url.strip_prefix("file://").map_or_else(
        || url.to_owned(),
        |rest| {
            let rest = rest.strip_prefix("localhost").unwrap_or(rest);
            percent_decode(rest)
        },
    );
    let path = PathBuf::from(path);
    if path.is_absolute() {
        path
    } else {
        timeline.parent().unwrap_or(Path::new(".")).join(path)
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rt(value: f64, rate: f64) -> Value {
        json!({"OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": value})
    }

    fn range(start: f64, duration: f64, rate: f64) -> Value {
        json!({"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(start, rate), "duration": rt(duration, rate)})
    }

    fn timeline(video: Vec<Value>) -> Value {
        json!({
            "OTIO_SCHEMA": "Timeline.1",
            "name": "T",
            "tracks": {"OTIO_SCHEMA": "Stack.1", "markers": [], "children": [
                {"OTIO_SCHEMA": "Track.1", "kind": "Video", "name": "V", "children": video}
            ]}
        })
    }

    fn title(name: &str, start: f64, duration: f64, rate: f64) -> Value {
        json!({
            "OTIO_SCHEMA": "Clip.2", "name": name, "metadata": {},
            "source_range": range(start, duration, rate),
            "media_references": {"DEFAULT_MEDIA": {"OTIO_SCHEMA": "MissingReference.1"}},
            "active_media_reference_key": "DEFAULT_MEDIA"
        })
    }

    fn read(value: &Value) -> Result<ReadTimeline, TimelineError> {
        read_otio(&value.to_string(), Path::new("/cuts/t.otio"))
    }

    #[test]
    fn other_rates_are_converted_with_halves_away_from_zero() {
        // The project takes the first rate (25); a clip timed at 50 fps
        // lasting 49 frames is 24.5 → 25 project frames.
        let t = timeline(vec![
            title("one", 0.0, 25.0, 25.0),
            json!({"OTIO_SCHEMA": "Gap.1", "source_range": range(0.0, 12.0, 25.0)}),
            title("two", 0.0, 49.0, 50.0),
        ]);
        let read = read(&t).unwrap();
        let p = &read.project;
        assert_eq!(p.settings.frame_rate, FrameRate::FPS_25);
        let ranges: Vec<_> = p
            .cards
            .iter()
            .map(|c| (c.range_in_timeline.start, c.range_in_timeline.duration))
            .collect();
        assert_eq!(ranges, [(0, 25), (37, 25)]);
        assert!(matches!(p.cards[0].content, CardContent::Text));
        assert_eq!(p.cards[0].prompt, "one");
        assert_eq!(p.cards[0].board.shot, "1");
        assert_eq!(p.cards[1].board.shot, "2");
    }

    #[test]
    fn a_transition_becomes_a_dissolve_gap_as_long_as_the_overlap() {
        let t = timeline(vec![
            title("one", 0.0, 30.0, 24.0),
            json!({"OTIO_SCHEMA": "Transition.1", "transition_type": "SMPTE_Dissolve",
                   "in_offset": rt(6.0, 24.0), "out_offset": rt(6.0, 24.0)}),
            title("two", 0.0, 30.0, 24.0),
        ]);
        let p = read(&t).unwrap().project;
        let ranges: Vec<_> = p
            .cards
            .iter()
            .map(|c| (c.range_in_timeline.start, c.range_in_timeline.duration))
            .collect();
        assert_eq!(ranges, [(0, 24), (36, 24)]);
        let key = GapKey {
            from_card: p.cards[0].id,
            to_card: p.cards[1].id,
        };
        assert_eq!(p.gap_settings(key).mode, GapMode::Dissolve);
    }

    #[test]
    fn bad_files_name_the_file_and_the_item() {
        let cases: Vec<(String, &str)> = vec![
            ("{ not json".to_owned(), "line 1"),
            (json!({"OTIO_SCHEMA": "Timeline.2"}).to_string(), "Timeline.2 is newer"),
            (json!({"OTIO_SCHEMA": "Clip.2"}).to_string(), "not a timeline"),
            (timeline(vec![title("x", 0.0, 10.0, 0.0)]).to_string(), "a rate of 0"),
            (timeline(vec![title("x", 0.0, -5.0, 24.0)]).to_string(), "item 1 \"x\": a length of -5"),
            (
                timeline(vec![json!({"OTIO_SCHEMA": "Clip.3", "name": "new"})]).to_string(),
                "Clip.3 is a version",
            ),
            (
                timeline(vec![json!({"OTIO_SCHEMA": "Stack.1", "name": "nest", "children": [{"OTIO_SCHEMA": "Effect.1"}]})]).to_string(),
                "Effect.1 items are not read",
            ),
            (
                timeline(vec![json!({
                    "OTIO_SCHEMA": "Clip.2", "name": "far",
                    "source_range": range(0.0, 10.0, 24.0),
                    "media_references": {"DEFAULT_MEDIA": {"OTIO_SCHEMA": "ExternalReference.1",
                        "target_url": "file:///Volumes/Elsewhere/shot%201.mov"}},
                    "active_media_reference_key": "DEFAULT_MEDIA"
                })]).to_string(),
                "item 1 \"far\": its media /Volumes/Elsewhere/shot 1.mov is not there",
            ),
            (timeline(vec![]).to_string(), "no clips"),
        ];
        for (text, expected) in cases {
            let e = read_otio(&text, Path::new("/cuts/t.otio"))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("/cuts/t.otio: "), "{e}");
            assert!(e.contains(expected), "{e:?} should say {expected:?}");
        }
    }

    #[test]
    fn urls_are_decoded_and_relative_paths_are_beside_the_timeline() {
        assert_eq!(
            path_of_url("file:///a%20b/%C3%87a.png", Path::new("/cuts/t.otio")),
            PathBuf::from("/a b/Ça.png")
        );
        assert_eq!(
            path_of_url("media/x.png", Path::new("/cuts/t.otio")),
            PathBuf::from("/cuts/media/x.png")
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
