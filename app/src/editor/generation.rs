//! Gaps generated in the background as soon as their inputs exist, one at a
//! time, the gap under the playhead first. An edit restarts the queue (gaps
//! whose inputs did not change are found in the cache at once).
//!
//! When every gap shows, gaps the registry can make better
//! (`Registry::upgraded`: the fused model, with IFNet's weights installed)
//! are made again with it, one at a time, and show the better frames once
//! they are done: the fast version first, the learned one later. An Auto
//! gap is upgraded only where Auto found things moving (a camera move, a
//! hold or a cut is as good as it gets).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{FillOutcome, Filled, GenError, Registry, fill_gap};
use inbetween_engine::jobs::{Job, JobEvent};
use inbetween_engine::project::{
    AutoChoice, CardContent, GapKey, GapMode, GapRecipeRecord, Project,
};
use inbetween_engine::render::Compositor;
use inbetween_engine::timeline::{Gap, Layout};

/// Where a gap's frames are.
#[derive(Debug, Clone, PartialEq)]
pub enum GapStatus {
    /// Waiting its turn; the draft shows.
    Queued,
    /// Being generated: the fraction done and what it is doing.
    Generating(f32, String),
    /// Generated (the film shows the generated frames).
    Ready,
    /// Generation failed; the draft shows.
    Failed(String),
}

/// What the editor hears back from the generator.
pub enum Report {
    /// A gap's frames are ready (newly made when `fresh`), with their recipe.
    Ready {
        key: GapKey,
        recipe: GapRecipeRecord,
        fresh: bool,
    },
    /// A gap could not be generated.
    Failed { key: GapKey, reason: String },
    /// A gap's upgrade failed; it keeps what it shows.
    NotUpgraded { key: GapKey, reason: String },
}

type FillJob = Job<Result<Filled, GenError>>;

/// True when `gap` is made from the same things in both documents: its
/// two cards, its settings and the film's size and rate. What generating
/// records (the recipe) does not count, nor prompts where the gap's model
/// does not read them (a text card's prompt is its picture, so it counts).
fn same_inputs(old: &Project, new: &Project, gap: &Gap, models: &Registry) -> bool {
    let key = gap.key;
    let reads_prompts = |p: &Project| {
        models
            .for_gap(&p.gap_settings(key))
            .is_ok_and(|m| m.reads_prompts())
    };
    let reads = reads_prompts(old) || reads_prompts(new);
    let card = |p: &Project, id| {
        p.card(id).map(|c| {
            let mut c = c.clone();
            if !reads && c.content != CardContent::Text {
                c.prompt.clear();
            }
            c
        })
    };
    let settings = |p: &Project| {
        let mut s = p.gap_settings(key);
        s.generated = None;
        if !reads {
            s.prompt.clear();
        }
        s
    };
    card(old, key.from_card) == card(new, key.from_card)
        && card(old, key.to_card) == card(new, key.to_card)
        && settings(old) == settings(new)
        && old.settings == new.settings
}

/// How many threads generation computes on: one fewer than the machine's
/// cores (at least one), so the window always has a core to draw on.
/// `INBETWEEN_GENERATION_THREADS` overrides it (the editor bench compares).
fn generation_threads() -> usize {
    if let Some(n) = std::env::var("INBETWEEN_GENERATION_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        return n.max(1);
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

/// The background generator.
pub struct Generator {
    compositor: Arc<Compositor>,
    cache: GapCache,
    models: Arc<Registry>,
    waker: Arc<dyn Fn() + Send + Sync>,
    project: Arc<Project>,
    queue: VecDeque<Gap>,
    /// Gaps to upgrade once the queue is empty.
    upgrades: VecDeque<Gap>,
    /// Gaps whose upgrade is done (or not needed), for their inputs.
    upgraded: HashSet<GapKey>,
    running: Option<(Gap, FillJob)>,
    /// The running job is an upgrade (the gap shows meanwhile), and how far
    /// it has got.
    upgrading: Option<f32>,
    /// The threads the models compute on (rayon's global pool is left to
    /// exports and the CLI); None when no pool could be made, and then the
    /// global pool is used.
    pool: Option<Arc<rayon::ThreadPool>>,
    /// Cancelled jobs, kept until their threads finish (dropping a job waits
    /// for its thread, and the GUI thread must not wait).
    stopping: Vec<FillJob>,
    status: HashMap<GapKey, GapStatus>,
    /// What Auto chose for each generated Auto gap, and why.
    choices: HashMap<GapKey, AutoChoice>,
    /// How clean each generated gap's middle frame is (0 ghosted, 1 clean).
    cleans: HashMap<GapKey, f32>,
    /// Paused by the user: nothing new starts.
    pub paused: bool,
}

impl Generator {
    /// A generator for the project in the compositor's folder.
    pub fn new(
        compositor: Arc<Compositor>,
        cache: GapCache,
        models: Arc<Registry>,
        project: Arc<Project>,
        waker: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        Self {
            compositor,
            cache,
            models,
            waker,
            project,
            queue: VecDeque::new(),
            upgrades: VecDeque::new(),
            upgraded: HashSet::new(),
            running: None,
            upgrading: None,
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(generation_threads())
                .thread_name(|i| format!("generation {i}"))
                .build()
                .ok()
                .map(Arc::new),
            stopping: Vec::new(),
            status: HashMap::new(),
            choices: HashMap::new(),
            cleans: HashMap::new(),
            paused: false,
        }
    }

    /// The document changed: every gap goes back in the queue, the one at
    /// `playhead` (or the next after it) first; a running job is cancelled.
    pub fn restart(&mut self, project: Arc<Project>, playhead: i64) {
        let gaps = Layout::of(&project).gaps().to_vec();
        // A gap being generated whose inputs did not change goes on.
        let keep = self.running.as_ref().is_some_and(|(gap, _)| {
            gaps.contains(gap) && same_inputs(&self.project, &project, gap, &self.models)
        });
        if !keep && let Some((_, job)) = self.running.take() {
            job.cancel();
            self.stopping.push(job);
            self.upgrading = None;
        }
        let running = self.running.as_ref().map(|(gap, _)| *gap);
        // A gap made from the same things keeps its state (generated, or
        // failed): it is neither queued again nor shown as a draft meanwhile.
        let old = std::mem::take(&mut self.status);
        let kept = |gap: &Gap| {
            let status = old.get(&gap.key)?;
            let settled = matches!(status, GapStatus::Ready | GapStatus::Failed(_));
            // Both cards are compared whole, so the gap's span is too.
            let same = same_inputs(&self.project, &project, gap, &self.models);
            (settled && same || Some(*gap) == running).then(|| status.clone())
        };
        self.status = gaps
            .iter()
            .map(|g| (g.key, kept(g).unwrap_or(GapStatus::Queued)))
            .collect();
        let first = gaps
            .iter()
            .position(|g| g.range_in_timeline.end() > playhead)
            .unwrap_or(0);
        let status = &self.status;
        self.choices
            .retain(|key, _| status.get(key) == Some(&GapStatus::Ready));
        self.cleans
            .retain(|key, _| status.get(key) == Some(&GapStatus::Ready));
        // An upgrade stays done for a gap made from the same things.
        self.upgraded.retain(|key| {
            gaps.iter().any(|g| {
                g.key == *key
                    && status.get(key) == Some(&GapStatus::Ready)
                    && same_inputs(&self.project, &project, g, &self.models)
            })
        });
        let upgrading = self.upgrading.and(running);
        self.upgrades = gaps[first..]
            .iter()
            .chain(&gaps[..first])
            .filter(|g| !self.upgraded.contains(&g.key) && Some(**g) != upgrading)
            .filter(|g| self.models.upgraded(&project.gap_settings(g.key)).is_some())
            .copied()
            .collect();
        self.queue = gaps[first..]
            .iter()
            .chain(&gaps[..first])
            .filter(|g| self.status.get(&g.key) == Some(&GapStatus::Queued))
            .copied()
            .collect();
        self.project = project;
    }

    /// Generates `key` next (after the running one), whatever its state.
    pub fn regenerate(&mut self, key: GapKey) {
        self.queue.retain(|g| g.key != key);
        self.upgrades.retain(|g| g.key != key);
        self.upgraded.remove(&key);
        let gaps = Layout::of(&self.project).gaps().to_vec();
        if let Some(gap) = gaps.into_iter().find(|g| g.key == key) {
            self.status.insert(key, GapStatus::Queued);
            self.queue.push_front(gap);
            if self
                .models
                .upgraded(&self.project.gap_settings(key))
                .is_some()
            {
                self.upgrades.push_front(gap);
            }
        }
    }

    /// What Auto chose for a generated gap, and why (None until it is
    /// generated, and for gaps in the other modes).
    pub fn choice(&self, key: GapKey) -> Option<&AutoChoice> {
        self.choices.get(&key)
    }

    /// How clean a generated gap's middle frame is (0 ghosted, 1 clean;
    /// `engine::gen::confidence`).
    pub fn clean(&self, key: GapKey) -> Option<f32> {
        self.cleans.get(&key).copied()
    }

    /// A gap's status (None: not a gap of the current document).
    pub fn status(&self, key: GapKey) -> Option<&GapStatus> {
        self.status.get(&key)
    }

    /// The running job's gap and progress, for the status bar (an upgrade
    /// is [`Generator::upgrading`]).
    pub fn running(&self) -> Option<(GapKey, f32)> {
        if self.upgrading.is_some() {
            return None;
        }
        let (gap, _) = self.running.as_ref()?;
        match self.status.get(&gap.key) {
            Some(GapStatus::Generating(done, _)) => Some((gap.key, *done)),
            _ => Some((gap.key, 0.0)),
        }
    }

    /// The gap being upgraded and how far it has got.
    pub fn upgrading(&self) -> Option<(GapKey, f32)> {
        let done = self.upgrading?;
        self.running.as_ref().map(|(gap, _)| (gap.key, done))
    }

    /// How many gaps wait to be upgraded.
    pub fn upgrades_queued(&self) -> usize {
        self.upgrades.len()
    }

    /// How many gaps wait.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Cancels the running job (its gap keeps its draft) and pauses.
    pub fn cancel(&mut self) {
        if let Some((gap, job)) = self.running.take() {
            job.cancel();
            self.stopping.push(job);
            if self.upgrading.take().is_some() {
                self.upgrades.push_front(gap);
            } else {
                self.status.insert(gap.key, GapStatus::Queued);
                self.queue.push_front(gap);
            }
        }
        self.paused = true;
    }

    /// Reads the jobs' events and starts the next gap; never blocks.
    pub fn poll(&mut self) -> Vec<Report> {
        self.stopping.retain(|job| {
            let mut finished = false;
            while let Some(event) = job.try_recv() {
                finished |= matches!(event, JobEvent::Finished(_));
            }
            !finished
        });
        let mut reports = Vec::new();
        if let Some((gap, job)) = &self.running {
            let key = gap.key;
            let mut finished = None;
            while let Some(event) = job.try_recv() {
                match event {
                    JobEvent::Progress(p) if self.upgrading.is_some() => {
                        self.upgrading = Some(p.fraction() as f32);
                    }
                    JobEvent::Progress(p) => {
                        self.status
                            .insert(key, GapStatus::Generating(p.fraction() as f32, p.stage));
                    }
                    JobEvent::Finished(result) => finished = Some(result),
                }
            }
            if let Some(result) = finished {
                self.running = None;
                let upgrade = self.upgrading.take().is_some();
                match result {
                    Ok(filled) => {
                        self.status.insert(key, GapStatus::Ready);
                        if upgrade {
                            self.upgraded.insert(key);
                        }
                        match filled.choice {
                            Some(choice) => self.choices.insert(key, choice),
                            None => self.choices.remove(&key),
                        };
                        match filled.clean {
                            Some(clean) => self.cleans.insert(key, clean),
                            None => self.cleans.remove(&key),
                        };
                        reports.push(Report::Ready {
                            key,
                            fresh: filled.outcome == FillOutcome::Generated,
                            recipe: filled.recipe,
                        });
                    }
                    Err(GenError::Cancelled) if upgrade => {}
                    Err(GenError::Cancelled) => {
                        self.status.insert(key, GapStatus::Queued);
                    }
                    Err(e) if upgrade => {
                        // Not tried again for these inputs: the gap keeps
                        // its fast version.
                        self.upgraded.insert(key);
                        reports.push(Report::NotUpgraded {
                            key,
                            reason: e.to_string(),
                        });
                    }
                    Err(e) => {
                        let reason = e.to_string();
                        self.status.insert(key, GapStatus::Failed(reason.clone()));
                        reports.push(Report::Failed { key, reason });
                    }
                }
            }
        }
        if self.running.is_none() && !self.paused {
            self.start_next(&mut reports);
        }
        reports
    }

    /// The next upgrade worth making: of a gap that shows its fast version
    /// and, in Auto mode, where Auto found things moving. The project with
    /// the gap's settings upgraded.
    fn next_upgrade(&mut self) -> Option<(Gap, Arc<Project>)> {
        while let Some(gap) = self.upgrades.pop_front() {
            let key = gap.key;
            let ready = self.status.get(&key) == Some(&GapStatus::Ready);
            let settings = self.project.gap_settings(key);
            let moving = settings.mode != GapMode::Auto
                || self
                    .choices
                    .get(&key)
                    .is_some_and(|c| c.mode == GapMode::Motion);
            let better = self.models.upgraded(&settings);
            match better {
                Some(better) if ready && moving => {
                    let mut project = (*self.project).clone();
                    project.gaps.insert(key, better);
                    return Some((gap, Arc::new(project)));
                }
                // Nothing better to make (a camera move, a failed gap).
                _ if ready || matches!(self.status.get(&key), Some(GapStatus::Failed(_))) => {
                    self.upgraded.insert(key);
                }
                _ => {}
            }
        }
        None
    }

    fn start_next(&mut self, reports: &mut Vec<Report>) {
        let (gap, project, upgrade) = match self.queue.pop_front() {
            Some(gap) => (gap, Arc::clone(&self.project), false),
            None => match self.next_upgrade() {
                Some((gap, project)) => (gap, project, true),
                None => return,
            },
        };
        let (compositor, cache, models) = (
            Arc::clone(&self.compositor),
            self.cache.clone(),
            Arc::clone(&self.models),
        );
        let waker = Arc::clone(&self.waker);
        let pool = self.pool.clone();
        let job = Job::spawn(format!("generate {}", gap.key), waker, move |ctx| {
            let fill = || fill_gap(&project, &compositor, &gap, &cache, &models, ctx);
            match &pool {
                Some(pool) => pool.install(fill),
                None => fill(),
            }
        });
        match job {
            Ok(job) if upgrade => {
                self.upgrading = Some(0.0);
                self.running = Some((gap, job));
            }
            Ok(job) => {
                self.status
                    .insert(gap.key, GapStatus::Generating(0.0, "Starting".into()));
                self.running = Some((gap, job));
            }
            Err(_) if upgrade => {
                self.upgraded.insert(gap.key);
            }
            Err(e) => {
                let reason = format!("cannot start a worker thread ({e})");
                self.status
                    .insert(gap.key, GapStatus::Failed(reason.clone()));
                reports.push(Report::Failed {
                    key: gap.key,
                    reason,
                });
            }
        }
    }
}

/// How far generation has got over the current document's gaps: what the
/// status bar says, counted from each gap's state (a gap the generator has
/// not seen yet, during a drag, counts as not generated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// The document's gaps.
    pub total: usize,
    /// Gaps whose frames are ready.
    pub ready: usize,
    /// Gaps that could not be generated.
    pub failed: usize,
    /// Generation is paused with gaps waiting.
    pub paused: bool,
}

impl Summary {
    /// The summary of `session`'s gaps.
    pub fn of(session: &super::session::Session, gaps: &Layout) -> Self {
        let mut summary = Self {
            total: gaps.gaps().len(),
            ready: 0,
            failed: 0,
            paused: false,
        };
        for gap in gaps.gaps() {
            match session.gap_status(gap.key) {
                Some(GapStatus::Ready) => summary.ready += 1,
                Some(GapStatus::Failed(_)) => summary.failed += 1,
                _ => {}
            }
        }
        summary.paused = session
            .workers
            .as_ref()
            .is_some_and(|w| w.generator.paused && w.generator.queued() > 0);
        summary
    }

    /// "All 4 gaps generated", "2 of 4 gaps generated, 1 failed", …
    pub fn text(&self) -> String {
        let Self {
            total,
            ready,
            failed,
            paused,
        } = *self;
        if total == 0 {
            return "No gaps".into();
        }
        if ready == total {
            return match total {
                1 => "The gap is generated".into(),
                n => format!("All {n} gaps generated"),
            };
        }
        let mut text = format!("{ready} of {total} gaps generated");
        if failed > 0 {
            text.push_str(&format!(", {failed} failed"));
        }
        if paused {
            text.push_str("; generation paused");
        }
        text
    }
}
