//! A CMX3600 EDL: one video track and up to two audio tracks, as an online
//! editor conforms them (DaVinci Resolve, Avid, Premiere).
//!
//! - `TITLE:` the project's name, `FCM:` drop frame only at 29.97 and
//!   59.94 (the project's rate decides; timecode as `time::Timecode`);
//! - an event per card, in film order: a cut (`C`) of its source, its reel
//!   the media file's name cut to 8 characters (letters and digits, made
//!   unique: `BUNNYWAK`, `BUNNYWA2`), `AX` for a title; then `* FROM CLIP
//!   NAME:` (the file's name, what an NLE matches its media by), `* FROM
//!   FILE:` (its path) and `* COMMENT:` lines with the shot number and the
//!   card's text;
//! - a dissolve gap between two stills or titles is a dissolve (`D`) into
//!   the card after, as long as the gap, from a zero-length cut at the
//!   card before's last frame (its picture held, as our film holds it);
//!   other gaps are left empty (black in the record), as an EDL has no
//!   generated frames;
//! - the first two audio lanes as `A` and `A2` events of their sound files.
//!
//! Source timecode: a clip's from its first shown frame; a still or title
//! starts after the handle a dissolve into it needs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::project::{CardContent, Project};
use crate::time::Timecode;
use crate::timeline::Layout;

use super::{absolute, file_name, held_dissolve_after};

/// The audio lanes an EDL can carry.
pub const AUDIO_TRACKS: usize = 2;

/// The EDL of `project` (its media in `folder`).
pub fn to_edl(project: &Project, folder: &Path) -> String {
    let rate = project.settings.frame_rate;
    let tc = |f: i64| Timecode::from_frames(f, rate).to_string();
    let mut out = String::new();
    let title: String = project
        .settings
        .name
        .chars()
        .filter(|c| !c.is_control())
        .take(70)
        .collect();
    let _ = writeln!(out, "TITLE: {title}");
    let fcm = if rate.is_drop_frame() {
        "DROP FRAME"
    } else {
        "NON-DROP FRAME"
    };
    let _ = writeln!(out, "FCM: {fcm}\n");
    let mut reels = Reels::default();
    let mut number = 0;
    // A dissolve's two lines (the cut from, then the dissolve into) share
    // one event number: the second is not `new`.
    let mut event = |out: &mut String,
                     new: bool,
                     reel: &str,
                     channel: &str,
                     kind: &str,
                     src: (i64, i64),
                     rec: (i64, i64)| {
        if new {
            number += 1;
        }
        let _ = writeln!(
            out,
            "{number:03}  {reel:<8} {channel:<5} {kind:<8} {} {} {} {}",
            tc(src.0),
            tc(src.1),
            tc(rec.0),
            tc(rec.1)
        );
    };
    let layout = Layout::of(project);
    // The dissolve into the next card: its length.
    let mut dissolve_in: Option<i64> = None;
    for (id, range) in layout.cards() {
        let Some(card) = project.card(*id) else {
            continue;
        };
        let (reel, name, file) = match card.media() {
            Some(media) => {
                let name = file_name(media.as_str()).to_owned();
                let path = absolute(folder, media.as_str());
                (reels.of(media.as_str()), name, Some(path))
            }
            None => ("AX".to_owned(), one_line(&card.prompt, 60), None),
        };
        let handle = dissolve_in.unwrap_or(0);
        let source_start = match card.content {
            CardContent::Clip {
                source_start_frame, ..
            } => source_start_frame,
            _ => handle,
        };
        let src = (source_start, source_start + range.duration);
        match dissolve_in.take() {
            Some(length) => {
                event(
                    &mut out,
                    false,
                    &reel,
                    "V",
                    &format!("D    {length:03}"),
                    (src.0 - length, src.1),
                    (range.start - length, range.end()),
                );
            }
            None => {
                event(
                    &mut out,
                    true,
                    &reel,
                    "V",
                    "C",
                    src,
                    (range.start, range.end()),
                );
            }
        }
        let _ = writeln!(out, "* FROM CLIP NAME: {name}");
        if let Some(file) = file {
            let _ = writeln!(out, "* FROM FILE: {}", file.display());
        }
        let _ = writeln!(out, "* COMMENT: SHOT {}", one_line(&card.board.shot, 20));
        if !card.prompt.is_empty() {
            let _ = writeln!(out, "* COMMENT: {}", one_line(&card.prompt, 200));
        }
        // A dissolve after this card: a zero-length cut at its last frame,
        // then the next card's event dissolves from it.
        if let Some(gap) = held_dissolve_after(project, &layout, *id) {
            let length = gap.range_in_timeline.duration;
            let end = range.end();
            event(&mut out, true, &reel, "V", "C", (src.1, src.1), (end, end));
            dissolve_in = Some(length);
        }
    }
    for (lane, channel) in project
        .audio_lanes
        .iter()
        .take(AUDIO_TRACKS)
        .zip(["A", "A2"])
    {
        let mut clips: Vec<_> = lane.clips.iter().collect();
        clips.sort_by_key(|c| c.range_in_timeline.start);
        let mut at = 0i64;
        for clip in clips {
            let range = clip.range_in_timeline;
            // One event at a time on a track: an overlap starts later.
            let skip = (at - range.start).max(0);
            if skip >= range.duration {
                continue;
            }
            let reel = reels.of(clip.media.as_str());
            let src = clip.source_start_frame + skip;
            event(
                &mut out,
                true,
                &reel,
                channel,
                "C",
                (src, src + range.duration - skip),
                (range.start + skip, range.end()),
            );
            let _ = writeln!(out, "* FROM CLIP NAME: {}", file_name(clip.media.as_str()));
            let path = absolute(folder, clip.media.as_str());
            let _ = writeln!(out, "* FROM FILE: {}", path.display());
            let _ = writeln!(out, "* COMMENT: {}", one_line(&lane.name, 60));
            at = range.end();
        }
    }
    out
}

/// `text` on one line (line breaks as spaces), at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect();
    line.trim().to_owned()
}

/// Reel names: at most 8 letters and digits, one per media file.
#[derive(Default)]
struct Reels {
    by_media: HashMap<String, String>,
}

impl Reels {
    fn of(&mut self, media: &str) -> String {
        if let Some(reel) = self.by_media.get(media) {
            return reel.clone();
        }
        let stem = file_name(media);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let base: String = stem
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .take(8)
            .collect();
        let base = if base.is_empty() {
            "REEL".to_owned()
        } else {
            base
        };
        let taken = |r: &String| self.by_media.values().any(|v| v == r);
        let mut reel = base.clone();
        let mut n = 2;
        while taken(&reel) {
            let suffix = n.to_string();
            let keep = 8usize.saturating_sub(suffix.len());
            reel = format!("{}{suffix}", &base[..base.len().min(keep)]);
            n += 1;
        }
        self.by_media.insert(media.to_owned(), reel.clone());
        reel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_frame_only_at_29_97_and_59_94() {
        use crate::project::{Board, Card, CardId, MediaRef};
        use crate::time::{FrameRate, TimeRange};
        let edl_at = |rate: FrameRate| {
            let mut p = Project::new("Rates");
            p.settings.frame_rate = rate;
            p.cards.push(Card {
                camera_move: None,
                id: CardId(1),
                range_in_timeline: TimeRange::new(0, 2000),
                prompt: String::new(),
                fit: Default::default(),
                content: CardContent::Image {
                    media: MediaRef::new("media/a.png"),
                },
                board: Board::default(),
            });
            to_edl(&p, Path::new("/films/rates"))
        };
        for (num, den, drop) in [
            (30000, 1001, true),
            (60000, 1001, true),
            (24, 1, false),
            (25, 1, false),
            (30, 1, false),
        ] {
            let edl = edl_at(FrameRate::new(num, den).unwrap());
            let fcm = if drop {
                "FCM: DROP FRAME"
            } else {
                "FCM: NON-DROP FRAME"
            };
            assert!(edl.contains(fcm), "{num}/{den}: {edl}");
            let event = edl.lines().find(|l| l.starts_with("001")).unwrap();
            assert_eq!(event.contains(';'), drop, "{event}");
        }
    }

    #[test]
    fn reel_names_are_eight_characters_and_unique() {
        let mut reels = Reels::default();
        assert_eq!(reels.of("media/bunny-wakes.mp4"), "BUNNYWAK");
        assert_eq!(reels.of("media/bunny-wakes.mp4"), "BUNNYWAK");
        assert_eq!(reels.of("media/bunny-wake-2.mov"), "BUNNYWA2");
        assert_eq!(reels.of("media/日本.png"), "REEL");
        assert!(reels.by_media.values().all(|r| r.len() <= 8));
    }
}
