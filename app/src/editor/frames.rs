//! Film frames rendered ahead of the playhead on worker threads, so the GUI
//! thread only ever picks up a frame that is ready (it never waits).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use image::RgbaImage;
use inbetween_engine::project::Project;
use inbetween_engine::render::Compositor;

use super::lock;

/// How many frames past the playhead are rendered ahead.
const AHEAD: i64 = 12;
/// Frames this far behind the playhead are kept (for stepping back).
const BEHIND: i64 = 4;

/// What the workers work from and put their frames in.
struct State {
    project: Arc<Project>,
    /// Which version of the document `project` is.
    version: u64,
    /// Bumped when the same document renders differently (new gap frames).
    epoch: u64,
    /// The playhead.
    wanted: i64,
    /// Which way playback goes (frames ahead are on this side).
    direction: i64,
    /// The loop (first frame, frame after the last) when looping: frames
    /// ahead of its end are those at its start.
    looping: Option<(i64, i64)>,
    /// The film's end.
    end: i64,
    frames: BTreeMap<i64, Arc<RgbaImage>>,
    rendering: BTreeSet<i64>,
    /// The last render failure, for the status bar.
    error: Option<String>,
    quit: bool,
}

/// The render-ahead workers and their frames.
pub struct FrameSource {
    shared: Arc<(Mutex<State>, Condvar)>,
    workers: Vec<JoinHandle<()>>,
}

impl FrameSource {
    /// `threads` workers rendering `project` with `compositor`; `waker` is
    /// called when a frame is ready.
    pub fn new(
        compositor: Arc<Compositor>,
        project: Arc<Project>,
        threads: usize,
        waker: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        let end = film_end(&project);
        let shared = Arc::new((
            Mutex::new(State {
                project,
                version: 0,
                epoch: 0,
                wanted: 0,
                direction: 1,
                looping: None,
                end,
                frames: BTreeMap::new(),
                rendering: BTreeSet::new(),
                error: None,
                quit: false,
            }),
            Condvar::new(),
        ));
        let workers = (0..threads.max(1))
            .filter_map(|i| {
                let (shared, compositor, waker) = (
                    Arc::clone(&shared),
                    Arc::clone(&compositor),
                    Arc::clone(&waker),
                );
                std::thread::Builder::new()
                    .name(format!("render ahead {i}"))
                    .spawn(move || work(&shared, &compositor, &*waker))
                    .ok()
            })
            .collect();
        Self { shared, workers }
    }

    /// A new document version: frames of the old one are dropped.
    pub fn set_project(&self, project: Arc<Project>, version: u64) {
        let mut state = lock(&self.shared.0);
        if state.version == version {
            return;
        }
        state.end = film_end(&project);
        state.project = project;
        state.version = version;
        state.frames.clear();
        self.shared.1.notify_all();
    }

    /// Forget every frame (generated gap frames arrived): the same document
    /// renders differently now.
    pub fn invalidate(&self) {
        let mut state = lock(&self.shared.0);
        state.epoch += 1;
        state.frames.clear();
        self.shared.1.notify_all();
    }

    /// Where the playhead is, which way it goes, and the loop it wraps
    /// around (None when not looping).
    pub fn want(&self, frame: i64, direction: i64, looping: Option<(i64, i64)>) {
        let mut state = lock(&self.shared.0);
        let direction = if direction < 0 { -1 } else { 1 };
        if state.wanted != frame || state.direction != direction || state.looping != looping {
            state.wanted = frame;
            state.direction = direction;
            state.looping = looping;
            let kept = kept_frames(&state);
            state.frames.retain(|f, _| kept.contains(f));
            self.shared.1.notify_all();
        }
    }

    /// Which document version and epoch the frames are of: a frame with the
    /// same number but another stamp may look different.
    pub fn stamp(&self) -> (u64, u64) {
        let state = lock(&self.shared.0);
        (state.version, state.epoch)
    }

    /// Film frame `frame` if it is ready.
    pub fn get(&self, frame: i64) -> Option<Arc<RgbaImage>> {
        lock(&self.shared.0).frames.get(&frame).cloned()
    }

    /// The last render error, if any.
    pub fn error(&self) -> Option<String> {
        lock(&self.shared.0).error.clone()
    }
}

impl Drop for FrameSource {
    fn drop(&mut self) {
        lock(&self.shared.0).quit = true;
        self.shared.1.notify_all();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn film_end(project: &Project) -> i64 {
    project.duration_frames().max(1)
}

/// The frames to have ready, in order: the playhead, then the frames after
/// it in playback order (wrapping around the loop), inside the film.
fn ahead(state: &State) -> Vec<i64> {
    (0..=AHEAD)
        .map(|k| {
            let frame = state.wanted + k * state.direction;
            match state.looping {
                Some((start, end)) if end > start && frame >= end => {
                    start + (frame - end) % (end - start)
                }
                Some((start, end)) if end > start && frame < start => {
                    end - 1 - (start - 1 - frame) % (end - start)
                }
                _ => frame,
            }
        })
        .filter(|f| (0..state.end).contains(f))
        .collect()
}

/// The frames worth keeping: those ahead, and a few just behind (for
/// stepping back).
fn kept_frames(state: &State) -> BTreeSet<i64> {
    let behind = (1..=BEHIND).map(|k| state.wanted - k * state.direction);
    ahead(state).into_iter().chain(behind).collect()
}

/// The next frame to render.
fn next_job(state: &State) -> Option<i64> {
    ahead(state)
        .into_iter()
        .find(|f| !state.frames.contains_key(f) && !state.rendering.contains(f))
}

fn work(
    shared: &(Mutex<State>, Condvar),
    compositor: &Compositor,
    waker: &(dyn Fn() + Send + Sync),
) {
    let mut state = lock(&shared.0);
    loop {
        if state.quit {
            return;
        }
        let Some(frame) = next_job(&state) else {
            state = shared.1.wait(state).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        state.rendering.insert(frame);
        let (project, version) = (Arc::clone(&state.project), (state.version, state.epoch));
        drop(state);
        let size = project.settings.resolution;
        let rendered = compositor.render(&project, frame, size.width, size.height);
        state = lock(&shared.0);
        state.rendering.remove(&frame);
        if (state.version, state.epoch) != version {
            continue;
        }
        match rendered {
            Ok(image) => {
                if kept_frames(&state).contains(&frame) {
                    state.frames.insert(frame, Arc::new(image));
                }
                state.error = None;
            }
            Err(e) => {
                state.error = Some(format!("frame {frame}: {e}"));
                // Keep the failure from being retried at once, forever: a
                // black frame stands in and the status bar says why.
                let black = RgbaImage::from_pixel(
                    size.width.max(1),
                    size.height.max(1),
                    image::Rgba([0, 0, 0, 255]),
                );
                state.frames.insert(frame, Arc::new(black));
            }
        }
        waker();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(wanted: i64, direction: i64, looping: Option<(i64, i64)>) -> State {
        State {
            project: Arc::new(Project::new("t")),
            version: 0,
            epoch: 0,
            wanted,
            direction,
            looping,
            end: 100,
            frames: BTreeMap::new(),
            rendering: BTreeSet::new(),
            error: None,
            quit: false,
        }
    }

    #[test]
    fn frames_ahead_follow_playback_and_wrap_around_the_loop() {
        assert_eq!(ahead(&state(95, 1, None)), [95, 96, 97, 98, 99]);
        let looped = ahead(&state(28, 1, Some((20, 30))));
        assert_eq!(&looped[..5], [28, 29, 20, 21, 22]);
        assert_eq!(looped.len(), (AHEAD + 1) as usize);
        assert_eq!(
            &ahead(&state(21, -1, Some((20, 30))))[..4],
            [21, 20, 29, 28]
        );
        assert!(kept_frames(&state(50, 1, None)).contains(&(50 - BEHIND)));
    }
}
