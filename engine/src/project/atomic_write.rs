//! Writing a file so that a crash or error at any moment leaves either the old
//! file or the new one, never a mix.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The steps of an atomic write, in order. Tests inject failures at each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    /// Creating the temporary file beside the target.
    CreateTemp,
    /// Writing the bytes into it.
    Write,
    /// Flushing it to the disk (`fsync`).
    Sync,
    /// Renaming it over the target: the one moment the file changes.
    Rename,
    /// Flushing the folder so the rename itself survives a power cut.
    SyncFolder,
}

impl SaveStep {
    /// Every step, in the order they happen.
    pub const ALL: [SaveStep; 5] = [
        SaveStep::CreateTemp,
        SaveStep::Write,
        SaveStep::Sync,
        SaveStep::Rename,
        SaveStep::SyncFolder,
    ];
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder is written, flushed to disk, then renamed over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic_write_with(path, bytes, &mut |_| Ok(()))
}

/// [`atomic_write`], calling `before_step` before each step; an error it
/// returns aborts the write as a real failure at that step would.
pub fn atomic_write_with(
    path: &Path,
    bytes: &[u8],
    before_step: &mut dyn FnMut(SaveStep) -> io::Result<()>,
) -> io::Result<()> {
    let temp = temp_path(path);
    let result = write_then_rename(path, &temp, bytes, before_step);
    if result.is_err() {
        // Best effort: the temporary file is garbage whatever happened.
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_then_rename(
    path: &Path,
    temp: &Path,
    bytes: &[u8],
    before_step: &mut dyn FnMut(SaveStep) -> io::Result<()>,
) -> io::Result<()> {
    before_step(SaveStep::CreateTemp)?;
    let mut file = File::create(temp)?;
    before_step(SaveStep::Write)?;
    file.write_all(bytes)?;
    before_step(SaveStep::Sync)?;
    file.sync_all()?;
    drop(file);
    before_step(SaveStep::Rename)?;
    fs::rename(temp, path)?;
    before_step(SaveStep::SyncFolder)?;
    sync_folder(path)
}

/// `project.json` → `project.json.tmp-<pid>`: beside the target (so the rename
/// stays on one file system) and unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

#[cfg(unix)]
fn sync_folder(path: &Path) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_path: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file to flush it; the rename is
    // already durable enough there (MoveFileEx with write-through is used by std).
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        fs::write(&path, "old").unwrap();
        atomic_write(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failure_at_any_step_before_the_rename_keeps_the_old_file() {
        for fail_at in SaveStep::ALL {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.json");
            fs::write(&path, "old").unwrap();
            let result = atomic_write_with(&path, b"new", &mut |step| {
                if step == fail_at {
                    Err(io::Error::other("injected"))
                } else {
                    Ok(())
                }
            });
            assert!(result.is_err(), "{fail_at:?}");
            let after_rename = fail_at == SaveStep::SyncFolder;
            let expected = if after_rename { "new" } else { "old" };
            assert_eq!(fs::read_to_string(&path).unwrap(), expected, "{fail_at:?}");
            let names: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(
                names.len(),
                1,
                "temporary file left behind after {fail_at:?}: {names:?}"
            );
        }
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("f.json");
        assert!(atomic_write(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
