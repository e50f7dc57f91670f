use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A media file, named by its path relative to the project folder, with `/`
/// separators on every platform (`media/bunny.mp4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MediaRef(String);

impl MediaRef {
    /// A reference to `relative_path` inside the project folder.
    pub fn new(relative_path: impl Into<String>) -> Self {
        Self(relative_path.into().replace('\\', "/"))
    }

    /// The path as written in `project.json`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file's location on disk for a project stored in `project_folder`.
    /// `..` and `.` parts are skipped, so the file is always inside the
    /// folder (validation refuses such paths anyway).
    pub fn resolve(&self, project_folder: &Path) -> PathBuf {
        self.0
            .split('/')
            .filter(|part| !part.is_empty() && *part != "." && *part != "..")
            .fold(project_folder.to_path_buf(), |path, part| path.join(part))
    }

    /// Why this path cannot name a file in a portable project, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        if self.0.trim().is_empty() {
            Some("the media path is empty")
        } else if self.0.starts_with('/') || Path::new(&self.0).is_absolute() || has_drive(&self.0)
        {
            Some("the media path is absolute; media paths are relative to the project folder")
        } else if self.0.split('/').any(|part| part == "..") {
            Some("the media path goes up out of the project folder (`..`); media stay inside it")
        } else if self.0.chars().count() > super::limits::MAX_PATH_CHARS {
            Some("the media path is longer than 4096 characters")
        } else {
            None
        }
    }
}

fn has_drive(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

impl fmt::Display for MediaRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_project() {
        let m = MediaRef::new("media\\a.png");
        assert_eq!(m.as_str(), "media/a.png");
        assert_eq!(m.resolve(Path::new("/p")), PathBuf::from("/p/media/a.png"));
        assert_eq!(m.problem(), None);
    }

    #[test]
    fn rejects_absolute_and_empty_paths() {
        assert!(MediaRef::new("/etc/passwd").problem().is_some());
        assert!(MediaRef::new("C:/film.mp4").problem().is_some());
        assert!(MediaRef::new("  ").problem().is_some());
        let up = MediaRef::new("media/../../secret.png");
        assert!(up.problem().unwrap().contains(".."));
        assert_eq!(
            up.resolve(Path::new("/p")),
            PathBuf::from("/p/media/secret.png")
        );
        assert!(MediaRef::new("a".repeat(5000)).problem().is_some());
    }
}
