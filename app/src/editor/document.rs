//! The open project: the document, its folder, its undo history, and
//! whether it has changes not yet saved.

use std::path::PathBuf;

use inbetween_engine::history::History;
use inbetween_engine::project::{self, LoadedProject, Project};
use inbetween_engine::timeline::{Edit, EditError};

/// How many undo steps the editor keeps.
const UNDO_LIMIT: usize = 200;

/// A project open in the editor.
pub struct Document {
    /// The document as it is now.
    pub project: Project,
    /// The project folder (media paths are relative to it).
    pub folder: PathBuf,
    history: History,
    /// The document as last saved (or opened), to tell whether it changed.
    saved: Project,
    /// Bumped by every change to what the film shows, so views and workers
    /// can tell their copy is out of date.
    version: u64,
}

impl Document {
    /// A document from a loaded project.
    pub fn new(loaded: LoadedProject) -> Self {
        Self {
            saved: loaded.project.clone(),
            project: loaded.project,
            folder: loaded.folder,
            history: History::new(UNDO_LIMIT),
            version: 0,
        }
    }

    /// The change counter: different whenever the film may look different.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// True when there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.project != self.saved
    }

    /// Applies `edit` as one undo step (or as part of the open gesture).
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit)?;
        self.version += 1;
        Ok(())
    }

    /// Starts a gesture (a drag): every edit until [`Self::end_gesture`] is
    /// one undo step called `label`.
    pub fn begin_gesture(&mut self, label: &str) {
        self.history.begin_gesture(&self.project, label);
    }

    /// Ends the open gesture.
    pub fn end_gesture(&mut self) {
        self.history.end_gesture(&self.project);
    }

    /// Abandons the open gesture: the document is as before it.
    pub fn cancel_gesture(&mut self) {
        self.history.cancel_gesture(&mut self.project);
        self.version += 1;
    }

    /// True while a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.history.in_gesture()
    }

    /// Undoes the last step; its label, if there was one.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.project)?;
        self.version += 1;
        Some(label)
    }

    /// Redoes the last undone step; its label, if there was one.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.project)?;
        self.version += 1;
        Some(label)
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Changes the document without an undo step and without making it
    /// dirty, for what the engine reports (a gap's recipe): it does not
    /// change what the film shows, and the next save writes it.
    pub fn record(&mut self, change: impl Fn(&mut Project)) {
        change(&mut self.project);
        change(&mut self.saved);
    }

    /// Puts `project` in place of the document (a restored recovery copy):
    /// a change that is not saved yet, and cannot be undone.
    pub fn replace_project(&mut self, project: Project) {
        self.history.clear();
        self.project = project;
        self.version += 1;
    }

    /// Writes `project.json` (atomically); the document is then clean.
    pub fn save(&mut self) -> Result<(), project::ProjectError> {
        self.history.end_gesture(&self.project);
        project::save(&self.project, &self.folder)?;
        self.saved = self.project.clone();
        Ok(())
    }
}
