//! Edits of the audio lanes: adding a lane, placing and moving sound.

use crate::project::{AudioClip, AudioClipId, AudioLane, LaneId, Marker, Project};

use super::EditError;

fn check_place(clip: &AudioClip) -> Result<(), EditError> {
    let r = clip.range_in_timeline;
    if r.start < 0 || r.duration < 1 {
        return Err(EditError::BadSoundPlace(clip.id.to_string()));
    }
    Ok(())
}

pub(super) fn add_lane(p: &mut Project, lane: &AudioLane) -> Result<(), EditError> {
    if p.audio_lanes.iter().any(|l| l.id == lane.id) {
        return Err(EditError::InvalidSettings(format!(
            "{} already exists",
            lane.id
        )));
    }
    for clip in &lane.clips {
        check_place(clip)?;
    }
    p.audio_lanes.push(lane.clone());
    Ok(())
}

pub(super) fn place(p: &mut Project, lane: LaneId, clip: &AudioClip) -> Result<(), EditError> {
    check_place(clip)?;
    if p.audio_lanes
        .iter()
        .flat_map(|l| &l.clips)
        .any(|c| c.id == clip.id)
    {
        return Err(EditError::InvalidSettings(format!(
            "{} already exists",
            clip.id
        )));
    }
    let lane = p
        .audio_lanes
        .iter_mut()
        .find(|l| l.id == lane)
        .ok_or_else(|| EditError::NoSuchSound(lane.to_string()))?;
    lane.clips.push(clip.clone());
    lane.clips.sort_by_key(|c| c.range_in_timeline.start);
    Ok(())
}

pub(super) fn move_clip(p: &mut Project, id: AudioClipId, to_start: i64) -> Result<(), EditError> {
    let lane = p
        .audio_lanes
        .iter_mut()
        .find(|l| l.clips.iter().any(|c| c.id == id))
        .ok_or_else(|| EditError::NoSuchSound(id.to_string()))?;
    if let Some(clip) = lane.clips.iter_mut().find(|c| c.id == id) {
        clip.range_in_timeline.start = to_start;
        check_place(clip)?;
    }
    lane.clips.sort_by_key(|c| c.range_in_timeline.start);
    Ok(())
}

pub(super) fn add_markers(p: &mut Project, markers: &[Marker]) {
    for marker in markers {
        if marker.frame >= 0 && !p.markers.iter().any(|m| m.frame == marker.frame) {
            p.markers.push(marker.clone());
        }
    }
    p.markers.sort_by_key(|m| m.frame);
}

fn clip_mut(p: &mut Project, id: AudioClipId) -> Result<&mut AudioClip, EditError> {
    p.audio_lanes
        .iter_mut()
        .flat_map(|l| l.clips.iter_mut())
        .find(|c| c.id == id)
        .ok_or_else(|| EditError::NoSuchSound(id.to_string()))
}

pub(super) fn set_clip(p: &mut Project, clip: &AudioClip) -> Result<(), EditError> {
    check_place(clip)?;
    let r = clip.range_in_timeline;
    if clip.source_start_frame < 0
        || clip.fade_in_frames < 0
        || clip.fade_out_frames < 0
        || clip.fade_in_frames + clip.fade_out_frames > r.duration
    {
        return Err(EditError::InvalidSettings(format!(
            "{}: its trim must start at 0 or later and its fades fit inside it",
            clip.id
        )));
    }
    *clip_mut(p, clip.id)? = clip.clone();
    for lane in &mut p.audio_lanes {
        lane.clips.sort_by_key(|c| c.range_in_timeline.start);
    }
    Ok(())
}

pub(super) fn remove_clip(p: &mut Project, id: AudioClipId) -> Result<(), EditError> {
    clip_mut(p, id)?;
    for lane in &mut p.audio_lanes {
        lane.clips.retain(|c| c.id != id);
    }
    Ok(())
}

pub(super) fn set_lane(p: &mut Project, lane: &AudioLane) -> Result<(), EditError> {
    let target = p
        .audio_lanes
        .iter_mut()
        .find(|l| l.id == lane.id)
        .ok_or_else(|| EditError::NoSuchSound(lane.id.to_string()))?;
    target.name = lane.name.clone();
    target.kind = lane.kind;
    target.gain_db = lane.gain_db;
    target.muted = lane.muted;
    target.solo = lane.solo;
    Ok(())
}
