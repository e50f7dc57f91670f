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
