//! The fuzz targets' corpus (`fuzz/corpus/`, the interesting inputs found
//! and made) replayed on stable Rust: every file answers without a panic,
//! and every project that loads saves and loads back the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the corpus of {target} is there");
    files
}

#[test]
fn the_loaders_corpus_answers_and_what_loads_round_trips() {
    let (file, folder) = (Path::new("/fuzz/project.json"), Path::new("/fuzz"));
    let mut loaded = 0;
    for path in corpus("project_loader") {
        let bytes = fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(project) = inbetween_engine::project::from_text(text, file, folder) {
            loaded += 1;
            let again = inbetween_engine::project::to_json(&project.project).unwrap();
            let back = inbetween_engine::project::from_text(&again, file, folder)
                .unwrap_or_else(|e| panic!("{}: saved, it does not load: {e}", path.display()));
            assert_eq!(back.project, project.project, "{}", path.display());
        }
    }
    assert!(loaded >= 2, "the demo and the README's example load");
}

#[test]
fn the_otio_readers_corpus_answers() {
    let file = Path::new("/fuzz/cut.otio");
    let mut read = 0;
    for path in corpus("otio_reader") {
        let text = fs::read_to_string(&path).unwrap_or_default();
        if inbetween_engine::interchange::otio_read::read_otio(&text, file).is_ok() {
            read += 1;
        }
    }
    assert!(read >= 1, "the demo's timeline reads");
}

#[test]
fn the_picture_loaders_corpus_answers_whole_and_small() {
    use inbetween_engine::media;
    let names =
        |e: &media::MediaError, path: &Path| e.to_string().contains(&*path.to_string_lossy());
    let (mut decoded, mut small_only) = (0, 0);
    for path in corpus("picture_loader") {
        if media::picture_problem(&path).is_some() {
            continue;
        }
        let whole = media::load_picture(&path);
        let small = media::load_picture_for(&path, |(w, h)| (w / 8, h / 8));
        match (whole, small) {
            (Ok(whole), Ok(small)) => {
                decoded += 1;
                // At least what was asked (an eighth), at most the whole.
                let (ww, wh) = (whole.width(), whole.height());
                let (sw, sh) = (small.width(), small.height());
                assert!(sw >= ww / 8 && sh >= wh / 8, "{}", path.display());
                assert!(sw <= ww && sh <= wh, "{}", path.display());
            }
            // A damaged JPEG the scaling decoder reads and `image` does not
            // (the fuzzer found some) shows small and is refused whole.
            // The other way round cannot be: a JPEG the scaling decoder
            // cannot read is decoded whole.
            (Err(error), Ok(_)) => {
                assert!(names(&error, &path), "{}: {error}", path.display());
                small_only += 1;
            }
            (Err(a), Err(b)) => assert!(
                names(&a, &path) && names(&b, &path),
                "{}: {a}; {b}",
                path.display()
            ),
            (Ok(_), Err(e)) => panic!("{}: whole, but not small: {e}", path.display()),
        }
    }
    assert!(decoded >= 7, "the made pictures decode");
    eprintln!("{decoded} decoded, {small_only} only small");
}
