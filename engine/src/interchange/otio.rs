//! OpenTimelineIO's JSON, as OTIO 0.18 writes it: a `Timeline.1` holding a
//! `Stack.1` of one video `Track.1` (the story track) and an audio track
//! per audio lane, the project's markers as `Marker.2` on the stack.
//!
//! On the video track, in film order:
//! - an image or clip card is a `Clip.2` of its media (an
//!   `ExternalReference.1` with a `file://` URL), a clip's `source_range`
//!   starting at its first shown source frame;
//! - a text card is a `Clip.2` named by its text with a
//!   `MissingReference.1` (the picture exists only in our film);
//! - a gap is a `Gap.1` of its length, except a dissolve between two cards
//!   that can be held (stills and text cards): a `Transition.1`
//!   (`SMPTE_Dissolve`), the card before lasting half the gap longer and
//!   the card after starting the other half earlier, so every cut lands
//!   where our film cuts and the track lasts as long as the film (OTIO's
//!   transitions play over their clips' handles: a still's or a title's
//!   source starts after the handle the dissolve before it needs, and its
//!   `available_range` covers both handles);
//! - space before the first card is a `Gap.1`.
//!
//! Each card's shot number, scene, prompt, dialogue, action and notes, and
//! each gap's mode, prompt and model, go in the item's `metadata` under
//! `"inbetween"`. Every time is a whole number of frames at the project's
//! rate.

use std::path::Path;

use serde_json::{Value, json};

use crate::project::{Card, CardContent, Project};
use crate::time::{FrameRate, TimeRange};
use crate::timeline::Layout;

use super::{absolute, clip_name, file_name, held_dissolve_after, media_frames};

/// The timeline of `project` (its media in `folder`) as OTIO JSON.
pub fn to_otio(project: &Project, folder: &Path) -> String {
    let rate = project.settings.frame_rate;
    let layout = Layout::of(project);
    let mut video = Vec::new();
    let mut at = 0i64;
    let mut pending_in = None;
    for (i, (id, range)) in layout.cards().iter().enumerate() {
        let Some(card) = project.card(*id) else {
            continue;
        };
        let gap_before = layout.gap_before(*id);
        if gap_before.is_none() && range.start > at {
            video.push(gap_item(range.start - at, rate, json!({})));
        }
        // A dissolve before this card: it starts the gap's second half
        // early, and shows the dissolve's first half from before that.
        let (early, head) = pending_in.take().unwrap_or((0, 0));
        let gap_after = layout
            .gap_after(*id)
            .filter(|_| i + 1 < layout.cards().len());
        let dissolve_after = held_dissolve_after(project, &layout, *id);
        let late = dissolve_after.map_or(0, |g| g.range_in_timeline.duration / 2);
        let tail = dissolve_after.map_or(0, |g| g.range_in_timeline.duration - late);
        let shown = Shown {
            early,
            late,
            head,
            tail,
        };
        video.push(card_item(card, rate, folder, shown));
        at = range.end() + late;
        if let Some(gap) = gap_after {
            let settings = project.gap_settings(gap.key);
            let meta = json!({
                "inbetween": {
                    "gap": format!("{}-{}", gap.key.from_card.0, gap.key.to_card.0),
                    "mode": settings.mode.label(),
                    "prompt": settings.prompt,
                    "model": settings.model,
                }
            });
            let length = gap.range_in_timeline.duration;
            if dissolve_after.is_some() {
                let second = length - late;
                video.push(json!({
                    "OTIO_SCHEMA": "Transition.1",
                    "metadata": meta,
                    "name": "Dissolve",
                    "in_offset": time(late, rate),
                    "out_offset": time(second, rate),
                    "transition_type": "SMPTE_Dissolve",
                }));
                pending_in = Some((second, late));
            } else {
                video.push(gap_item(length, rate, meta));
            }
            at = gap.range_in_timeline.end();
        }
    }
    let mut tracks = vec![track("Video", "Video", video)];
    for lane in &project.audio_lanes {
        let mut items = Vec::new();
        let mut at = 0i64;
        let mut clips: Vec<_> = lane.clips.iter().collect();
        clips.sort_by_key(|c| c.range_in_timeline.start);
        for clip in clips {
            let range = clip.range_in_timeline;
            if range.start > at {
                items.push(gap_item(range.start - at, rate, json!({})));
            }
            // Overlapping clips cannot share an OTIO track: the later one
            // starts where the earlier ends.
            let skip = (at - range.start).max(0);
            if skip >= range.duration {
                continue;
            }
            let name = file_name(clip.media.as_str());
            items.push(clip_item(
                name,
                external(folder, clip.media.as_str(), rate),
                TimeRange::new(clip.source_start_frame + skip, range.duration - skip),
                rate,
                json!({ "inbetween": { "gain_db": clip.gain_db } }),
            ));
            at = range.end();
        }
        tracks.push(track(&lane.name, "Audio", items));
    }
    let markers: Vec<Value> = project
        .markers
        .iter()
        .map(|m| {
            json!({
                "OTIO_SCHEMA": "Marker.2",
                "metadata": {},
                "name": m.label,
                "color": "RED",
                "marked_range": range_value(TimeRange::new(m.frame, 0), rate),
                "comment": "",
            })
        })
        .collect();
    let timeline = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "metadata": {
            "inbetween": {
                "resolution": [project.settings.resolution.width, project.settings.resolution.height],
                "aspect": project.settings.aspect.to_string(),
                "fade_in_frames": project.settings.fade_in_frames,
                "fade_out_frames": project.settings.fade_out_frames,
            }
        },
        "name": project.settings.name,
        "global_start_time": time(0, rate),
        "tracks": {
            "OTIO_SCHEMA": "Stack.1",
            "metadata": {},
            "name": "tracks",
            "source_range": null,
            "effects": [],
            "markers": markers,
            "enabled": true,
            "color": null,
            "children": tracks,
        }
    });
    let mut text = serde_json::to_string_pretty(&timeline).unwrap_or_default();
    text.push('\n');
    text
}

/// How much of a card a clip shows beside its own frames: `early` before
/// its start and `late` after its end (a dissolve's halves, cut in the
/// middle), and the handles a dissolve plays on top of that, `head` before
/// and `tail` after (OTIO's transitions overlap their clips).
#[derive(Clone, Copy)]
struct Shown {
    early: i64,
    late: i64,
    head: i64,
    tail: i64,
}

/// A card as a clip, showing `shown`.
fn card_item(card: &Card, rate: FrameRate, folder: &Path, shown: Shown) -> Value {
    let Shown {
        early,
        late,
        head,
        tail,
    } = shown;
    let board = &card.board;
    let mut meta = json!({
        "inbetween": {
            "card": card.id.0,
            "kind": card.kind_name(),
            "shot": board.shot,
            "scene": board.scene,
            "prompt": card.prompt,
            "dialogue": board.dialogue,
            "action": board.action,
            "notes": board.notes,
        }
    });
    if let Some(m) = &card.camera_move {
        meta["inbetween"]["camera_move"] = serde_json::to_value(m).unwrap_or_default();
    }
    let duration = card.range_in_timeline.duration + early + late;
    // A still or a title has frames for as long as it is needed: its
    // source starts after the head handle, and that much more is available.
    let held = TimeRange::new(head, duration);
    let available = TimeRange::new(0, head + duration + tail);
    let shot = clip_name(card);
    match &card.content {
        CardContent::Text => {
            let title: String = card.prompt.chars().take(60).collect();
            let name = if title.is_empty() {
                shot
            } else {
                format!("{shot}: {title}")
            };
            let missing = json!({
                "OTIO_SCHEMA": "MissingReference.1",
                "metadata": {},
                "name": "",
                "available_range": range_value(available, rate),
                "available_image_bounds": null,
            });
            clip_item(&name, missing, held, rate, meta)
        }
        CardContent::Image { media } => {
            let mut reference = external(folder, media.as_str(), rate);
            reference["available_range"] = range_value(available, rate);
            clip_item(&shot, reference, held, rate, meta)
        }
        CardContent::Clip {
            media,
            source_start_frame,
            ..
        } => clip_item(
            &shot,
            external(folder, media.as_str(), rate),
            TimeRange::new(source_start_frame - early, duration),
            rate,
            meta,
        ),
    }
}

fn clip_item(
    name: &str,
    reference: Value,
    source: TimeRange,
    rate: FrameRate,
    meta: Value,
) -> Value {
    json!({
        "OTIO_SCHEMA": "Clip.2",
        "metadata": meta,
        "name": name,
        "source_range": range_value(source, rate),
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null,
        "media_references": { "DEFAULT_MEDIA": reference },
        "active_media_reference_key": "DEFAULT_MEDIA",
    })
}

/// A media file by its URL, with its length where it can be probed.
fn external(folder: &Path, media: &str, rate: FrameRate) -> Value {
    let available = media_frames(folder, media, rate).map_or(Value::Null, |frames| {
        range_value(TimeRange::new(0, frames), rate)
    });
    json!({
        "OTIO_SCHEMA": "ExternalReference.1",
        "metadata": {},
        "name": file_name(media),
        "available_range": available,
        "available_image_bounds": null,
        "target_url": file_url(&absolute(folder, media)),
    })
}

fn gap_item(frames: i64, rate: FrameRate, meta: Value) -> Value {
    json!({
        "OTIO_SCHEMA": "Gap.1",
        "metadata": meta,
        "name": "",
        "source_range": range_value(TimeRange::new(0, frames), rate),
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null,
    })
}

fn track(name: &str, kind: &str, children: Vec<Value>) -> Value {
    json!({
        "OTIO_SCHEMA": "Track.1",
        "metadata": {},
        "name": name,
        "source_range": null,
        "effects": [],
        "markers": [],
        "enabled": true,
        "color": null,
        "children": children,
        "kind": kind,
    })
}

fn time(frames: i64, rate: FrameRate) -> Value {
    json!({ "OTIO_SCHEMA": "RationalTime.1", "rate": rate.as_f64(), "value": frames as f64 })
}

fn range_value(range: TimeRange, rate: FrameRate) -> Value {
    json!({
        "OTIO_SCHEMA": "TimeRange.1",
        "duration": time(range.duration, rate),
        "start_time": time(range.start, rate),
    })
}

/// `path` as a `file://` URL, every byte but the unreserved ones and `/`
/// percent-encoded (RFC 3986).
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(char::from(b));
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/home/a b/Ça.png")),
            "file:///home/a%20b/%C3%87a.png"
        );
    }
}
