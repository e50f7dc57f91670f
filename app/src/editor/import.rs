//! Importing files into the open project. The engine reads and copies them
//! on a worker ([`inbetween_engine::project::import`]); once they are in,
//! pictures and clips become cards from where they were dropped, sounds go
//! on the first audio lane, all as one undo step. The GUI thread never
//! probes, hashes or copies a file.

use std::path::PathBuf;

use inbetween_engine::jobs::{Job, JobEvent, Waker};
use inbetween_engine::project::import::{ImportError, Imported, import_files};
use inbetween_engine::project::{
    AudioClip, AudioLane, Card, CardContent, CardId, Fit, LaneKind, Project,
};
use inbetween_engine::time::{FrameRate, TimeRange};
use inbetween_engine::timeline::Edit;

use super::document::Document;

pub use inbetween_engine::project::import::{CLIPS, MediaKind, SOUNDS, STILLS};

/// What the imported files are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// New cards (and sounds) from this frame on.
    Timeline(i64),
    /// The picture or clip this card shows instead (Replace, Relink).
    Replace(CardId),
}

type Results = Vec<(PathBuf, Result<Imported, ImportError>)>;

/// An import under way.
pub struct Import {
    job: Job<Results>,
    target: Target,
    /// How far it has got (0–1).
    pub done: f64,
}

impl Import {
    /// Starts importing `files` into the project in `folder`.
    pub fn start(
        folder: PathBuf,
        files: Vec<PathBuf>,
        rate: FrameRate,
        target: Target,
        waker: Waker,
    ) -> Result<Self, String> {
        let job = Job::spawn("import", waker, move |ctx| {
            import_files(&folder, &files, rate, ctx)
        })
        .map_err(|e| format!("cannot start importing ({e})"))?;
        Ok(Self {
            job,
            target,
            done: 0.0,
        })
    }

    /// The results once the files are in (None while it runs).
    pub fn poll(&mut self) -> Option<(Target, Results)> {
        while let Some(event) = self.job.try_recv() {
            match event {
                JobEvent::Progress(p) => self.done = p.fraction(),
                JobEvent::Finished(results) => return Some((self.target, results)),
            }
        }
        None
    }
}

/// What placing the imported files did: messages (error or not), and the
/// cards made.
#[derive(Default)]
pub struct Placed {
    /// One line per file.
    pub notices: Vec<(String, bool)>,
    /// The new cards, to select.
    pub cards: Vec<CardId>,
}

/// Makes cards and sounds of `results` in `doc`, from frame `at` on, as one
/// undo step.
pub fn place(doc: &mut Document, results: Results, at: i64) -> Placed {
    let mut placed = Placed::default();
    let mut start = at.max(0);
    doc.begin_gesture("Import media");
    for (file, result) in results {
        // An import error already names the file; a refused edit does not.
        let outcome = match result {
            Err(e) => Err(e.to_string()),
            Ok(imported) => place_one(doc, imported, &mut start, at, &mut placed)
                .map_err(|e| format!("{e}: {}", file.display())),
        };
        placed.notices.push(match outcome {
            Ok(()) => (format!("Imported {}", file.display()), false),
            Err(reason) => (reason, true),
        });
    }
    doc.end_gesture();
    placed
}

/// Makes a card (from `start`, moved on past it) or a sound (at `at`) of
/// one imported file.
fn place_one(
    doc: &mut Document,
    imported: Imported,
    start: &mut i64,
    at: i64,
    placed: &mut Placed,
) -> Result<(), String> {
    match imported {
        Imported::Card {
            content,
            duration_frames,
        } => {
            let id = place_card(doc, content, *start, duration_frames)?;
            placed.cards.push(id);
            if let Some(card) = doc.project.card(id) {
                *start = card.range_in_timeline.end();
            }
        }
        Imported::Sound {
            media,
            duration_frames,
        } => {
            let clip = AudioClip {
                id: doc.project.next_audio_clip_id(),
                media,
                range_in_timeline: TimeRange::new(at.max(0), duration_frames),
                source_start_frame: 0,
                gain_db: 0.0,
                fade_in_frames: 0,
                fade_out_frames: 0,
            };
            doc.apply(&sound_edit(&doc.project, clip))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A card of `content` at `start`, or after the film where that is taken.
fn place_card(
    doc: &mut Document,
    content: CardContent,
    start: i64,
    duration: i64,
) -> Result<CardId, String> {
    let mut card = Card {
        camera_move: None,
        id: doc.project.next_card_id(),
        range_in_timeline: TimeRange::new(start, duration),
        prompt: String::new(),
        fit: Fit::Fit,
        content,
        board: Default::default(),
    };
    if doc.apply(&Edit::PlaceCard(Box::new(card.clone()))).is_err() {
        card.range_in_timeline.start = doc.project.duration_frames();
        doc.apply(&Edit::PlaceCard(Box::new(card.clone())))
            .map_err(|e| e.to_string())?;
    }
    Ok(card.id)
}

/// The sound on the first audio lane, or on a new "Music" lane.
fn sound_edit(project: &Project, clip: AudioClip) -> Edit {
    match project.audio_lanes.first() {
        Some(lane) => Edit::PlaceAudioClip {
            lane: lane.id,
            clip,
        },
        None => Edit::AddAudioLane(AudioLane {
            id: project.next_lane_id(),
            name: "Music".into(),
            kind: LaneKind::Music,
            gain_db: 0.0,
            muted: false,
            solo: false,
            clips: vec![clip],
        }),
    }
}

/// The edit that shows the imported file in card `id` instead (a clip
/// keeps its sound settings), or why it cannot.
pub fn replacement(project: &Project, id: CardId, results: Results) -> Result<Edit, String> {
    let Some((file, result)) = results.into_iter().next() else {
        return Err("nothing was imported".into());
    };
    let mut content = match result.map_err(|e| e.to_string())? {
        Imported::Card { content, .. } => content,
        Imported::Sound { .. } => {
            return Err(format!(
                "is sound alone; a card shows a picture or clip: {}",
                file.display()
            ));
        }
    };
    if let (
        Some(CardContent::Clip { gain_db, muted, .. }),
        CardContent::Clip {
            gain_db: new_gain,
            muted: new_muted,
            ..
        },
    ) = (project.card(id).map(|c| &c.content), &mut content)
    {
        *new_gain = *gain_db;
        *new_muted = *muted;
    }
    Ok(Edit::SetContent { id, content })
}
