//! New, Open, Save As, recent projects, the unsaved-changes question and
//! the recovery copy: what happens to whole documents.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use inbetween_engine::project::{self, LoadedProject, PROJECT_FILE_NAME, Project};

use super::EditorApp;
use super::document::Document;
use super::session::Session;

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

    /// Replaces the open project with the one at `path`: a new session.
    pub(super) fn open_now(&mut self, path: &Path) {
        match project::load(path) {
            Ok(loaded) => {
                let folder = loaded.folder.clone();
                self.replace_session(Session::new(Document::new(loaded)));
                self.remember_recent(&folder);
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
    /// and goes on editing it there. The media is copied on a worker
    /// ([`Session::start_save_as`]); the project is saved there once it is in.
    pub(super) fn save_as(&mut self, folder: &Path) {
        let (Some(session), Some(waker)) = (&mut self.session, &self.waker) else {
            return;
        };
        if folder.join(PROJECT_FILE_NAME).exists() && folder != session.folder() {
            self.notify(
                format!(
                    "{} already holds a project; choose an empty folder",
                    folder.display()
                ),
                true,
            );
            return;
        }
        session.start_save_as(folder.to_path_buf(), waker.clone());
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
}

/// How long ago, as a person says it: "just now", "1 minute ago",
/// "5 minutes ago", "2 hours ago".
pub fn ago(elapsed: Duration) -> String {
    let minutes = elapsed.as_secs() / 60;
    match minutes {
        0 => "just now".into(),
        1 => "1 minute ago".into(),
        2..=119 => format!("{minutes} minutes ago"),
        _ => format!("{} hours ago", minutes / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_said_in_words() {
        assert_eq!(ago(Duration::from_secs(20)), "just now");
        assert_eq!(ago(Duration::from_secs(61)), "1 minute ago");
        assert_eq!(ago(Duration::from_secs(60 * 7)), "7 minutes ago");
        assert_eq!(ago(Duration::from_secs(60 * 60 * 3)), "3 hours ago");
    }
}
