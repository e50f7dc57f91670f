//! Undo and redo.
//!
//! History keeps whole snapshots of the document: projects are small (a few
//! kilobytes of cards and settings), so a snapshot per step is cheaper and
//! far harder to get wrong than inverse edits. One step is one [`Edit`], or
//! one *gesture* (a drag that applies many edits) between
//! [`History::begin_gesture`] and [`History::end_gesture`]. History is
//! bounded and never saved.

use std::collections::VecDeque;

use crate::project::Project;
use crate::timeline::{Edit, EditError};

/// How many steps are kept when no limit is given.
pub const DEFAULT_LIMIT: usize = 200;

/// The undo and redo stacks of one open project.
#[derive(Debug)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    gesture: Option<Step>,
    limit: usize,
}

#[derive(Debug)]
struct Step {
    label: String,
    project: Project,
}

impl Default for History {
    fn default() -> Self {
        Self::new(DEFAULT_LIMIT)
    }
}

impl History {
    /// Empty history keeping at most `limit` undo steps (at least one).
    pub fn new(limit: usize) -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            gesture: None,
            limit: limit.max(1),
        }
    }

    /// Applies `edit` to `project` as one undoable step, or as part of the open
    /// gesture. A failed edit changes nothing and records nothing.
    pub fn apply(&mut self, project: &mut Project, edit: &Edit) -> Result<(), EditError> {
        if self.gesture.is_some() {
            return edit.apply(project);
        }
        let before = project.clone();
        edit.apply(project)?;
        self.record(edit.label(), before, project);
        Ok(())
    }

    /// Starts a gesture: every edit until [`Self::end_gesture`] is one step
    /// named `label`. An open gesture is ended first.
    pub fn begin_gesture(&mut self, project: &Project, label: impl Into<String>) {
        self.end_gesture(project);
        self.gesture = Some(Step {
            label: label.into(),
            project: project.clone(),
        });
    }

    /// Ends the open gesture, recording it if it changed anything.
    pub fn end_gesture(&mut self, project: &Project) {
        if let Some(Step {
            label,
            project: before,
        }) = self.gesture.take()
        {
            self.record(label, before, project);
        }
    }

    /// Abandons the open gesture, putting the project back as it was before it.
    pub fn cancel_gesture(&mut self, project: &mut Project) {
        if let Some(step) = self.gesture.take() {
            *project = step.project;
        }
    }

    /// True while a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.gesture.is_some()
    }

    /// Undoes the last step; returns its label, or `None` when there is none.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        self.end_gesture(project);
        let step = self.undo.pop_back()?;
        let after = std::mem::replace(project, step.project);
        self.redo.push(Step {
            label: step.label.clone(),
            project: after,
        });
        Some(step.label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        self.end_gesture(project);
        let step = self.redo.pop()?;
        let before = std::mem::replace(project, step.project);
        self.push_undo(Step {
            label: step.label.clone(),
            project: before,
        });
        Some(step.label)
    }

    /// The label of the step Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.label.as_str())
    }

    /// The label of the step Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Forgets everything (after opening another project).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = None;
    }

    fn record(&mut self, label: String, before: Project, after: &Project) {
        if &before == after {
            return;
        }
        self.redo.clear();
        self.push_undo(Step {
            label,
            project: before,
        });
    }

    fn push_undo(&mut self, step: Step) {
        self.undo.push_back(step);
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }
}
