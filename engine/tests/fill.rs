//! Filling gaps into the cache, and the film showing them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;

use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{CachedGaps, FillOutcome, GenError, Registry, fill_gap};
use inbetween_engine::jobs::{NoProgress, ProgressSink};
use inbetween_engine::project::{Card, CardContent, CardId, Fit, MediaRef, Project};
use inbetween_engine::render::{Compositor, mix};
use inbetween_engine::time::TimeRange;
use inbetween_engine::timeline::{Edit, Layout, Ripple};

/// Title 0..12, gap 12..18, still A 18..30, gap 30..36, still B 36..48 (B is A moved).
fn project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    for (name, at) in [("a.png", "0"), ("b.png", "0.5")] {
        support::ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=160x90:rate=24",
            "-ss",
            at,
            "-frames:v",
            "1",
            media.join(name).to_str().unwrap(),
        ]);
    }
    let mut p = Project::new("fill");
    p.settings.resolution.width = 160;
    p.settings.resolution.height = 90;
    let card = |id, start, content| Card {
        camera_move: None,
        id: CardId(id),
        range_in_timeline: TimeRange::new(start, 12),
        prompt: String::new(),
        fit: Fit::Fill,
        content,
        board: Default::default(),
    };
    p.cards = vec![
        card(1, 0, CardContent::Text),
        card(
            2,
            18,
            CardContent::Image {
                media: MediaRef::new("media/a.png"),
            },
        ),
        card(
            3,
            36,
            CardContent::Image {
                media: MediaRef::new("media/b.png"),
            },
        ),
    ];
    (dir, p)
}

fn fill_all(p: &Project, compositor: &Compositor, cache: &GapCache) -> Vec<FillOutcome> {
    Layout::of(p)
        .gaps()
        .iter()
        .map(|g| {
            fill_gap(p, compositor, g, cache, &Registry::default(), &NoProgress)
                .unwrap()
                .outcome
        })
        .collect()
}

#[test]
fn filled_gaps_are_generated_once_and_shown_in_the_film() {
    let (dir, p) = project();
    let cache = GapCache::for_project(dir.path());
    let compositor = Compositor::new(dir.path())
        .unwrap()
        .with_gap_frames(Arc::new(CachedGaps::new(
            cache.clone(),
            Arc::new(Registry::default()),
        )));
    assert_eq!(
        fill_all(&p, &compositor, &cache),
        [FillOutcome::Generated, FillOutcome::Generated]
    );
    assert_eq!(
        fill_all(&p, &compositor, &cache),
        [FillOutcome::AlreadyCached, FillOutcome::AlreadyCached]
    );
    // The film's gap frame is the generated one, not the draft crossfade.
    let gap = Layout::of(&p).gaps()[1];
    let (before, after) = compositor.gap_boundaries(&p, &gap, 160, 90).unwrap();
    let shown = compositor.render(&p, 33, 160, 90).unwrap();
    assert_ne!(shown, mix(&before, &after, 4.0 / 7.0), "not the draft");
    let drafts = Compositor::new(dir.path()).unwrap();
    assert_eq!(
        drafts.render(&p, 33, 160, 90).unwrap(),
        mix(&before, &after, 4.0 / 7.0)
    );
    // At another size there is nothing generated: the draft shows.
    assert_eq!(
        compositor.render(&p, 33, 320, 180).unwrap(),
        drafts.render(&p, 33, 320, 180).unwrap()
    );
}

#[test]
fn an_edit_regenerates_only_the_gaps_beside_it() {
    let (dir, mut p) = project();
    let cache = GapCache::for_project(dir.path());
    let compositor = Compositor::new(dir.path()).unwrap();
    fill_all(&p, &compositor, &cache);
    // Moving the last card lengthens only the second gap.
    Edit::MoveCard {
        id: CardId(3),
        to_start: 40,
        ripple: Ripple::No,
    }
    .apply(&mut p)
    .unwrap();
    assert_eq!(
        fill_all(&p, &compositor, &cache),
        [FillOutcome::AlreadyCached, FillOutcome::Generated]
    );
}

struct CancelSoon;

impl ProgressSink for CancelSoon {
    fn progress(&self, _: u64, _: u64, _: &str) {}
    fn is_cancelled(&self) -> bool {
        true
    }
}

#[test]
fn a_cancelled_fill_leaves_no_entry() {
    let (dir, p) = project();
    let cache = GapCache::for_project(dir.path());
    let compositor = Compositor::new(dir.path()).unwrap();
    let gap = Layout::of(&p).gaps()[1];
    assert!(matches!(
        fill_gap(
            &p,
            &compositor,
            &gap,
            &cache,
            &Registry::default(),
            &CancelSoon
        ),
        Err(GenError::Cancelled)
    ));
    let entries = std::fs::read_dir(dir.path().join(".cache/gaps"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(entries, 0, "nothing partial in the cache");
}

#[test]
fn a_gap_naming_ifnet_is_filled_by_it_only_when_its_weights_are_loaded() {
    use inbetween_engine::r#gen::ifnet::{IfNetModel, NetLayout, Weights, random_weights};
    use inbetween_engine::project::{GapMode, GapSettings};
    let (dir, mut p) = project();
    let gap = Layout::of(&p).gaps()[1];
    p.gaps.insert(
        gap.key,
        GapSettings {
            mode: GapMode::Motion,
            model: Some("ifnet".into()),
            ..GapSettings::default()
        },
    );
    let cache = GapCache::for_project(dir.path());
    let compositor = Compositor::new(dir.path()).unwrap();
    assert_eq!(
        fill_gap(
            &p,
            &compositor,
            &gap,
            &cache,
            &Registry::default(),
            &NoProgress
        )
        .err(),
        Some(GenError::Unavailable("ifnet".into()))
    );
    let weights = dir.path().join("w.safetensors");
    let layout = NetLayout {
        widths: vec![8, 8, 6],
        prelu: false,
        generation: inbetween_engine::r#gen::ifnet::Generation::Rife4,
    };
    Weights::save(&random_weights(&layout, 4).unwrap(), &weights).unwrap();
    let mut models = Registry::default();
    models.register(Arc::new(IfNetModel::load(&weights).unwrap()));
    let filled = fill_gap(&p, &compositor, &gap, &cache, &models, &NoProgress).unwrap();
    assert_eq!(filled.outcome, FillOutcome::Generated);
    assert_eq!(filled.recipe.model, "ifnet");
    // The film shows IFNet's frames, found by the same registry.
    let shown = compositor.with_gap_frames(Arc::new(CachedGaps::new(cache, Arc::new(models))));
    let frame = gap.range_in_timeline.start + 2;
    let plain = Compositor::new(dir.path()).unwrap();
    assert_ne!(
        shown.render(&p, frame, 160, 90).unwrap(),
        plain.render(&p, frame, 160, 90).unwrap(),
        "the generated frame replaces the draft"
    );
}
