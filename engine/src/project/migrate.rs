//! Schema versions and the upgrades between them.
//!
//! Each upgrade takes the JSON of one version to the next, so a file of any
//! older version is brought up step by step on load. Files newer than
//! [`CURRENT_SCHEMA_VERSION`] are refused (and so never overwritten).
//!
//! ## Versions
//!
//! - **0** — the prototype's files. No `schema_version`. Top-level `name`,
//!   `fps` (a number: `24`, `23.976`), `width`, `height`; `cards` with `id`,
//!   `type` (`text`, `image`, `video`), `start` and `length` in frames, `text`,
//!   `file` and `trim_in`; `gaps` keyed by the card they follow (`after`) with
//!   `mode` (`morph`, `fade`, `cut`), `prompt`, `seed`. No audio, no markers.
//! - **1** — cards with a prompt and no storyboard fields.
//! - **2** — each card has a `board` (shot number, scene heading,
//!   dialogue, action, notes). From version 1 the cards are numbered 1, 2,
//!   3… in film order and the other fields are empty, so the film means the
//!   same.
//! - **3** — the current schema (see `ProjectFile` and the README): a card
//!   may have a `camera_move` (a start and end framing with an ease), gaps
//!   may fade through black or white (`fade_through_black`,
//!   `fade_through_white`), and the settings may fade the film in and out
//!   (`fade_in_frames`, `fade_out_frames`). A version 2 file has none of
//!   these, so it means the same unchanged; one that has them is refused.

use serde_json::{Map, Value, json};

/// The schema version this build writes and the newest it reads.
pub const CURRENT_SCHEMA_VERSION: u32 = 3;

/// Upgrades `doc` from `version` to the current schema.
pub(crate) fn upgrade(mut doc: Value, version: u32) -> Result<Value, String> {
    let mut v = version;
    while v < CURRENT_SCHEMA_VERSION {
        doc = match v {
            0 => v0_to_v1(doc)?,
            1 => v1_to_v2(doc)?,
            2 => v2_to_v3(doc)?,
            other => return Err(format!("no upgrade is known from schema version {other}")),
        };
        v += 1;
    }
    Ok(doc)
}

/// The version a document declares; files without `schema_version` are v0.
pub(crate) fn declared_version(doc: &Value) -> Result<u64, String> {
    match doc.get("schema_version") {
        None => Ok(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("schema_version must be a whole number, found {v}")),
    }
}

/// Version 2 to 3: nothing changes but the version, once the file is known
/// to use nothing version 3 added.
fn v2_to_v3(doc: Value) -> Result<Value, String> {
    let Value::Object(mut doc) = doc else {
        return Err("the top level is not an object".to_owned());
    };
    let newer = |what: String| Err(format!("{what}, which schema version 2 does not know"));
    for key in ["fade_in_frames", "fade_out_frames"] {
        if doc.get("settings").and_then(|s| s.get(key)).is_some() {
            return newer(format!("settings has {key}"));
        }
    }
    if let Some(Value::Array(cards)) = doc.get("cards")
        && let Some(i) = cards.iter().position(|c| c.get("camera_move").is_some())
    {
        return newer(format!("cards[{i}] has a camera_move"));
    }
    let fades = |g: &Value| {
        g.get("mode")
            .and_then(Value::as_str)
            .is_some_and(|m| m.starts_with("fade_through_"))
    };
    if let Some(Value::Array(gaps)) = doc.get("gaps")
        && let Some(i) = gaps.iter().position(fades)
    {
        return newer(format!("gaps[{i}] fades through a colour"));
    }
    doc.insert("schema_version".to_owned(), json!(3));
    Ok(Value::Object(doc))
}

/// Version 1 to 2: every card gets a `board` with its shot number, 1, 2,
/// 3… in film order (by start frame, then id, as the track is sorted).
fn v1_to_v2(doc: Value) -> Result<Value, String> {
    let Value::Object(mut doc) = doc else {
        return Err("the top level is not an object".to_owned());
    };
    if let Some(cards) = doc.get_mut("cards") {
        let Value::Array(cards) = cards else {
            return Err("cards must be a list".to_owned());
        };
        let key = |c: &Value| {
            (
                c["range_in_timeline"]["start_frame"]
                    .as_i64()
                    .unwrap_or(i64::MAX),
                c["id"].as_u64().unwrap_or(u64::MAX),
            )
        };
        let mut order: Vec<usize> = (0..cards.len()).collect();
        order.sort_by_key(|&i| key(&cards[i]));
        for (n, i) in order.into_iter().enumerate() {
            let Value::Object(card) = &mut cards[i] else {
                return Err(format!("cards[{i}] is not an object"));
            };
            if card.contains_key("board") {
                return Err(format!(
                    "cards[{i}] has a board, which schema version 1 does not know"
                ));
            }
            card.insert("board".to_owned(), json!({ "shot": (n + 1).to_string() }));
        }
    }
    doc.insert("schema_version".to_owned(), json!(2));
    Ok(Value::Object(doc))
}

fn v0_to_v1(doc: Value) -> Result<Value, String> {
    let Value::Object(old) = doc else {
        return Err("the top level is not an object".to_owned());
    };
    let name = old
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("Untitled");
    let fps = match old.get("fps") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        None => "24".to_owned(),
        Some(other) => return Err(format!("fps must be a number, found {other}")),
    };
    let width = number(&old, "width", 1280)?;
    let height = number(&old, "height", 720)?;
    let g = gcd(width, height).max(1);

    let old_cards = match old.get("cards") {
        Some(Value::Array(a)) => a.clone(),
        None => Vec::new(),
        Some(_) => return Err("cards must be a list".to_owned()),
    };
    let mut cards = Vec::with_capacity(old_cards.len());
    for (i, card) in old_cards.iter().enumerate() {
        cards.push(v0_card(card).map_err(|e| format!("cards[{i}]: {e}"))?);
    }

    let mut by_start: Vec<(i64, u64)> = cards
        .iter()
        .filter_map(|c| {
            Some((
                c["range_in_timeline"]["start_frame"].as_i64()?,
                c["id"].as_u64()?,
            ))
        })
        .collect();
    by_start.sort();
    let mut gaps = Vec::new();
    if let Some(Value::Array(old_gaps)) = old.get("gaps") {
        for (i, gap) in old_gaps.iter().enumerate() {
            let after = gap
                .get("after")
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("gaps[{i}]: missing the card it follows (\"after\")"))?;
            // A v0 gap followed a card; its other side is that card's neighbour.
            let Some(pos) = by_start.iter().position(|&(_, id)| id == after) else {
                continue;
            };
            let Some(&(_, to)) = by_start.get(pos + 1) else {
                continue;
            };
            let mode = match gap.get("mode").and_then(Value::as_str).unwrap_or("morph") {
                "morph" => "motion",
                "fade" => "dissolve",
                "cut" => "cut",
                other => return Err(format!("gaps[{i}]: unknown mode {other:?}")),
            };
            gaps.push(json!({
                "from_card": after,
                "to_card": to,
                "mode": mode,
                "prompt": gap.get("prompt").and_then(Value::as_str).unwrap_or(""),
                "seed": gap.get("seed").and_then(Value::as_u64).unwrap_or(0),
                "take": 0,
            }));
        }
    }

    Ok(json!({
        "schema_version": 1,
        "settings": {
            "name": name,
            "frame_rate": fps,
            "resolution": { "width": width, "height": height },
            "aspect": format!("{}:{}", width / g, height / g),
        },
        "cards": cards,
        "gaps": gaps,
        "audio_lanes": [],
        "markers": [],
    }))
}

fn v0_card(card: &Value) -> Result<Value, String> {
    let id = card
        .get("id")
        .and_then(Value::as_u64)
        .ok_or("missing a numeric id")?;
    let start = card
        .get("start")
        .and_then(Value::as_i64)
        .ok_or("missing start")?;
    let length = card
        .get("length")
        .and_then(Value::as_i64)
        .ok_or("missing length")?;
    let text = card.get("text").and_then(Value::as_str).unwrap_or("");
    let file = || {
        card.get("file")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or("missing its file")
    };
    let content = match card.get("type").and_then(Value::as_str) {
        Some("text") => json!({ "kind": "text" }),
        Some("image") => json!({ "kind": "image", "media": file()? }),
        Some("video") => json!({
            "kind": "clip",
            "media": file()?,
            "source_start_frame": card.get("trim_in").and_then(Value::as_i64).unwrap_or(0),
            "gain_db": 0.0,
            "muted": false,
        }),
        Some(other) => return Err(format!("unknown card type {other:?}")),
        None => return Err("missing its type".to_owned()),
    };
    Ok(json!({
        "id": id,
        "range_in_timeline": { "start_frame": start, "duration_frames": length },
        "prompt": text,
        "fit": "fit",
        "content": content,
    }))
}

fn number(obj: &Map<String, Value>, key: &str, default: u64) -> Result<u64, String> {
    match obj.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("{key} must be a whole number, found {v}")),
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
