//! Final Cut Pro XML 1.10 (`.fcpxml`), which DaVinci Resolve (1.3–1.10) and
//! Final Cut Pro read.
//!
//! - `resources`: one `format` with the project's exact frame duration and
//!   size; an `asset` per media file with a `media-rep` (its absolute
//!   `file://` URL) and its length where the file can be probed; the Basic
//!   Title and Cross Dissolve effects when they are used.
//! - `library › event › project › sequence › spine`, the primary storyline
//!   in film order: an image or clip card is an `asset-clip` (a clip from its
//!   first shown source frame); a text card is a `gap` with a `title`
//!   connected above it (lane 1) showing its text; a gap is a `gap`, except
//!   a dissolve between two stills, which is a `transition` (Cross Dissolve)
//!   over the cut between the two stills, each lasting half the gap longer.
//! - Audio lanes are connected `asset-clip`s on lanes -1, -2, …, each
//!   anchored to the storyline element it starts in (the storyline gets a
//!   trailing `gap` when sound goes on past the last card); markers are
//!   `marker`s on the element they fall in.
//! - Each card's shot number and scene go in its `metadata` (Final Cut's
//!   shot and scene fields), its prompt, dialogue, action and notes in its
//!   `note`.
//!
//! Every time is a rational number of seconds on the project's frame grid
//! (`frames × den / num`, reduced).

use std::fmt::Write as _;
use std::path::Path;

use crate::project::{Card, CardContent, Project};
use crate::time::FrameRate;
use crate::timeline::Layout;

use super::otio::file_url;
use super::{absolute, clip_name, file_name, held_dissolve_after, media_frames};

/// Final Cut's Basic Title.
const TITLE_UID: &str =
    ".../Titles.localized/Bumper:Opener.localized/Basic Title.localized/Basic Title.moti";
/// Final Cut's Cross Dissolve.
const DISSOLVE_UID: &str = "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265";

const FORMAT_ID: &str = "r1";
const TITLE_ID: &str = "r2";
const DISSOLVE_ID: &str = "r3";

/// A media file the timeline uses.
struct Asset {
    id: String,
    media: String,
    video: bool,
    audio: Option<(u16, u32)>,
    /// Its length in project frames, 0 for a still.
    frames: i64,
}

/// One element of the primary storyline.
struct Element {
    /// The XML tag and attributes before the timing ones.
    open: String,
    tag: &'static str,
    offset: i64,
    duration: i64,
    /// Its own start (a clip's first source frame), in project frames.
    start: i64,
    /// Children before the connected items (note, title text, volume).
    head: String,
    /// Connected items and markers.
    anchored: Vec<String>,
    /// Trailing metadata.
    tail: String,
    /// A transition can carry nothing.
    transition: bool,
}

/// The timeline of `project` (its media in `folder`) as FCPXML 1.10.
pub fn to_fcpxml(project: &Project, folder: &Path) -> String {
    let rate = project.settings.frame_rate;
    let layout = Layout::of(project);
    let mut assets: Vec<Asset> = Vec::new();
    let asset_for = |media: &str, needed: i64, assets: &mut Vec<Asset>| -> String {
        if let Some(a) = assets.iter_mut().find(|a| a.media == media) {
            a.frames = a.frames.max(needed);
            return a.id.clone();
        }
        let info = crate::media::probe(&absolute(folder, media)).ok();
        let still = info.as_ref().is_some_and(|i| {
            i.video.as_ref().is_some_and(|v| v.frame_count <= 1) && i.audio.is_none()
        });
        let id = format!("r{}", assets.len() + 4);
        assets.push(Asset {
            id: id.clone(),
            media: media.to_owned(),
            video: info.as_ref().is_none_or(|i| i.video.is_some()),
            audio: info
                .as_ref()
                .and_then(|i| i.audio.as_ref().map(|a| (a.channels, a.sample_rate))),
            frames: if still {
                0
            } else {
                media_frames(folder, media, rate).unwrap_or(0).max(needed)
            },
        });
        id
    };

    let mut spine: Vec<Element> = Vec::new();
    let mut uses_title = false;
    let mut uses_dissolve = false;
    let mut at = 0i64;
    let mut early = 0i64;
    let mut styles = 0usize;
    for (id, range) in layout.cards() {
        let Some(card) = project.card(*id) else {
            continue;
        };
        if layout.gap_before(*id).is_none() && range.start > at {
            spine.push(gap(at, range.start - at, "", ""));
        }
        let dissolve = held_dissolve_after(project, &layout, *id).filter(|g| {
            [g.key.from_card, g.key.to_card].iter().all(|c| {
                project
                    .card(*c)
                    .is_some_and(|c| matches!(c.content, CardContent::Image { .. }))
            })
        });
        let late = dissolve.map_or(0, |g| g.range_in_timeline.duration / 2);
        let offset = range.start - early;
        let duration = range.duration + early + late;
        let shot = clip_name(card);
        let mut element = match &card.content {
            CardContent::Text => {
                uses_title = true;
                styles += 1;
                let mut e = gap(offset, duration, &shot, &note(card));
                e.anchored.push(title(card, duration, rate, styles));
                e
            }
            CardContent::Image { media } => {
                let asset = asset_for(media.as_str(), 0, &mut assets);
                clip(&asset, &shot, offset, duration, 0, &note(card))
            }
            CardContent::Clip {
                media,
                source_start_frame,
                gain_db,
                muted,
                ..
            } => {
                let needed = source_start_frame + range.duration;
                let asset = asset_for(media.as_str(), needed, &mut assets);
                let mut e = clip(
                    &asset,
                    &shot,
                    offset,
                    duration,
                    *source_start_frame,
                    &note(card),
                );
                let gain = if *muted { -96.0 } else { *gain_db };
                if gain != 0.0 {
                    let _ = write!(e.head, r#"<adjust-volume amount="{gain:.1}dB"/>"#);
                }
                e
            }
        };
        element.tail = metadata(card);
        spine.push(element);
        at = offset + duration;
        early = 0;
        if let Some(gap_after) = layout.gap_after(*id) {
            let length = gap_after.range_in_timeline.duration;
            if dissolve.is_some() {
                uses_dissolve = true;
                spine.push(Element {
                    open: r#"<transition name="Cross Dissolve""#.to_owned(),
                    tag: "transition",
                    offset: gap_after.range_in_timeline.start,
                    duration: length,
                    start: -1,
                    head: format!(r#"<filter-video ref="{DISSOLVE_ID}" name="Cross Dissolve"/>"#),
                    anchored: Vec::new(),
                    tail: String::new(),
                    transition: true,
                });
                early = length - late;
            } else {
                let settings = project.gap_settings(gap_after.key);
                let from = project
                    .card(gap_after.key.from_card)
                    .map(|c| c.board.shot.clone());
                let to = project
                    .card(gap_after.key.to_card)
                    .map(|c| c.board.shot.clone());
                let name = format!(
                    "Gap {} – {} ({})",
                    from.unwrap_or_default(),
                    to.unwrap_or_default(),
                    settings.mode.label()
                );
                let what = if settings.prompt.is_empty() {
                    format!("Inbetween gap: {}", settings.mode.label())
                } else {
                    format!(
                        "Inbetween gap: {}. {}",
                        settings.mode.label(),
                        settings.prompt
                    )
                };
                spine.push(gap(gap_after.range_in_timeline.start, length, &name, &what));
                at = gap_after.range_in_timeline.end();
            }
        }
    }

    // Sound and markers past the last card need something to hang on.
    let sound_end = project
        .audio_lanes
        .iter()
        .flat_map(|l| l.clips.iter().map(|c| c.range_in_timeline.end()))
        .chain(project.markers.iter().map(|m| m.frame + 1))
        .max()
        .unwrap_or(0);
    if sound_end > at {
        spine.push(gap(at, sound_end - at, "", ""));
    }

    for (lane_index, lane) in project.audio_lanes.iter().enumerate() {
        let lane_number = -(lane_index as i64) - 1;
        for sound in &lane.clips {
            let range = sound.range_in_timeline;
            let needed = sound.source_start_frame + range.duration;
            let asset = asset_for(sound.media.as_str(), needed, &mut assets);
            let Some(parent) = parent_at(&mut spine, range.start) else {
                continue;
            };
            let local = parent.start + range.start - parent.offset;
            let mut xml = format!(
                r#"<asset-clip ref="{asset}" lane="{lane_number}" name="{}" offset="{}" duration="{}" start="{}" audioRole="music">"#,
                escape(file_name(sound.media.as_str())),
                time(local, rate),
                time(range.duration, rate),
                time(sound.source_start_frame, rate),
            );
            let _ = write!(
                xml,
                r#"<note>{}</note>"#,
                escape(&format!("Inbetween audio lane: {}", lane.name))
            );
            let gain = f64::from(sound.gain_db) + f64::from(lane.gain_db);
            let gain = if lane.muted { -96.0 } else { gain };
            if gain != 0.0 {
                let _ = write!(xml, r#"<adjust-volume amount="{gain:.1}dB"/>"#);
            }
            xml.push_str("</asset-clip>");
            parent.anchored.push(xml);
        }
    }
    for marker in &project.markers {
        if let Some(parent) = parent_at(&mut spine, marker.frame) {
            let local = parent.start + marker.frame - parent.offset;
            parent.anchored.push(format!(
                r#"<marker start="{}" duration="{}" value="{}"/>"#,
                time(local, rate),
                time(1, rate),
                escape(&marker.label)
            ));
        }
    }

    let total = spine
        .iter()
        .filter(|e| !e.transition)
        .map(|e| e.offset + e.duration)
        .max()
        .unwrap_or(0);
    let s = &project.settings;
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n");
    xml.push_str("<fcpxml version=\"1.10\">\n  <resources>\n");
    let _ = writeln!(
        xml,
        r#"    <format id="{FORMAT_ID}" frameDuration="{}" width="{}" height="{}" colorSpace="1-1-1 (Rec. 709)"/>"#,
        time(1, rate),
        s.resolution.width,
        s.resolution.height
    );
    if uses_title {
        let _ = writeln!(
            xml,
            r#"    <effect id="{TITLE_ID}" name="Basic Title" uid="{TITLE_UID}"/>"#
        );
    }
    if uses_dissolve {
        let _ = writeln!(
            xml,
            r#"    <effect id="{DISSOLVE_ID}" name="Cross Dissolve" uid="{DISSOLVE_UID}"/>"#
        );
    }
    for a in &assets {
        let mut attributes = format!(
            r#"id="{}" name="{}" start="0s" duration="{}" hasVideo="{}" format="{FORMAT_ID}""#,
            a.id,
            escape(file_name(&a.media)),
            time(a.frames, rate),
            u8::from(a.video)
        );
        if a.video {
            attributes.push_str(r#" videoSources="1""#);
        }
        if let Some((channels, sample_rate)) = a.audio {
            let _ = write!(
                attributes,
                r#" hasAudio="1" audioSources="1" audioChannels="{channels}" audioRate="{sample_rate}""#
            );
        }
        let _ = writeln!(
            xml,
            "    <asset {attributes}>\n      <media-rep kind=\"original-media\" src=\"{}\"/>\n    </asset>",
            escape(&file_url(&absolute(folder, &a.media)))
        );
    }
    xml.push_str("  </resources>\n  <library>\n    <event name=\"Inbetween\">\n");
    let _ = writeln!(xml, r#"      <project name="{}">"#, escape(&s.name));
    let _ = writeln!(
        xml,
        r#"        <sequence format="{FORMAT_ID}" duration="{}" tcStart="0s" tcFormat="{}" audioLayout="stereo" audioRate="48k">"#,
        time(total, rate),
        if rate.is_drop_frame() { "DF" } else { "NDF" }
    );
    xml.push_str("          <spine>\n");
    for e in &spine {
        let timing = if e.transition {
            format!(
                r#" offset="{}" duration="{}""#,
                time(e.offset, rate),
                time(e.duration, rate)
            )
        } else {
            format!(
                r#" offset="{}" duration="{}" start="{}""#,
                time(e.offset, rate),
                time(e.duration, rate),
                time(e.start, rate)
            )
        };
        let _ = write!(xml, "            {}{}>", e.open, timing);
        xml.push_str(&e.head);
        for a in &e.anchored {
            xml.push_str(a);
        }
        xml.push_str(&e.tail);
        let _ = writeln!(xml, "</{}>", e.tag);
    }
    xml.push_str("          </spine>\n        </sequence>\n      </project>\n    </event>\n  </library>\n</fcpxml>\n");
    xml
}

/// The storyline element (not a transition) that frame `frame` falls in;
/// the last one for a frame past them all.
fn parent_at(spine: &mut [Element], frame: i64) -> Option<&mut Element> {
    let index = spine
        .iter()
        .position(|e| !e.transition && e.offset <= frame && frame < e.offset + e.duration)
        .or_else(|| spine.iter().rposition(|e| !e.transition))?;
    spine.get_mut(index)
}

fn gap(offset: i64, duration: i64, name: &str, note: &str) -> Element {
    let name = if name.is_empty() { "Gap" } else { name };
    Element {
        open: format!(r#"<gap name="{}""#, escape(name)),
        tag: "gap",
        offset,
        duration,
        start: 0,
        head: if note.is_empty() {
            String::new()
        } else {
            format!("<note>{}</note>", escape(note))
        },
        anchored: Vec::new(),
        tail: String::new(),
        transition: false,
    }
}

fn clip(asset: &str, name: &str, offset: i64, duration: i64, start: i64, note: &str) -> Element {
    Element {
        open: format!(r#"<asset-clip ref="{asset}" name="{}""#, escape(name)),
        tag: "asset-clip",
        offset,
        duration,
        start,
        head: if note.is_empty() {
            String::new()
        } else {
            format!("<note>{}</note>", escape(note))
        },
        anchored: Vec::new(),
        tail: String::new(),
        transition: false,
    }
}

/// A text card's title, connected above its gap for its whole length.
fn title(card: &Card, duration: i64, rate: FrameRate, style: usize) -> String {
    let text = card.prompt.trim();
    format!(
        concat!(
            r#"<title ref="{TITLE_ID}" lane="1" name="{name}" offset="0s" duration="{duration}" start="0s">"#,
            r#"<text><text-style ref="ts{style}">{text}</text-style></text>"#,
            r#"<text-style-def id="ts{style}"><text-style font="Helvetica" fontSize="63" fontColor="1 1 1 1" alignment="center"/></text-style-def>"#,
            "</title>"
        ),
        TITLE_ID = TITLE_ID,
        name = escape(&format!("Shot {}", card.board.shot)),
        duration = time(duration, rate),
        style = style,
        text = escape(text),
    )
}

/// A card's words for the editor: its prompt, dialogue, action and notes.
fn note(card: &Card) -> String {
    let b = &card.board;
    [
        ("", card.prompt.as_str()),
        ("Dialogue: ", b.dialogue.as_str()),
        ("Action: ", b.action.as_str()),
        ("Notes: ", b.notes.as_str()),
    ]
    .iter()
    .filter(|(_, t)| !t.trim().is_empty())
    .map(|(label, t)| format!("{label}{}", t.trim()))
    .collect::<Vec<_>>()
    .join(" — ")
}

/// The shot number and scene in Final Cut's own metadata fields.
fn metadata(card: &Card) -> String {
    let mut md = format!(
        r#"<md key="com.apple.proapps.studio.shot" value="{}"/>"#,
        escape(&card.board.shot)
    );
    if !card.board.scene.is_empty() {
        let _ = write!(
            md,
            r#"<md key="com.apple.proapps.studio.scene" value="{}"/>"#,
            escape(&card.board.scene)
        );
    }
    format!("<metadata>{md}</metadata>")
}

/// `frames` at `rate` as FCPXML writes time: rational seconds, reduced.
fn time(frames: i64, rate: FrameRate) -> String {
    if frames == 0 {
        return "0s".to_owned();
    }
    let num = frames * i64::from(rate.den());
    let den = i64::from(rate.num());
    let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i64;
    let (num, den) = (num / g, den / g);
    if den == 1 {
        format!("{num}s")
    } else {
        format!("{num}/{den}s")
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Text as XML character data or an attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rational_seconds_on_the_frame_grid() {
        let fps24 = FrameRate::new(24, 1).unwrap();
        assert_eq!(time(0, fps24), "0s");
        assert_eq!(time(48, fps24), "2s");
        assert_eq!(time(1, fps24), "1/24s");
        assert_eq!(time(36, fps24), "3/2s");
        let ntsc = FrameRate::new(30000, 1001).unwrap();
        assert_eq!(time(1, ntsc), "1001/30000s");
        assert_eq!(time(30, ntsc), "1001/1000s");
    }

    fn still(id: u64, start: i64, duration: i64, media: &str) -> Card {
        use crate::project::{Board, CardId, MediaRef};
        Card {
            camera_move: None,
            id: CardId(id),
            range_in_timeline: crate::time::TimeRange::new(start, duration),
            prompt: String::new(),
            fit: Default::default(),
            content: CardContent::Image {
                media: MediaRef::new(media),
            },
            board: Board {
                shot: id.to_string(),
                ..Board::default()
            },
        }
    }

    #[test]
    fn a_dissolve_between_stills_is_a_transition_over_the_cut_in_the_gaps_middle() {
        use crate::project::{CardId, GapKey, GapMode, GapSettings};
        let mut p = Project::new("Dissolve");
        p.settings.frame_rate = FrameRate::new(30000, 1001).unwrap();
        p.cards = vec![
            still(1, 0, 60, "media/a.png"),
            still(2, 90, 60, "media/b.png"),
        ];
        let key = GapKey {
            from_card: CardId(1),
            to_card: CardId(2),
        };
        let settings = GapSettings {
            mode: GapMode::Dissolve,
            ..p.gap_settings(key)
        };
        p.gaps.insert(key, settings);
        let xml = to_fcpxml(&p, Path::new("/films/d"));
        let rate = p.settings.frame_rate;
        // The first still runs to the gap's middle, the second from there.
        assert!(xml.contains(&format!(
            r#"name="Shot 1" offset="0s" duration="{}""#,
            time(75, rate)
        )));
        assert!(xml.contains(&format!(
            r#"name="Shot 2" offset="{}" duration="{}""#,
            time(75, rate),
            time(75, rate)
        )));
        assert!(xml.contains(&format!(
            r#"<transition name="Cross Dissolve" offset="{}" duration="{}"><filter-video ref="r3""#,
            time(60, rate),
            time(30, rate)
        )));
        assert!(xml.contains(r#"<effect id="r3" name="Cross Dissolve""#));
        assert!(xml.contains(r#"tcFormat="DF""#));
        assert!(xml.contains(r#"frameDuration="1001/30000s""#));
        assert!(!xml.contains("<gap "), "{xml}");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"a<b & "c"'"#), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(escape("x\u{1}y\nz"), "xy&#10;z");
    }
}
