//! [`EditorApp::execute`]: the one place commands are applied. Window-level
//! commands (files, dialogs, quitting) are the shell's; everything else
//! acts on the open project's session.

use std::sync::Arc;
use std::time::Instant;

use inbetween_engine::timeline::Ripple;

use super::EditorApp;
use super::command::{Command, Selection};
use super::documents::Then;
use super::files::Purpose;

impl EditorApp {
    /// Applies one command: the one place where the document changes.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::New => self.ask_file(Purpose::New),
            Command::Open => self.ask_file(Purpose::Open),
            Command::OpenPath(path) => self.after_asking(Then::Open(path)),
            Command::SaveAs => self.ask_file(Purpose::SaveAs),
            Command::ImportMedia => self.ask_file(Purpose::Import),
            Command::ReplaceMedia(id) => self.ask_file(Purpose::Replace(id)),
            Command::Quit => self.after_asking(Then::Close),
            Command::ShowShortcuts => self.show_shortcuts = true,
            Command::ShowAbout => self.show_about = true,
            Command::ShowPreferences => self.show_preferences = true,
            Command::ExportFilm => {
                if let Some(session) = &self.session {
                    let name = session.project().settings.name.clone();
                    self.export.show_for(session.folder(), &name);
                }
            }
            Command::ExportBoards => {
                if let Some(session) = &self.session {
                    let name = session.project().settings.name.clone();
                    self.boards.show_for(session.folder(), &name);
                }
            }
            Command::ExportTimeline => {
                if let Some(session) = &self.session {
                    let name = session.project().settings.name.clone();
                    self.timeline_export.show_for(session.folder(), &name);
                }
            }
            Command::ImportTimeline => self.ask_file(Purpose::ImportTimeline),
            Command::Copy | Command::Cut => {
                if let Some(session) = &mut self.session {
                    self.clipboard_text = session.copy_selection();
                    if command == Command::Cut {
                        session.delete_selection(Ripple::No);
                    }
                }
            }
            Command::DetectBeats(id) => {
                if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
                    session.detect_beats(id, waker.clone());
                }
            }
            Command::GenerateTakes(key) => {
                if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
                    let models = Arc::clone(&self.models.registry);
                    session.generate_takes(key, models, waker.clone());
                }
            }
            Command::Import(files, at) => {
                if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
                    session.import(files, at, waker.clone());
                }
            }
            Command::Seek(frame) => self.seek(frame),
            other => self.session_command(other),
        }
        self.collect_notices();
    }

    /// Moves the playhead; scrubbing while stopped plays a short, faded
    /// snippet of sound.
    fn seek(&mut self, frame: i64) {
        let now = Instant::now();
        let Some(session) = &mut self.session else {
            return;
        };
        let (rate, end) = session.film_clock();
        let frame = frame.clamp(0, end - 1);
        let playback = &mut session.playback;
        let moved = playback.frame(now, rate, end) != frame;
        playback.seek(frame, now);
        if moved
            && !playback.is_playing()
            && let Some(sound) = &self.sound
        {
            sound.snippet(rate.samples_at(frame, inbetween_engine::audio::SAMPLE_RATE));
        }
    }

    /// A command that acts on the open project (none: nothing to do).
    fn session_command(&mut self, command: Command) {
        let now = Instant::now();
        let playhead = self.playhead();
        let Some(session) = &mut self.session else {
            return;
        };
        let (rate, end) = session.film_clock();
        let playback = &mut session.playback;
        match command {
            Command::Save => session.save(),
            Command::Undo => session.undo(false),
            Command::Redo => session.undo(true),
            // Boards have no places on the film: taking one out closes up.
            Command::Delete if session.board_view => session.delete_selection(Ripple::Yes),
            Command::Delete => session.delete_selection(Ripple::No),
            Command::RippleDelete => session.delete_selection(Ripple::Yes),
            Command::Paste => session.paste(playhead),
            Command::Duplicate => session.duplicate_selection(),
            Command::ToggleBoardView => session.board_view = !session.board_view,
            Command::NewTextCard(at) => session.new_text_card(at.unwrap_or(playhead)),
            Command::SelectAll => {
                let ids = session.project().cards.iter().map(|c| c.id).collect();
                session.selection = Selection::Cards(ids);
            }
            Command::TogglePlay => playback.toggle(now, rate, end),
            Command::Shuttle(direction) => playback.shuttle(direction, now, rate, end),
            Command::StepFrames(n) => {
                let frame = playback.frame(now, rate, end);
                playback.stop_at((frame + n).clamp(0, end - 1));
            }
            Command::GoToStart => playback.stop_at(0),
            Command::GoToEnd => playback.stop_at(end - 1),
            Command::ToggleLoop => playback.looping = !playback.looping,
            Command::MarkIn => playback.mark_in = Some(playback.frame(now, rate, end)),
            Command::MarkOut => playback.mark_out = Some(playback.frame(now, rate, end) + 1),
            Command::ZoomIn => session.timeline.zoom(1.5, 0.0),
            Command::ZoomOut => session.timeline.zoom(1.0 / 1.5, 0.0),
            Command::ZoomToFit => session.timeline.fit(),
            Command::Select(selection) => session.selection = selection,
            Command::ToggleInSelection(id) => {
                let mut ids = match std::mem::take(&mut session.selection) {
                    Selection::Cards(ids) => ids,
                    _ => Vec::new(),
                };
                if let Some(i) = ids.iter().position(|x| *x == id) {
                    ids.remove(i);
                } else {
                    ids.push(id);
                }
                session.selection = Selection::Cards(ids);
            }
            Command::Edit(edit) => session.edit(&edit),
            Command::RegenerateGap(key) => session.regenerate(key, playhead),
            Command::BeginGesture(label) => session.document.begin_gesture(label),
            Command::EndGesture => session.document.end_gesture(),
            Command::EditFraming(edit) => {
                if let Some(edit) = edit
                    && let Some(card) = session.project().card(edit.card)
                {
                    let frame = card.range_in_timeline.start + edit.end.frame_in_card(card);
                    session.playback.stop_at(frame);
                }
                session.framing = edit;
                session.settle_framing();
            }
            // The shell's own commands, handled in `execute`.
            Command::New
            | Command::Open
            | Command::OpenPath(_)
            | Command::SaveAs
            | Command::ImportMedia
            | Command::ReplaceMedia(_)
            | Command::Quit
            | Command::ShowShortcuts
            | Command::ShowAbout
            | Command::ShowPreferences
            | Command::ExportFilm
            | Command::ExportBoards
            | Command::ExportTimeline
            | Command::ImportTimeline
            | Command::Copy
            | Command::Cut
            | Command::DetectBeats(_)
            | Command::GenerateTakes(_)
            | Command::Import(..)
            | Command::Seek(_) => {}
        }
    }
}
