//! `inbetween boards`: the demo's boards as a PDF on every layout, read back
//! with poppler's `pdftotext` and `pdftoppm` (scripts/deps.sh installs them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::inbetween;

use std::fs;
use std::path::Path;
use std::process::Command;

use inbetween_engine::project;

/// Runs a poppler tool, which the tests need (scripts/deps.sh test installs
/// poppler-utils).
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed ({e}): install poppler-utils (scripts/deps.sh test)")
    });
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `boards` of the project in `dir` with `args`, which must succeed: the
/// PDF's path and the command's warnings.
fn boards(dir: &Path, name: &str, args: &[&str]) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let mut all = vec!["boards", dir.to_str().unwrap(), "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = inbetween(&all);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{args:?}: {stderr}");
    (out, stderr)
}

/// A word pdftotext found, and where (points, from the top left).
#[derive(Debug)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Every word on every page with its box (`pdftotext -bbox`).
fn words(pdf: &Path) -> Vec<Word> {
    let html = poppler("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> f64 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..].split('"').next().unwrap().parse().unwrap()
        };
        let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
        out.push(Word {
            page,
            text: text.to_owned(),
            x0: attr("xMin"),
            y0: attr("yMin"),
            x1: attr("xMax"),
            y1: attr("yMax"),
        });
    }
    out
}

/// No two words overprint: their boxes overlap by less than a point.
fn assert_nothing_overprints(words: &[Word], what: &str) {
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let w = a.x1.min(b.x1) - a.x0.max(b.x0);
            let h = a.y1.min(b.y1) - a.y0.max(b.y0);
            assert!(
                w < 1.0 || h < 1.0,
                "{what}: {:?} and {:?} overprint on page {}",
                a.text,
                b.text,
                a.page
            );
        }
    }
}

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_demo_prints_on_every_layout_with_every_panel_and_nothing_overprinting() {
    let dir = common::demo_copy();
    let p = project::load(dir.path()).unwrap().project;
    let cards = p.cards.len();
    for (layout, per_page) in [("3x2", 6), ("2x2", 4), ("3x3", 9), ("2x1", 2), ("1x1", 1)] {
        for (paper, orientation) in [("a4", "landscape"), ("letter", "portrait")] {
            let what = format!("{layout} {paper} {orientation}");
            let (pdf, _) = boards(
                dir.path(),
                "boards.pdf",
                &[
                    "--layout",
                    layout,
                    "--paper",
                    paper,
                    "--orientation",
                    orientation,
                ],
            );
            let n = pages(&pdf);
            assert_eq!(n, cards.div_ceil(per_page), "{what}");
            let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
            assert!(text.contains(&p.settings.name), "{what}: no project name");
            assert!(text.contains(&format!("Page {n} / {n}")), "{what}");
            assert!(text.contains("Aspect 16:9"), "{what}");
            assert!(text.contains("EXT. MEADOW – DAWN"), "{what}: no scene");
            for card in &p.cards {
                let label = format!("{:.2} s", card.range_in_timeline.duration as f64 / 24.0);
                assert!(text.contains(&label), "{what}: no duration {label}");
            }
            let words = words(&pdf);
            for shot in ["1", "2", "3", "4", "5"] {
                assert!(
                    words.iter().any(|w| w.text == shot),
                    "{what}: no shot {shot}"
                );
            }
            // Every word of every card's text is there (wrapped, not lost).
            for card in &p.cards {
                for field in [
                    &card.prompt,
                    &card.board.dialogue,
                    &card.board.action,
                    &card.board.notes,
                ] {
                    for word in field.split_whitespace() {
                        assert!(
                            words.iter().any(|w| w.text == word),
                            "{what}: {word:?} of shot {} is missing",
                            card.board.shot
                        );
                    }
                }
            }
            assert_nothing_overprints(&words, &what);
            let page = &words.iter().filter(|w| w.page == 1).count();
            assert!(*page > 10, "{what}");
        }
    }
}

#[test]
fn panels_show_the_cards_pictures() {
    let dir = common::demo_copy();
    let (pdf, _) = boards(dir.path(), "boards.pdf", &["--layout", "3x2"]);
    let prefix = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .unwrap();
    let page = image::open(&png).unwrap().to_rgb8();
    // The demo's stills are green meadow and grey rabbit on a white sheet:
    // a good share of the page is neither white nor text-black.
    let coloured = page
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            let max = r.max(g).max(b);
            let min = r.min(g).min(b);
            max < 235 && max - min > 20
        })
        .count();
    let share = coloured as f64 / f64::from(page.width() * page.height());
    assert!(share > 0.05, "only {share:.3} of page 1 is picture");
}

#[test]
fn long_and_non_latin_notes_wrap_continue_and_render() {
    let dir = common::demo_copy();
    let path = dir.path().join("project.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let long: String = (0..260).map(|i| format!("note{i} ")).collect();
    json["cards"][1]["board"]["notes"] = long.clone().into();
    json["cards"][2]["board"]["dialogue"] = "うさぎが目を覚ます。早起きは三文の徳".into();
    json["cards"][3]["board"]["action"] = "الأرنب يستيقظ في الصباح".into();
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let (pdf, stderr) = boards(dir.path(), "boards.pdf", &["--layout", "2x2"]);
    let words = words(&pdf);
    assert_nothing_overprints(&words, "2x2 with long notes");
    for i in [0, 100, 259] {
        assert!(
            words.iter().any(|w| w.text == format!("note{i}")),
            "note{i} is missing"
        );
    }
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("2 (continued)"),
        "the long notes did not continue"
    );
    assert!(
        text.contains("うさぎが目を覚ます"),
        "the Japanese dialogue is not in the PDF's text"
    );
    // (Words without the lam-alef ligature: pdftotext gives a ligature's
    // two letters back in the wrong order in right-to-left text.)
    for word in ["يستيقظ", "الصباح"] {
        assert!(
            text.contains(word),
            "the Arabic {word} is not in the PDF's text:\n{text}"
        );
    }

    // The characters are drawn with a font that has them, or the command
    // says which font is missing: never silent boxes.
    let mut fonts = inbetween_engine::boards::text::Fonts::new().unwrap();
    fonts.wrap(
        "目を覚ます الأرنب",
        10.0,
        inbetween_engine::boards::text::Weight::Regular,
        500.0,
    );
    let embedded = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    if fonts.missing().is_empty() {
        assert!(!stderr.contains("no font on this machine"), "{stderr}");
        assert!(
            embedded.lines().count() > 4,
            "only the bundled fonts are embedded:\n{embedded}"
        );
    } else {
        assert!(stderr.contains("no font on this machine"), "{stderr}");
    }
}

#[test]
fn gaps_print_as_small_panels_between_their_cards() {
    let dir = common::demo_copy();
    let (pdf, _) = boards(dir.path(), "boards.pdf", &["--gaps"]);
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let layout =
        inbetween_engine::timeline::Layout::of(&project::load(dir.path()).unwrap().project);
    assert_eq!(text.matches("Gap ").count(), layout.gaps().len(), "{text}");
    assert!(text.contains("Gap 1 → 2"));
    // The demo's gaps are not generated in a fresh copy: they say so.
    assert!(text.contains("not generated"), "{text}");
}

#[test]
fn a_bad_output_name_or_project_is_an_error_and_writes_nothing() {
    let dir = common::demo_copy();
    let out = dir.path().join("boards.png");
    let run = inbetween(&[
        "boards",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("name the file .pdf"));
    assert!(!out.exists());
    fs::write(dir.path().join("project.json"), "{ not json").unwrap();
    let out = dir.path().join("boards.pdf");
    let run = inbetween(&[
        "boards",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("project.json"));
    assert!(!out.exists());
}
