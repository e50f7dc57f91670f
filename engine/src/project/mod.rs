//! The project document: settings, the story track of cards, the gaps'
//! settings, audio lanes and markers; and its file, `project.json`.
//!
//! A project is a folder holding `project.json` and `media/`. Every time in the
//! document is an integer count of project frames; media paths are relative to
//! the folder. Gaps are not stored: they are the spans between neighbouring
//! cards, and only their settings are kept, keyed by the two cards.

mod atomic_write;
mod audio;
mod board;
mod camera_move;
mod card;
mod error;
mod file;
mod file_format;
mod gap;
mod ids;
pub mod import;
pub mod limits;
pub mod litter;
mod marker;
mod media_ref;
mod migrate;
mod recovery;
mod settings;
pub mod shots;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

pub use atomic_write::{SaveStep, atomic_write, atomic_write_with};
pub use audio::{AudioClip, AudioLane, LaneKind};
pub use board::Board;
pub use camera_move::{CameraMove, Ease, MovePreset, Viewport};
pub use card::{Card, CardContent, Fit};
pub use error::ProjectError;
pub use file::{
    LoadedProject, MEDIA_FOLDER_NAME, PROJECT_FILE_NAME, from_text, load, save, to_json,
};
pub use gap::{AutoChoice, GapKey, GapMode, GapRecipeRecord, GapSettings};
pub use ids::{AudioClipId, CardId, LaneId};
pub use marker::Marker;
pub use media_ref::MediaRef;
pub use migrate::CURRENT_SCHEMA_VERSION;
pub use recovery::{
    RECOVERY_FILE_NAME, discard_recovery, find_recovery, recovery_path, write_recovery,
};
pub use settings::{Aspect, Resolution, Settings};
pub use validate::{Problem, Severity, validate};

/// The whole document. The GUI thread owns one; edits change it through
/// [`crate::timeline`], and [`crate::history`] keeps snapshots for undo.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// What the film is: name, rate, size.
    pub settings: Settings,
    /// The story track, sorted by start frame (edits keep it so).
    pub cards: Vec<Card>,
    /// Settings of gaps that differ from the default, by the cards they join.
    /// Entries whose cards are no longer neighbours are kept, so moving a card
    /// back restores its gaps; removing a card removes its entries.
    pub gaps: BTreeMap<GapKey, GapSettings>,
    /// Sound lanes, top to bottom.
    pub audio_lanes: Vec<AudioLane>,
    /// Named points on the film, sorted by frame.
    pub markers: Vec<Marker>,
}

impl Project {
    /// An empty project with default settings named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            settings: Settings {
                name: name.into(),
                ..Settings::default()
            },
            ..Self::default()
        }
    }

    /// The card with id `id`.
    pub fn card(&self, id: CardId) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The card with id `id`, to change.
    pub fn card_mut(&mut self, id: CardId) -> Option<&mut Card> {
        self.cards.iter_mut().find(|c| c.id == id)
    }

    /// The position of card `id` on the story track.
    pub fn card_index(&self, id: CardId) -> Option<usize> {
        self.cards.iter().position(|c| c.id == id)
    }

    /// An id no card has had in this document.
    pub fn next_card_id(&self) -> CardId {
        let in_gaps = self.gaps.keys().flat_map(|k| [k.from_card.0, k.to_card.0]);
        CardId(ids::next_id(
            self.cards.iter().map(|c| c.id.0).chain(in_gaps),
        ))
    }

    /// An id no audio lane has.
    pub fn next_lane_id(&self) -> LaneId {
        LaneId(ids::next_id(self.audio_lanes.iter().map(|l| l.id.0)))
    }

    /// An id no audio clip has.
    pub fn next_audio_clip_id(&self) -> AudioClipId {
        let clips = self.audio_lanes.iter().flat_map(|l| l.clips.iter());
        AudioClipId(ids::next_id(clips.map(|c| c.id.0)))
    }

    /// The settings of the gap between `key`'s cards (defaults when unset).
    pub fn gap_settings(&self, key: GapKey) -> GapSettings {
        self.gaps.get(&key).cloned().unwrap_or_default()
    }

    /// The film's length in frames: the end of its last card. Sound that
    /// runs on past it does not make the film longer (it fades out as the
    /// film ends); only a project with no cards is as long as its sound.
    pub fn duration_frames(&self) -> i64 {
        let cards = self.cards.iter().map(|c| c.range_in_timeline.end()).max();
        let audio = || {
            self.audio_lanes
                .iter()
                .flat_map(|l| l.clips.iter())
                .map(|c| c.range_in_timeline.end())
                .max()
        };
        cards.or_else(audio).unwrap_or(0).max(0)
    }

    /// Every media file the document uses, with a description of its user.
    pub fn media_uses(&self) -> Vec<(String, &MediaRef)> {
        let cards = self
            .cards
            .iter()
            .filter_map(|c| c.media().map(|m| (c.describe(), m)));
        let audio = self.audio_lanes.iter().flat_map(|lane| {
            lane.clips.iter().map(move |clip| {
                (
                    format!("{} on {} \"{}\"", clip.id, lane.id, lane.name),
                    &clip.media,
                )
            })
        });
        cards.chain(audio).collect()
    }

    /// The media files of a project stored in `folder` that are not there,
    /// with who uses them. A project with missing media still opens.
    pub fn missing_media(&self, folder: &Path) -> Vec<(String, MediaRef)> {
        self.media_uses()
            .into_iter()
            .filter(|(_, m)| m.problem().is_none() && !m.resolve(folder).is_file())
            .map(|(who, m)| (who, m.clone()))
            .collect()
    }

    /// Puts cards, clips and markers in timeline order, as the file writes them.
    pub fn sort(&mut self) {
        self.cards
            .sort_by_key(|c| (c.range_in_timeline.start, c.id));
        for lane in &mut self.audio_lanes {
            lane.clips
                .sort_by_key(|c| (c.range_in_timeline.start, c.id));
        }
        self.markers
            .sort_by(|a, b| a.frame.cmp(&b.frame).then_with(|| a.label.cmp(&b.label)));
    }
}
