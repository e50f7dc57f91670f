//! The session's files: imports and Replace media on workers, Save, Save
//! As with its media copied on a worker, autosave and the recovery copy.

use std::path::PathBuf;
use std::time::Instant;

use inbetween_engine::jobs::{Job, JobEvent, NoProgress, Waker};
use inbetween_engine::project::import::copy_media;
use inbetween_engine::project::{CardId, discard_recovery, write_recovery};

use super::super::command::Selection;
use super::super::documents::AUTOSAVE_EVERY;
use super::super::import::{self, Import, Target};
use super::super::library::Library;
use super::Session;

impl Session {
    /// Shows `file` in card `id` instead of what it showed (imported on a
    /// worker, like any import; the card changes when it is in).
    pub fn replace_media(&mut self, id: CardId, file: PathBuf, waker: Waker) {
        self.start_import(vec![file], Target::Replace(id), waker);
    }

    /// Imports `files` on a worker: pictures and clips become cards from
    /// `at` on, sounds go on the first audio lane.
    pub fn import(&mut self, files: Vec<PathBuf>, at: i64, waker: Waker) {
        self.start_import(files, Target::Timeline(at), waker);
    }

    fn start_import(&mut self, files: Vec<PathBuf>, target: Target, waker: Waker) {
        let (folder, rate) = (
            self.folder().to_path_buf(),
            self.project().settings.frame_rate,
        );
        match Import::start(folder, files, rate, target, waker) {
            Ok(import) => self.imports.push(import),
            Err(reason) => self.notify(reason, true),
        }
    }

    /// How far the imports under way have got (None: none is running).
    pub fn importing(&self) -> Option<f64> {
        let count = self.imports.len();
        (count > 0).then(|| self.imports.iter().map(|i| i.done).sum::<f64>() / count as f64)
    }

    /// Takes in the imports that have finished.
    pub fn poll_imports(&mut self) {
        let mut finished = Vec::new();
        self.imports.retain_mut(|import| match import.poll() {
            Some(done) => {
                finished.push(done);
                false
            }
            None => true,
        });
        for (target, results) in finished {
            match target {
                Target::Timeline(at) => {
                    let placed = import::place(&mut self.document, results, at);
                    if !placed.cards.is_empty() {
                        self.selection = Selection::Cards(placed.cards);
                    }
                    for (text, error) in placed.notices {
                        self.notify(text, error);
                    }
                }
                Target::Replace(id) => match import::replacement(self.project(), id, results) {
                    Ok(edit) => self.edit(&edit),
                    Err(reason) => self.notify(reason, true),
                },
            }
            self.library.refresh();
        }
    }

    /// Save As: copies the media the document uses into `folder` on a
    /// worker; [`Self::poll_save_as`] saves there once they are in.
    pub fn start_save_as(&mut self, folder: PathBuf, waker: Waker) {
        if self.save_as.is_some() {
            self.notify("Save As is already copying the media", true);
            return;
        }
        let (project, from, to) = (
            self.project().clone(),
            self.folder().to_path_buf(),
            folder.clone(),
        );
        match Job::spawn("save as", waker, move |ctx| {
            copy_media(&project, &from, &to, ctx)
        }) {
            Ok(job) => self.save_as = Some((folder, job)),
            Err(e) => self.notify(format!("Not saved: cannot start copying ({e})"), true),
        }
    }

    /// True while Save As copies media.
    pub fn saving_as(&self) -> bool {
        self.save_as.is_some()
    }

    /// Once Save As's media is in: saves the document there and goes on
    /// editing it there; the folder saved into, when it was.
    pub fn poll_save_as(&mut self) -> Option<PathBuf> {
        let (_, job) = self.save_as.as_ref()?;
        let mut finished = None;
        while let Some(event) = job.try_recv() {
            if let JobEvent::Finished(result) = event {
                finished = Some(result);
            }
        }
        let copied = finished?;
        let (folder, _) = self.save_as.take()?;
        // Media added while copying is copied now (what is there is skipped).
        let copied =
            copied.and_then(|()| copy_media(self.project(), self.folder(), &folder, &NoProgress));
        if let Err(e) = copied {
            self.notify(format!("Not saved: {e}"), true);
            return None;
        }
        let doc = &mut self.document;
        let old = std::mem::replace(&mut doc.folder, folder.clone());
        match doc.save() {
            Ok(()) => {
                discard_recovery(&old);
                // The workers and the library read the old folder: start anew.
                self.workers = None;
                self.library = Library::for_folder(&folder);
                self.notify(format!("Saved as {}", folder.display()), false);
                Some(folder)
            }
            Err(e) => {
                doc.folder = old;
                self.notify(format!("Not saved: {e}"), true);
                None
            }
        }
    }

    /// Writes `project.json`.
    pub fn save(&mut self) {
        match self.document.save() {
            Ok(()) => {
                discard_recovery(&self.document.folder);
                self.notify("Saved", false);
            }
            Err(e) => self.notify(format!("Not saved: {e}"), true),
        }
    }

    /// The user chose not to save: the recovery copy goes too.
    pub fn drop_changes(&mut self) {
        discard_recovery(&self.document.folder);
    }

    /// Takes the recovery copy's document (unsaved, so Save writes it).
    pub fn restore_recovery(&mut self) {
        let Some(offer) = self.recovery.take() else {
            return;
        };
        self.document.replace_project(offer.loaded.project);
        self.notify("Restored the unsaved changes; save to keep them", false);
    }

    /// Writes the recovery copy once a minute while there are unsaved changes.
    pub fn autosave(&mut self) {
        if self.last_recovery.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.last_recovery = Instant::now();
        let doc = &self.document;
        if !doc.is_dirty() || doc.in_gesture() {
            return;
        }
        if let Err(e) = write_recovery(&doc.project, &doc.folder) {
            self.notify(format!("Cannot write the recovery copy: {e}"), true);
        }
    }
}
