//! New, Open, Save As, recent projects, the unsaved-changes question and
//! the recovery copy: what happens to whole documents.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use inbetween_engine::project::{
    self, LoadedProject, MEDIA_FOLDER_NAME, PROJECT_FILE_NAME, Project, discard_recovery,
    find_recovery, write_recovery,
};

use super::document::Document;
use super::{EditorApp, Selection};

/// How often unsaved changes are written to the recovery copy.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);
/// How many recent projects File ▸ Open Recent lists.
const RECENT_LIMIT: usize = 8;

/// What to do once the unsaved-changes question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Close the window.
    Close,
    /// Open this project.
    Open(PathBuf),
    /// Make a new project in this folder.
    New(PathBuf),
}

/// A recovery copy found when a project opened.
pub struct RecoveryOffer {
    /// The document as it was autosaved.
    pub loaded: LoadedProject,
    /// When.
    pub written: SystemTime,
}

impl EditorApp {
    /// Does `then` now, or asks about unsaved changes first.
    pub(super) fn after_asking(&mut self, then: Then) {
        if self.is_dirty() {
            self.confirm = Some(then);
        } else {
            self.proceed(then);
        }
    }

    /// Does `then`, changes saved or not.
    pub(super) fn proceed(&mut self, then: Then) {
        match then {
            Then::Close => self.close_confirmed = true,
            Then::Open(path) => self.open_now(&path),
            Then::New(folder) => self.new_project(&folder),
        }
    }

    /// The user chose not to save: the recovery copy goes too.
    pub(super) fn drop_changes(&mut self) {
        if let Some(doc) = &self.document {
            discard_recovery(&doc.folder);
        }
    }

    /// Replaces the open document with the project at `path`.
    pub(super) fn open_now(&mut self, path: &Path) {
        match project::load(path) {
            Ok(loaded) => {
                let folder = loaded.folder.clone();
                self.replace_document(Document::new(loaded));
                self.remember_recent(&folder);
                match find_recovery(&folder) {
                    Some(Ok((loaded, written))) => {
                        self.recovery = Some(RecoveryOffer { loaded, written });
                    }
                    Some(Err(e)) => {
                        self.notify(format!("The recovery copy is unreadable: {e}"), true)
                    }
                    None => {}
                }
            }
            Err(e) => self.notify(format!("Cannot open {}: {e}", path.display()), true),
        }
    }

    /// Makes an empty project in `folder` and opens it.
    fn new_project(&mut self, folder: &Path) {
        if folder.join(PROJECT_FILE_NAME).exists() {
            self.notify(
                format!(
                    "{} already holds a project: open it instead",
                    folder.display()
                ),
                true,
            );
            return;
        }
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("Untitled")
            .to_owned();
        match project::save(&Project::new(name), folder) {
            Ok(()) => self.open_now(folder),
            Err(e) => self.notify(format!("Cannot make a project there: {e}"), true),
        }
    }

    /// Saves the project into `folder` with copies of the media it uses,
    /// and goes on editing it there.
    pub(super) fn save_as(&mut self, folder: &Path) {
        let Some(doc) = &mut self.document else {
            return;
        };
        if folder.join(PROJECT_FILE_NAME).exists() && folder != doc.folder {
            self.notify(
                format!(
                    "{} already holds a project; choose an empty folder",
                    folder.display()
                ),
                true,
            );
            return;
        }
        if let Err(e) = copy_media(&doc.project, &doc.folder, folder) {
            self.notify(format!("Not saved: {e}"), true);
            return;
        }
        let old = std::mem::replace(&mut doc.folder, folder.to_path_buf());
        match doc.save() {
            Ok(()) => {
                discard_recovery(&old);
                // The workers read media from the old folder: start them anew.
                self.engine = None;
                self.remember_recent(folder);
                self.notify(format!("Saved as {}", folder.display()), false);
            }
            Err(e) => {
                doc.folder = old;
                self.notify(format!("Not saved: {e}"), true);
            }
        }
    }

    fn replace_document(&mut self, document: Document) {
        self.engine = None;
        self.document = Some(document);
        self.open_error = None;
        self.selection = Selection::Nothing;
        self.playback = Default::default();
        self.timeline = Default::default();
        self.inspector = Default::default();
        self.preview = Default::default();
        self.recovery = None;
        self.last_recovery = Instant::now();
    }

    /// Puts `folder` first in the recent projects.
    pub(super) fn remember_recent(&mut self, folder: &Path) {
        let folder = folder
            .canonicalize()
            .unwrap_or_else(|_| folder.to_path_buf());
        self.recent.retain(|p| *p != folder);
        self.recent.insert(0, folder);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Takes the recovery copy's document (unsaved, so Save writes it).
    pub(super) fn restore_recovery(&mut self) {
        let Some(offer) = self.recovery.take() else {
            return;
        };
        if let Some(doc) = &mut self.document {
            doc.replace_project(offer.loaded.project);
            self.notify("Restored the unsaved changes; save to keep them", false);
        }
    }

    /// Writes the recovery copy once a minute while there are unsaved changes.
    pub(super) fn autosave(&mut self) {
        if self.last_recovery.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.last_recovery = Instant::now();
        let Some(doc) = &self.document else { return };
        if !doc.is_dirty() || doc.in_gesture() {
            return;
        }
        if let Err(e) = write_recovery(&doc.project, &doc.folder) {
            self.notify(format!("Cannot write the recovery copy: {e}"), true);
        }
    }
}

/// Copies every media file `project` uses from `from` into `to`.
fn copy_media(project: &Project, from: &Path, to: &Path) -> Result<(), String> {
    if from == to {
        return Ok(());
    }
    fs::create_dir_all(to.join(MEDIA_FOLDER_NAME))
        .map_err(|e| format!("cannot make {} ({e})", to.join(MEDIA_FOLDER_NAME).display()))?;
    for (user, media) in project.media_uses() {
        let (source, target) = (from.join(media.as_str()), to.join(media.as_str()));
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot make {} ({e})", parent.display()))?;
        }
        fs::copy(&source, &target)
            .map_err(|e| format!("cannot copy {} for {user} ({e})", source.display()))?;
    }
    Ok(())
}
