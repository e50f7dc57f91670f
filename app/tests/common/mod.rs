//! What the binary's test files share.

use std::fs;
use std::path::Path;

/// A models folder that is not there: what the binary's tests give it as
/// `INBETWEEN_MODELS_DIR`, so weights a developer installed
/// (scripts/install-weights) change nothing they see.
#[allow(dead_code)]
pub const NO_MODELS: &str = "/nonexistent/inbetween-test-models";

/// Runs the binary with `args`, installed weights out of its sight.
#[allow(dead_code)]
pub fn inbetween(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(args)
        .env("INBETWEEN_MODELS_DIR", NO_MODELS)
        .output()
        .unwrap()
}

/// A copy of the demo project (its `project.json` and `media/`) in a fresh
/// folder, to change or fill.
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo");
    fs::create_dir_all(dir.path().join("media")).unwrap();
    fs::copy(demo.join("project.json"), dir.path().join("project.json")).unwrap();
    for entry in fs::read_dir(demo.join("media")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(
            entry.path(),
            dir.path().join("media").join(entry.file_name()),
        )
        .unwrap();
    }
    dir
}
