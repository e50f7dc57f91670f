//! The recovery copy: an editor writes the document it has open, unsaved
//! changes and all, beside `project.json` every minute, and removes it when
//! the changes are saved or dropped. A recovery copy newer than the project
//! after a crash is offered back to the user.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::file::PROJECT_FILE_NAME;
use super::{LoadedProject, Project, ProjectError, atomic_write, load, to_json};

/// The recovery copy's name, beside `project.json`.
pub const RECOVERY_FILE_NAME: &str = "project.recovery.json";

/// Where the recovery copy of the project in `folder` goes.
pub fn recovery_path(folder: &Path) -> PathBuf {
    folder.join(RECOVERY_FILE_NAME)
}

/// Writes `project` as the recovery copy for `folder` (atomically).
pub fn write_recovery(project: &Project, folder: &Path) -> Result<(), ProjectError> {
    let path = recovery_path(folder);
    let text = to_json(project)?;
    atomic_write(&path, text.as_bytes()).map_err(|reason| ProjectError::Write { path, reason })
}

/// Removes the recovery copy (there being none is fine).
pub fn discard_recovery(folder: &Path) {
    let _ = fs::remove_file(recovery_path(folder));
}

/// A recovery copy left behind for `folder`: only one written after
/// `project.json` was last saved, and readable; with when it was written.
/// A stale or broken copy is removed (and said so in the error).
pub fn find_recovery(folder: &Path) -> Option<Result<(LoadedProject, SystemTime), ProjectError>> {
    let path = recovery_path(folder);
    let written = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let saved = fs::metadata(folder.join(PROJECT_FILE_NAME)).and_then(|m| m.modified());
    if saved.is_ok_and(|saved| saved > written) {
        discard_recovery(folder);
        return None;
    }
    Some(load(&path).map(|mut loaded| {
        loaded.folder = folder.to_path_buf();
        (loaded, written)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_copy_comes_back_until_discarded_and_not_after_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let saved = Project::new("Saved");
        super::super::save(&saved, dir.path()).unwrap();
        assert!(find_recovery(dir.path()).is_none());
        let changed = Project::new("Changed");
        write_recovery(&changed, dir.path()).unwrap();
        let (loaded, _) = find_recovery(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.project, changed);
        assert_eq!(loaded.folder, dir.path());
        discard_recovery(dir.path());
        assert!(find_recovery(dir.path()).is_none());
        // A save after the copy makes it stale: it is removed, not offered.
        write_recovery(&changed, dir.path()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        super::super::save(&saved, dir.path()).unwrap();
        assert!(find_recovery(dir.path()).is_none());
        assert!(!recovery_path(dir.path()).exists());
    }

    #[test]
    fn a_broken_recovery_copy_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(recovery_path(dir.path()), "{ half").unwrap();
        let error = find_recovery(dir.path()).unwrap().unwrap_err().to_string();
        assert!(error.contains(RECOVERY_FILE_NAME), "{error}");
    }
}
