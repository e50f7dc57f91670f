//! `project.json` as written: the current schema's on-disk shape.

use serde::{Deserialize, Serialize};

use super::gap::GapEntry;
use super::{AudioLane, Card, Marker, Project, Settings};

/// The current schema, field for field. Field order here is the order in the
/// file; lists are written in timeline order, so saves diff cleanly.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProjectFile {
    pub schema_version: u32,
    pub settings: Settings,
    #[serde(default)]
    pub cards: Vec<Card>,
    #[serde(default)]
    pub gaps: Vec<GapEntry>,
    #[serde(default)]
    pub audio_lanes: Vec<AudioLane>,
    #[serde(default)]
    pub markers: Vec<Marker>,
}

impl ProjectFile {
    pub fn from_project(project: &Project, schema_version: u32) -> Self {
        let mut sorted = project.clone();
        sorted.sort();
        Self {
            schema_version,
            settings: sorted.settings,
            cards: sorted.cards,
            gaps: project
                .gaps
                .iter()
                .map(|(key, settings)| GapEntry::new(*key, settings))
                .collect(),
            audio_lanes: sorted.audio_lanes,
            markers: sorted.markers,
        }
    }

    /// The document; duplicate gap entries keep the last, as a reader would expect.
    pub fn into_project(self) -> Project {
        let mut project = Project {
            settings: self.settings,
            cards: self.cards,
            gaps: self.gaps.into_iter().map(GapEntry::split).collect(),
            audio_lanes: self.audio_lanes,
            markers: self.markers,
        };
        project.sort();
        // Cards the file gives no shot number (written by hand) get one; the
        // numbers it gives are kept, even twice.
        let numbered = project
            .cards
            .iter()
            .filter(|c| !c.board.shot.is_empty())
            .map(|c| c.id)
            .collect();
        super::shots::settle(&mut project, &numbered);
        project
    }
}
