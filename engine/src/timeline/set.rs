//! Changing what cards, gaps and the project say, without moving anything.

use crate::project::{
    Board, CameraMove, CardContent, CardId, Fit, GapKey, GapSettings, Project, Resolution, Settings,
};
use crate::time::{FrameRate, TimeRange};

use super::EditError;
use super::track::card_mut;

pub(super) fn prompt(p: &mut Project, id: CardId, prompt: &str) -> Result<(), EditError> {
    card_mut(p, id)?.prompt = prompt.to_owned();
    Ok(())
}

pub(super) fn board(p: &mut Project, id: CardId, board: &Board) -> Result<(), EditError> {
    let card = card_mut(p, id)?;
    let mut board = board.clone();
    board.shot = board.shot.trim().to_owned();
    if board.shot != card.board.shot {
        // Typed: kept from now on; emptied: numbered again automatically
        // (by `shots::settle`, after the edit).
        board.shot_set = !board.shot.is_empty();
    }
    card.board = board;
    Ok(())
}

pub(super) fn fit(p: &mut Project, id: CardId, fit: Fit) -> Result<(), EditError> {
    card_mut(p, id)?.fit = fit;
    Ok(())
}

/// A card's camera move; one out of range is refused (a text card may not
/// have one).
pub(super) fn camera_move(
    p: &mut Project,
    id: CardId,
    camera_move: Option<&CameraMove>,
) -> Result<(), EditError> {
    let card = card_mut(p, id)?;
    if let Some(m) = camera_move {
        if card.media().is_none() {
            return Err(EditError::InvalidSettings(format!(
                "{} is a text card; only pictures and clips have camera moves",
                card.id
            )));
        }
        if let Some(problem) = m.problem() {
            return Err(EditError::InvalidSettings(format!(
                "the camera move: {problem}"
            )));
        }
    }
    card.camera_move = camera_move.copied();
    Ok(())
}

pub(super) fn content(p: &mut Project, id: CardId, content: &CardContent) -> Result<(), EditError> {
    card_mut(p, id)?.content = content.clone();
    Ok(())
}

/// A clip card's in-point, gain and mute, to change one of them.
fn clip_mut(p: &mut Project, id: CardId) -> Result<(&mut i64, &mut f32, &mut bool), EditError> {
    match &mut card_mut(p, id)?.content {
        CardContent::Clip {
            source_start_frame,
            gain_db,
            muted,
            ..
        } => Ok((source_start_frame, gain_db, muted)),
        CardContent::Text | CardContent::Image { .. } => Err(EditError::NotAClip(id)),
    }
}

pub(super) fn slip(p: &mut Project, id: CardId, source_start_frame: i64) -> Result<(), EditError> {
    if source_start_frame < 0 {
        return Err(EditError::BeforeMediaStart(id));
    }
    *clip_mut(p, id)?.0 = source_start_frame;
    Ok(())
}

pub(super) fn clip_gain(p: &mut Project, id: CardId, gain_db: f32) -> Result<(), EditError> {
    *clip_mut(p, id)?.1 = gain_db;
    Ok(())
}

pub(super) fn mute_clip(p: &mut Project, id: CardId, muted: bool) -> Result<(), EditError> {
    *clip_mut(p, id)?.2 = muted;
    Ok(())
}

/// Default settings are not stored, so the file lists only gaps someone changed.
pub(super) fn gap_settings(p: &mut Project, key: GapKey, settings: GapSettings) {
    if settings == GapSettings::default() {
        p.gaps.remove(&key);
    } else {
        p.gaps.insert(key, settings);
    }
}

pub(super) fn settings(p: &mut Project, settings: Settings) -> Result<(), EditError> {
    let Resolution { width, height } = settings.resolution;
    if width == 0 || height == 0 || width > Resolution::MAX_SIDE || height > Resolution::MAX_SIDE {
        return Err(EditError::InvalidSettings(format!(
            "a frame of {width}x{height} pixels is out of range (1 to {} a side)",
            Resolution::MAX_SIDE
        )));
    }
    if settings.aspect.num == 0 || settings.aspect.den == 0 {
        return Err(EditError::InvalidSettings(
            "the aspect ratio must be positive".to_owned(),
        ));
    }
    let (from, to) = (p.settings.frame_rate, settings.frame_rate);
    if from != to {
        retime(p, from, to)?;
    }
    p.settings = settings;
    Ok(())
}

/// Re-counts every time in the document at a new rate. Starts and ends are
/// converted (not durations), so neighbours that touched still touch and
/// nothing comes to overlap.
fn retime(p: &mut Project, from: FrameRate, to: FrameRate) -> Result<(), EditError> {
    let convert = |frames: i64| from.convert_frames(frames, to);
    for card in &mut p.cards {
        let r = card.range_in_timeline;
        let (start, end) = (convert(r.start), convert(r.end()));
        if end <= start {
            return Err(EditError::TooShort(card.id));
        }
        card.range_in_timeline = TimeRange::from_start_end(start, end);
        if let CardContent::Clip {
            source_start_frame, ..
        } = &mut card.content
        {
            *source_start_frame = convert(*source_start_frame);
        }
    }
    for lane in &mut p.audio_lanes {
        for clip in &mut lane.clips {
            let r = clip.range_in_timeline;
            let (start, end) = (convert(r.start), convert(r.end()));
            if end <= start {
                return Err(EditError::InvalidSettings(format!(
                    "{} would last less than one frame at {to} fps",
                    clip.id
                )));
            }
            clip.range_in_timeline = TimeRange::from_start_end(start, end);
            clip.source_start_frame = convert(clip.source_start_frame);
            // Rounding may make the converted fades a frame longer than the clip.
            let duration = clip.range_in_timeline.duration;
            clip.fade_in_frames = convert(clip.fade_in_frames).min(duration);
            clip.fade_out_frames =
                convert(clip.fade_out_frames).min(duration - clip.fade_in_frames);
        }
    }
    for marker in &mut p.markers {
        marker.frame = convert(marker.frame);
    }
    Ok(())
}
