use std::collections::HashSet;

use crate::project::{
    AudioClip, AudioClipId, AudioLane, Board, CameraMove, Card, CardContent, CardId, Fit, GapKey,
    GapSettings, LaneId, Marker, Project, Settings, shots,
};

use super::{EditError, Ripple, insert, move_card, remove, reorder, set, sound, split, trim};

/// A change to the document, named as an editor names it. Views build these;
/// [`crate::history::History`] applies them so each can be undone.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Puts a new card at its start frame, pushing every card from that frame
    /// on later by its length (a ripple insert).
    InsertCard(Box<Card>),
    /// Puts a new card in free space at its start frame; nothing else moves.
    PlaceCard(Box<Card>),
    /// Takes a card off the track, with or without closing the space.
    RemoveCard {
        /// The card.
        id: CardId,
        /// Whether later cards move up into the space.
        ripple: Ripple,
    },
    /// Moves a card to start at `to_start`.
    MoveCard {
        /// The card.
        id: CardId,
        /// Its new first frame.
        to_start: i64,
        /// Whether the cards after it move along.
        ripple: Ripple,
    },
    /// Moves a card to another place in the story's order (0: first); the
    /// story track ripples and each gap keeps its place in the order, its
    /// length and its settings.
    ReorderCard {
        /// The card.
        id: CardId,
        /// Its place in the new order.
        to_index: usize,
    },
    /// Moves several cards, each to its own first frame, as one edit (a
    /// selection dragged); nothing else moves.
    MoveCards(Vec<(CardId, i64)>),
    /// Moves a card's first frame, keeping its last frame (and, for a clip,
    /// the source frame shown at each film frame).
    TrimStart {
        /// The card.
        id: CardId,
        /// Its new first frame.
        to_frame: i64,
        /// With ripple the card's start stays put and the change in length
        /// moves every later card instead.
        ripple: Ripple,
    },
    /// Moves a card's end (the frame after its last).
    TrimEnd {
        /// The card.
        id: CardId,
        /// Its new end.
        to_frame: i64,
        /// Whether later cards move by the change in length.
        ripple: Ripple,
    },
    /// Cuts a card in two at a frame; the right half becomes a new card.
    SplitCard {
        /// The card.
        id: CardId,
        /// The first frame of the right half.
        at_frame: i64,
    },
    /// Changes a card's prompt.
    SetPrompt {
        /// The card.
        id: CardId,
        /// The new prompt.
        prompt: String,
    },
    /// Changes a card's storyboard fields (shot number, scene, dialogue,
    /// action, notes). A shot number typed differs from the card's and is
    /// kept from then on; an empty one goes back to an automatic number.
    SetBoard {
        /// The card.
        id: CardId,
        /// The new fields.
        board: Board,
    },
    /// Numbers the cards 1, 2, 3… in film order, but for the numbers the
    /// user typed.
    RenumberShots,
    /// Changes how a card's picture fills the frame.
    SetFit {
        /// The card.
        id: CardId,
        /// The new fit.
        fit: Fit,
    },
    /// Gives a card a camera move over its picture, changes it, or (None)
    /// takes it away.
    SetCameraMove {
        /// The card (a still or clip).
        id: CardId,
        /// The move.
        camera_move: Option<CameraMove>,
    },
    /// Changes what a card shows (its picture or clip: Replace media,
    /// Relink), keeping its place and length.
    SetContent {
        /// The card.
        id: CardId,
        /// What it shows now.
        content: CardContent,
    },
    /// Slips a clip card: it shows another part of its source in the same
    /// place on the film.
    ///
    /// ```text
    ///   source:  |----[ shown ]--------|   →   |--------[ shown ]----|
    ///   film:         [ card  ]                     [ card  ]   (unchanged)
    /// ```
    SlipClip {
        /// The card (a clip).
        id: CardId,
        /// The source frame its first frame shows now.
        source_start_frame: i64,
    },
    /// Changes the gain of a clip card's own sound.
    SetClipGain {
        /// The card (a clip).
        id: CardId,
        /// The gain in dB.
        gain_db: f32,
    },
    /// Mutes or unmutes a clip card's own sound.
    MuteClip {
        /// The card (a clip).
        id: CardId,
        /// Silenced or not.
        muted: bool,
    },
    /// Changes a gap's settings.
    SetGapSettings {
        /// The gap.
        key: GapKey,
        /// The new settings.
        settings: GapSettings,
    },
    /// Changes the project's settings. A new frame rate re-times every card,
    /// clip and marker so each keeps its place in seconds.
    SetSettings(Settings),
    /// Adds an audio lane (with any clips it holds) below the others.
    AddAudioLane(AudioLane),
    /// Puts an audio clip on a lane.
    PlaceAudioClip {
        /// The lane.
        lane: LaneId,
        /// The clip (its id must be new).
        clip: AudioClip,
    },
    /// Adds markers (a frame already marked keeps its marker).
    AddMarkers(Vec<Marker>),
    /// Changes an audio clip (gain, fades, trim, place): the clip with the
    /// same id is replaced by this one.
    SetAudioClip(AudioClip),
    /// Takes an audio clip off its lane.
    RemoveAudioClip(AudioClipId),
    /// Changes a lane's name, kind, gain, mute and solo (its clips stay).
    SetAudioLane(AudioLane),
    /// Moves an audio clip to start at `to_start` (sound may overlap other
    /// sound: lanes mix).
    MoveAudioClip {
        /// The clip.
        id: AudioClipId,
        /// Its new first frame.
        to_start: i64,
    },
}

impl Edit {
    /// The edit's name in the Undo/Redo menu.
    pub fn label(&self) -> String {
        match self {
            Edit::InsertCard(_) => "Insert card".to_owned(),
            Edit::MoveCards(moves) => format!("Move {} cards", moves.len()),
            Edit::ReorderCard { .. } => "Reorder boards".to_owned(),
            Edit::PlaceCard(_) => "Add card".to_owned(),
            Edit::RemoveCard {
                ripple: Ripple::Yes,
                ..
            } => "Ripple delete".to_owned(),
            Edit::RemoveCard { .. } => "Delete card".to_owned(),
            Edit::MoveCard {
                ripple: Ripple::Yes,
                ..
            } => "Ripple move".to_owned(),
            Edit::MoveCard { .. } => "Move card".to_owned(),
            Edit::TrimStart { .. } | Edit::TrimEnd { .. } => "Trim card".to_owned(),
            Edit::SplitCard { .. } => "Split card".to_owned(),
            Edit::SetPrompt { .. } => "Edit prompt".to_owned(),
            Edit::SetBoard { .. } => "Edit board".to_owned(),
            Edit::RenumberShots => "Renumber shots".to_owned(),
            Edit::SetFit { .. } => "Change fit".to_owned(),
            Edit::SetCameraMove {
                camera_move: None, ..
            } => "Remove camera move".to_owned(),
            Edit::SetCameraMove { .. } => "Change camera move".to_owned(),
            Edit::SetContent { .. } => "Replace media".to_owned(),
            Edit::SlipClip { .. } => "Slip clip".to_owned(),
            Edit::SetClipGain { .. } => "Change clip sound".to_owned(),
            Edit::MuteClip { muted: true, .. } => "Mute clip".to_owned(),
            Edit::MuteClip { muted: false, .. } => "Unmute clip".to_owned(),
            Edit::SetGapSettings { .. } => "Change gap".to_owned(),
            Edit::SetSettings(_) => "Change project settings".to_owned(),
            Edit::AddAudioLane(_) => "Add audio lane".to_owned(),
            Edit::PlaceAudioClip { .. } => "Add sound".to_owned(),
            Edit::MoveAudioClip { .. } => "Move sound".to_owned(),
            Edit::AddMarkers(_) => "Add markers".to_owned(),
            Edit::SetAudioClip(_) => "Change sound".to_owned(),
            Edit::RemoveAudioClip(_) => "Remove sound".to_owned(),
            Edit::SetAudioLane(_) => "Change audio lane".to_owned(),
        }
    }

    /// The card the edit is about, if any.
    pub fn subject(&self) -> Option<CardId> {
        match self {
            Edit::MoveCards(moves) => moves.first().map(|m| m.0),
            Edit::InsertCard(card) | Edit::PlaceCard(card) => Some(card.id),
            Edit::RemoveCard { id, .. }
            | Edit::MoveCard { id, .. }
            | Edit::ReorderCard { id, .. }
            | Edit::TrimStart { id, .. }
            | Edit::TrimEnd { id, .. }
            | Edit::SplitCard { id, .. }
            | Edit::SetPrompt { id, .. }
            | Edit::SetBoard { id, .. }
            | Edit::SetFit { id, .. }
            | Edit::SetCameraMove { id, .. }
            | Edit::SetContent { id, .. }
            | Edit::SlipClip { id, .. }
            | Edit::SetClipGain { id, .. }
            | Edit::MuteClip { id, .. } => Some(*id),
            Edit::SetGapSettings { .. }
            | Edit::RenumberShots
            | Edit::SetSettings(_)
            | Edit::AddAudioLane(_)
            | Edit::PlaceAudioClip { .. }
            | Edit::MoveAudioClip { .. }
            | Edit::AddMarkers(_)
            | Edit::SetAudioClip(_)
            | Edit::RemoveAudioClip(_)
            | Edit::SetAudioLane(_) => None,
        }
    }

    /// Applies the edit. On error the project is unchanged.
    pub fn apply(&self, project: &mut Project) -> Result<(), EditError> {
        let mut next = project.clone();
        self.apply_in_place(&mut next)?;
        next.sort();
        // New cards (inserted, split off, pasted) get shot numbers; the
        // cards that were there keep theirs.
        let kept: HashSet<CardId> = project.cards.iter().map(|c| c.id).collect();
        shots::settle(&mut next, &kept);
        check_story_track(&next, self.subject())?;
        *project = next;
        Ok(())
    }

    fn apply_in_place(&self, p: &mut Project) -> Result<(), EditError> {
        match self {
            Edit::InsertCard(card) => insert::insert(p, (**card).clone()),
            Edit::PlaceCard(card) => insert::place(p, (**card).clone()),
            Edit::RemoveCard { id, ripple } => remove::remove(p, *id, *ripple),
            Edit::MoveCards(moves) => move_card::move_cards(p, moves),
            Edit::ReorderCard { id, to_index } => reorder::reorder(p, *id, *to_index),
            Edit::MoveCard {
                id,
                to_start,
                ripple,
            } => move_card::move_card(p, *id, *to_start, *ripple),
            Edit::TrimStart {
                id,
                to_frame,
                ripple,
            } => trim::trim_start(p, *id, *to_frame, *ripple),
            Edit::TrimEnd {
                id,
                to_frame,
                ripple,
            } => trim::trim_end(p, *id, *to_frame, *ripple),
            Edit::SplitCard { id, at_frame } => split::split(p, *id, *at_frame),
            Edit::SetPrompt { id, prompt } => set::prompt(p, *id, prompt),
            Edit::SetBoard { id, board } => set::board(p, *id, board),
            Edit::RenumberShots => {
                shots::renumber(p);
                Ok(())
            }
            Edit::SetFit { id, fit } => set::fit(p, *id, *fit),
            Edit::SetCameraMove { id, camera_move } => {
                set::camera_move(p, *id, camera_move.as_ref())
            }
            Edit::SetContent { id, content } => set::content(p, *id, content),
            Edit::SlipClip {
                id,
                source_start_frame,
            } => set::slip(p, *id, *source_start_frame),
            Edit::SetClipGain { id, gain_db } => set::clip_gain(p, *id, *gain_db),
            Edit::MuteClip { id, muted } => set::mute_clip(p, *id, *muted),
            Edit::SetGapSettings { key, settings } => {
                set::gap_settings(p, *key, settings.clone());
                Ok(())
            }
            Edit::SetSettings(settings) => set::settings(p, settings.clone()),
            Edit::AddAudioLane(lane) => sound::add_lane(p, lane),
            Edit::PlaceAudioClip { lane, clip } => sound::place(p, *lane, clip),
            Edit::MoveAudioClip { id, to_start } => sound::move_clip(p, *id, *to_start),
            Edit::SetAudioClip(clip) => sound::set_clip(p, clip),
            Edit::RemoveAudioClip(id) => sound::remove_clip(p, *id),
            Edit::SetAudioLane(lane) => sound::set_lane(p, lane),
            Edit::AddMarkers(markers) => {
                sound::add_markers(p, markers);
                Ok(())
            }
        }
    }
}

/// The story track's rules, checked after every edit: each card at least one
/// frame long, none before frame 0, none over another.
fn check_story_track(p: &Project, subject: Option<CardId>) -> Result<(), EditError> {
    for card in &p.cards {
        if card.range_in_timeline.duration < 1 {
            return Err(EditError::TooShort(card.id));
        }
        if card.range_in_timeline.start < 0 {
            return Err(EditError::BeforeStart(card.id));
        }
    }
    for pair in p.cards.windows(2) {
        let [a, b] = pair else { continue };
        if a.range_in_timeline.overlaps(b.range_in_timeline) {
            let (moving, other) = if subject == Some(b.id) {
                (b.id, a.id)
            } else {
                (a.id, b.id)
            };
            return Err(EditError::Overlap { moving, other });
        }
    }
    Ok(())
}
