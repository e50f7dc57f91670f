use std::path::PathBuf;

use super::Problem;

/// Why a project could not be loaded or saved. Messages name the file last.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The folder has no `project.json`.
    #[error("not an Inbetween project (no project.json in the folder): {}", path.display())]
    NotAProject {
        /// The folder looked in.
        path: PathBuf,
    },
    /// The file could not be read.
    #[error("cannot read the project file ({reason}): {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error (part of this message, so not a `source`).
        reason: std::io::Error,
    },
    /// The file is larger than a project file can be (see
    /// `limits::MAX_PROJECT_FILE_BYTES`): not read.
    #[error("the project file is {bytes} bytes, more than the {max} a project file may hold: {}", path.display(), max = super::limits::MAX_PROJECT_FILE_BYTES)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// The file is not JSON.
    #[error("the project file is not valid JSON at line {line}, column {column} ({message}): {}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The JSON does not have the project's shape.
    #[error("the project file has a bad value at {field}{} ({message}): {}", position(*line, *column), path.display())]
    Schema {
        /// The file.
        path: PathBuf,
        /// Where in the document, such as `cards[2].range_in_timeline.duration_frames`.
        field: String,
        /// 1-based line (0 when the file was migrated and has no position).
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// Written by a newer Inbetween; not read, and never overwritten.
    #[error(
        "the project was saved by a newer Inbetween (schema version {found}; this build reads up to {supported}); it was left untouched: {}",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// An old file could not be upgraded.
    #[error("cannot upgrade the project from schema version {from} ({message}): {}", path.display())]
    Migration {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        from: u32,
        /// What was missing or wrong.
        message: String,
    },
    /// The document breaks its rules (overlapping cards, duplicate ids, …).
    #[error("the project is not valid:\n{}\nin {}", list(problems), path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found, errors first.
        problems: Vec<Problem>,
    },
    /// The project could not be written; the previous file is intact.
    #[error("cannot save the project ({reason}); the previous file is unchanged: {}", path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// The I/O error (part of this message, so not a `source`).
        reason: std::io::Error,
    },
    /// The document could not be turned into JSON (a bug, not bad input).
    #[error("cannot encode the project as JSON ({0})")]
    Encode(#[from] serde_json::Error),
}

fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(", line {line}, column {column}")
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
