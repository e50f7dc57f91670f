//! `inbetween fill` as a render farm uses it: the gaps listed as jobs
//! (`--list --json`), several processes filling one shared cache at once
//! (`--cache DIR`), and a project edited while a fill runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;
use std::process::Command;

mod common;
use common::{demo_copy, inbetween};

/// `fill --list --json` with the shared cache `cache`, parsed.
fn jobs(project: &str, cache: &str) -> Vec<serde_json::Value> {
    let out = inbetween(&["fill", project, "--cache", cache, "--list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cached(jobs: &[serde_json::Value]) -> Vec<u64> {
    jobs.iter()
        .filter(|j| j["cached"] == true)
        .map(|j| j["gap"].as_u64().unwrap())
        .collect()
}

#[test]
fn gaps_are_listed_as_jobs_and_filled_into_a_shared_cache_by_several_processes() {
    let project = demo_copy();
    let shared = tempfile::tempdir().unwrap();
    let (p, c) = (
        project.path().to_str().unwrap(),
        shared.path().to_str().unwrap(),
    );
    let listed = jobs(p, c);
    assert_eq!(listed.len(), 4, "the demo's four gaps");
    for (i, job) in listed.iter().enumerate() {
        assert_eq!(job["gap"], i as u64 + 1);
        assert_eq!(job["key"].as_str().unwrap().len(), 32, "{job}");
        assert!(job["model"].is_string() && job["frames"].as_i64().unwrap() > 0);
    }
    assert!(cached(&listed).is_empty(), "nothing is generated yet");
    // Three machines at once: gap 1 twice (the same frames, raced) and gap 4.
    let spawned: Vec<_> = ["1", "1", "4"]
        .iter()
        .map(|gap| {
            Command::new(env!("CARGO_BIN_EXE_inbetween"))
                .args(["fill", p, "--gap", gap, "--cache", c])
                .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
                .spawn()
                .unwrap()
        })
        .collect();
    for child in spawned {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
    }
    assert_eq!(
        cached(&jobs(p, c)),
        [1, 4],
        "both gaps are in the shared cache"
    );
    let entries: Vec<PathBuf> = fs::read_dir(shared.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        entries.len(),
        2,
        "one entry a gap, no partial left: {entries:?}"
    );
    for entry in &entries {
        assert!(entry.join("recipe.json").is_file());
        let frames = fs::read_dir(entry).unwrap().count() - 1;
        assert!(frames > 0, "{} has its frames", entry.display());
    }
    assert!(
        !project.path().join(".cache/gaps").exists(),
        "the project's own cache is not used"
    );
    // The project still loads, and a render from the shared cache works.
    let film = project.path().join("film.mp4");
    let out = inbetween(&[
        "render",
        p,
        "-o",
        film.to_str().unwrap(),
        "--frames",
        "40..60",
        "--cache",
        c,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(film.is_file());
}

#[test]
fn an_edit_saved_while_a_fill_runs_is_kept() {
    let project = demo_copy();
    let p = project.path().to_str().unwrap();
    // Gap 2 is a motion gap: seconds of work.
    let child = Command::new(env!("CARGO_BIN_EXE_inbetween"))
        .args(["fill", p, "--gap", "2"])
        .env("INBETWEEN_MODELS_DIR", common::NO_MODELS)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // Meanwhile the editor saves a change.
    let mut edited = inbetween_engine::project::load(project.path())
        .unwrap()
        .project;
    edited.settings.name = "Renamed while filling".into();
    inbetween_engine::project::save(&edited, project.path()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let after = inbetween_engine::project::load(project.path())
        .unwrap()
        .project;
    assert_eq!(
        after.settings.name, "Renamed while filling",
        "the edit is kept"
    );
    let gap = inbetween_engine::timeline::Layout::of(&after).gaps()[1].key;
    assert!(
        after.gap_settings(gap).generated.is_some(),
        "and the recipe recorded"
    );
}
