//! What a killed process leaves behind, and clearing it away. Every
//! temporary file or folder Inbetween writes carries its writer's process
//! id in its name:
//!
//! - `project.json.tmp-<pid>` (and any `<file>.tmp-<pid>` of an atomic write),
//! - `.<film>.partial-<pid>` beside an export or a `--with-media` file,
//! - `.cache/gaps/.<key>.partial-<pid>/`, a gap being filed.
//!
//! Opening a project, a save, an export and a fill sweep the folders they
//! write into: a temporary whose writer is no longer running is removed,
//! one whose writer is alive (another Inbetween at work) is left alone.
//! Whether a process is alive is asked of the system with a null signal
//! (`kill(pid, 0)`, on Linux, macOS and the BSDs); on a system where it
//! cannot be told (Windows) nothing is removed.
//!
//! A gap cache may be shared by several machines (`fill --cache DIR`), where
//! a process id names a process on another machine: there a temporary must
//! also have been left untouched for an hour ([`SHARED_MIN_AGE`]; a writer
//! at work touches its folder with every frame) before it is removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a temporary in a folder several machines may share must have
/// been left untouched before it is swept.
pub const SHARED_MIN_AGE: Duration = Duration::from_secs(3600);

/// The writer's process id when `name` is one of our temporaries.
pub fn writer_of(name: &str) -> Option<u32> {
    let digits = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if let Some((stem, pid)) = name.rsplit_once(".tmp-")
        && !stem.is_empty()
    {
        return digits(pid);
    }
    if let Some(rest) = name.strip_prefix('.')
        && let Some((stem, pid)) = rest.rsplit_once(".partial-")
        && !stem.is_empty()
    {
        return digits(pid);
    }
    None
}

/// Whether process `pid` is running, when that can be told (None: it
/// cannot, on a system without Unix signals).
pub fn is_running(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    process_exists(pid)
}

#[cfg(unix)]
fn process_exists(pid: u32) -> Option<bool> {
    use rustix::io::Errno;
    // Ids past i32 (or 0) name no process a temporary could come from.
    let pid = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)?;
    match rustix::process::test_kill_process(pid) {
        Ok(()) => Some(true),
        // It exists, but belongs to someone we may not signal.
        Err(Errno::PERM) => Some(true),
        Err(Errno::SRCH) => Some(false),
        Err(_) => None,
    }
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> Option<bool> {
    None
}

/// Removes from `folder` the temporaries whose writer is gone; what was
/// removed. A folder that cannot be read is left as it is.
pub fn sweep(folder: &Path) -> Vec<PathBuf> {
    sweep_older(folder, Duration::ZERO)
}

/// [`sweep`] for a folder other machines may write into too: only what has
/// also been untouched for [`SHARED_MIN_AGE`].
pub fn sweep_shared(folder: &Path) -> Vec<PathBuf> {
    sweep_older(folder, SHARED_MIN_AGE)
}

fn sweep_older(folder: &Path, min_age: Duration) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(folder) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_of) else {
            continue;
        };
        if is_running(pid) != Some(false) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if !min_age.is_zero() && age.is_none_or(|age| age < min_age) {
            continue;
        }
        let path = entry.path();
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        if gone.is_ok() {
            removed.push(path);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_temporaries_are_known_by_name() {
        assert_eq!(writer_of("project.json.tmp-4242"), Some(4242));
        assert_eq!(writer_of(".film.mp4.partial-77"), Some(77));
        assert_eq!(writer_of(".0af3.partial-9"), Some(9));
        for other in [
            "project.json",
            "film.mp4",
            ".tmp-1",
            "a.tmp-x",
            "film.partial-3",
            ".partial-3",
        ] {
            assert_eq!(writer_of(other), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_running_process_is_told_from_one_that_has_exited() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        let id = child.id();
        assert_eq!(is_running(id), Some(true));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(is_running(id), Some(false));
        // Process 1 runs as another user when the tests do not run as root.
        assert_eq!(is_running(1), Some(true));
        assert_eq!(is_running(0), None);
        assert_eq!(is_running(u32::MAX), None);
    }

    #[cfg(unix)]
    #[test]
    fn only_the_dead_writers_temporaries_go() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has exited: its id names no running process.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        let stale = dir.path().join(format!("project.json.tmp-{dead}"));
        let stale_dir = dir.path().join(format!(".abc.partial-{dead}"));
        let live = dir.path().join(format!(".film.mp4.partial-{me}"));
        let kept = dir.path().join("project.json");
        fs::write(&stale, "x").unwrap();
        fs::create_dir_all(stale_dir.join("inner")).unwrap();
        fs::write(&live, "x").unwrap();
        fs::write(&kept, "x").unwrap();
        let mut removed = sweep(dir.path());
        removed.sort();
        let mut want = vec![stale.clone(), stale_dir.clone()];
        want.sort();
        assert_eq!(removed, want);
        assert!(live.exists() && kept.exists());
        assert!(!stale.exists() && !stale_dir.exists());
        // In a shared folder a fresh one stays: its writer may be elsewhere.
        fs::write(&stale, "x").unwrap();
        assert!(sweep_shared(dir.path()).is_empty());
        assert!(stale.exists());
    }
}
