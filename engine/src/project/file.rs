//! Loading and saving a project folder.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::file_format::ProjectFile;
use super::migrate::{self, CURRENT_SCHEMA_VERSION};
use super::{Problem, Project, ProjectError, Severity, atomic_write, validate};

/// The document's file name inside a project folder.
pub const PROJECT_FILE_NAME: &str = "project.json";
/// The folder inside a project that imported media is copied into.
pub const MEDIA_FOLDER_NAME: &str = "media";

/// A project read from disk, with what was noticed on the way.
#[derive(Debug, Clone)]
pub struct LoadedProject {
    /// The document.
    pub project: Project,
    /// The project folder; media paths are relative to it.
    pub folder: PathBuf,
    /// The schema version the file had, when it was older and was upgraded
    /// in memory (the file itself changes only when the user saves).
    pub upgraded_from: Option<u32>,
    /// Problems that do not stop the project from opening.
    pub warnings: Vec<Problem>,
}

/// Reads a project from its folder (or from its `project.json`), upgrading
/// older schemas and checking the document's rules.
pub fn load(path: &Path) -> Result<LoadedProject, ProjectError> {
    let (folder, file) = locate(path)?;
    // A save killed part-way left its temporary file: cleared (only those
    // whose writer is gone).
    super::litter::sweep(&folder);
    super::litter::sweep_shared(&folder.join(".cache").join("gaps"));
    let text = read_text(&file)?;
    from_text(&text, &file, &folder)
}

/// The text of the project file `file`, refused unread past
/// [`MAX_PROJECT_FILE_BYTES`](super::limits::MAX_PROJECT_FILE_BYTES).
fn read_text(file: &Path) -> Result<String, ProjectError> {
    use std::io::Read;
    let read_error = |reason| ProjectError::Read {
        path: file.to_path_buf(),
        reason,
    };
    let max = super::limits::MAX_PROJECT_FILE_BYTES;
    let opened = fs::File::open(file).map_err(read_error)?;
    let bytes = opened.metadata().map_err(read_error)?.len();
    if bytes > max {
        return Err(ProjectError::TooLarge {
            path: file.to_path_buf(),
            bytes,
        });
    }
    // Read no more than the limit, should the file grow meanwhile.
    let mut text = String::new();
    opened
        .take(max + 1)
        .read_to_string(&mut text)
        .map_err(read_error)?;
    if text.len() as u64 > max {
        return Err(ProjectError::TooLarge {
            path: file.to_path_buf(),
            bytes: text.len() as u64,
        });
    }
    Ok(text)
}

/// [`load`] of a `project.json` already read: `text` as if it were `file`
/// in `folder` (what the fuzz target drives).
pub fn from_text(text: &str, file: &Path, folder: &Path) -> Result<LoadedProject, ProjectError> {
    let (file, folder) = (file.to_path_buf(), folder.to_path_buf());
    let (project, upgraded_from) = parse(text, &file)?;
    let (errors, warnings): (Vec<_>, Vec<_>) = validate(&project)
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(ProjectError::Invalid {
            path: file,
            problems: errors.into_iter().chain(warnings).collect(),
        });
    }
    Ok(LoadedProject {
        project,
        folder,
        upgraded_from,
        warnings,
    })
}

/// Writes `project` into `folder` (creating it and its `media/` folder),
/// replacing `project.json` atomically. Refuses to replace a file written by
/// a newer Inbetween.
pub fn save(project: &Project, folder: &Path) -> Result<(), ProjectError> {
    let file = folder.join(PROJECT_FILE_NAME);
    refuse_newer(&file)?;
    fs::create_dir_all(folder.join(MEDIA_FOLDER_NAME)).map_err(|reason| ProjectError::Write {
        path: folder.to_path_buf(),
        reason,
    })?;
    let text = to_json(project)?;
    super::litter::sweep(folder);
    atomic_write(&file, text.as_bytes())
        .map_err(|reason| ProjectError::Write { path: file, reason })
}

/// The exact text [`save`] writes: the same document always gives the same
/// bytes, in timeline order, so saves diff cleanly.
pub fn to_json(project: &Project) -> Result<String, ProjectError> {
    let file = ProjectFile::from_project(project, CURRENT_SCHEMA_VERSION);
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}

fn locate(path: &Path) -> Result<(PathBuf, PathBuf), ProjectError> {
    if path.is_dir() {
        let file = path.join(PROJECT_FILE_NAME);
        if !file.exists() {
            return Err(ProjectError::NotAProject {
                path: path.to_path_buf(),
            });
        }
        return Ok((path.to_path_buf(), file));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, path.to_path_buf()))
}

fn parse(text: &str, file: &Path) -> Result<(Project, Option<u32>), ProjectError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ProjectError::Json {
        path: file.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e),
    })?;
    let version = migrate::declared_version(&doc).map_err(|message| ProjectError::Schema {
        path: file.to_path_buf(),
        field: "schema_version".to_owned(),
        line: 0,
        column: 0,
        message,
    })?;
    let version = match u32::try_from(version) {
        Ok(v) if v <= CURRENT_SCHEMA_VERSION => v,
        _ => {
            return Err(ProjectError::TooNew {
                path: file.to_path_buf(),
                found: version,
                supported: CURRENT_SCHEMA_VERSION,
            });
        }
    };
    if version == CURRENT_SCHEMA_VERSION {
        // Parse the text itself so errors keep their line and column.
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed: ProjectFile =
            serde_path_to_error::deserialize(&mut de).map_err(|e| schema_error(file, e))?;
        return Ok((parsed.into_project(), None));
    }
    let upgraded = migrate::upgrade(doc, version).map_err(|message| ProjectError::Migration {
        path: file.to_path_buf(),
        from: version,
        message,
    })?;
    let parsed: ProjectFile =
        serde_path_to_error::deserialize(upgraded).map_err(|e| schema_error(file, e))?;
    Ok((parsed.into_project(), Some(version)))
}

fn schema_error(file: &Path, e: serde_path_to_error::Error<serde_json::Error>) -> ProjectError {
    let field = match e.path().to_string() {
        p if p == "." => "the top level".to_owned(),
        p => p,
    };
    let inner = e.into_inner();
    ProjectError::Schema {
        path: file.to_path_buf(),
        field,
        line: inner.line(),
        column: inner.column(),
        message: strip_position(&inner),
    }
}

/// serde_json appends " at line L column C" (reported separately here) and
/// names Rust types; say what a person would write instead.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    [
        ("i64", "a whole number"),
        ("u64", "a whole number of at least 0"),
        ("u32", "a whole number of at least 0"),
        ("f32", "a number"),
        ("a boolean", "true or false"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (rust, words)| {
        t.replace(&format!("expected {rust}"), &format!("expected {words}"))
    })
}

fn refuse_newer(file: &Path) -> Result<(), ProjectError> {
    let Ok(text) = read_text(file) else {
        return Ok(());
    };
    let Ok(doc) = serde_json::from_str::<Value>(&text) else {
        return Ok(());
    };
    match migrate::declared_version(&doc) {
        Ok(found) if found > u64::from(CURRENT_SCHEMA_VERSION) => Err(ProjectError::TooNew {
            path: file.to_path_buf(),
            found,
            supported: CURRENT_SCHEMA_VERSION,
        }),
        _ => Ok(()),
    }
}
