//! Background work: named, owned worker threads that report progress and a
//! result as events on a bounded channel, wake the caller through a closure it
//! supplies (the app passes `ctx.request_repaint()`), and stop between steps
//! when cancelled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvError, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

/// How many unread events a job may queue. Progress events beyond this are
/// dropped (a newer one follows); the final result always arrives.
const EVENT_CAPACITY: usize = 64;

/// Identifies a job within this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

/// Asks a job to stop; the job checks it between steps (frames).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// Asks the job to stop as soon as it can.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// How far a job has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in all (at least `done`).
    pub total: u64,
    /// What the job is doing now, for the status bar ("Encoding", "Finishing").
    pub stage: String,
}

impl Progress {
    /// `done / total` in 0..=1.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

/// What a job tells its owner.
#[derive(Debug)]
pub enum JobEvent<T> {
    /// It moved on.
    Progress(Progress),
    /// It ended, with its result.
    Finished(T),
}

/// The interface a long operation reports through, so that engine functions
/// can run inside a job or directly (tests, the CLI) alike. `Sync`, so that
/// an operation may split its work over threads (the motion model measures
/// both directions at once).
pub trait ProgressSink: Sync {
    /// Reports progress.
    fn progress(&self, done: u64, total: u64, stage: &str);
    /// True when the operation should stop.
    fn is_cancelled(&self) -> bool;
}

/// A sink that ignores progress and never cancels.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn progress(&self, _done: u64, _total: u64, _stage: &str) {}
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Called whenever a job has news, from the job's thread.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// What a job's work function gets: progress reporting and its cancel token.
pub struct JobContext<T> {
    id: JobId,
    cancel: CancelToken,
    events: SyncSender<JobEvent<T>>,
    waker: Waker,
}

impl<T> JobContext<T> {
    /// This job's id.
    pub fn id(&self) -> JobId {
        self.id
    }
}

impl<T: Send> ProgressSink for JobContext<T> {
    fn progress(&self, done: u64, total: u64, stage: &str) {
        let event = JobEvent::Progress(Progress {
            done,
            total: total.max(done),
            stage: stage.to_owned(),
        });
        match self.events.try_send(event) {
            Ok(()) => (self.waker)(),
            // The owner is behind; it will get the next one.
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {}
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// A running (or finished) job. Dropping it cancels the job and waits for its
/// thread, so no job outlives its owner.
pub struct Job<T> {
    id: JobId,
    name: String,
    cancel: CancelToken,
    events: Receiver<JobEvent<T>>,
    thread: Option<JoinHandle<()>>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread named `name`.
    pub fn spawn(
        name: impl Into<String>,
        waker: Waker,
        work: impl FnOnce(&JobContext<T>) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = JobId(NEXT_ID.fetch_add(1, Ordering::Relaxed));
        let name = name.into();
        let cancel = CancelToken::default();
        let (sender, events) = sync_channel(EVENT_CAPACITY);
        let context = JobContext {
            id,
            cancel: cancel.clone(),
            events: sender,
            waker,
        };
        let thread = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                let result = work(&context);
                // Blocks only while the owner's queue is full; fails only if the
                // owner is gone, and then nobody wants the result.
                if context.events.send(JobEvent::Finished(result)).is_ok() {
                    (context.waker)();
                }
            })?;
        Ok(Self {
            id,
            name,
            cancel,
            events,
            thread: Some(thread),
        })
    }
}

impl<T> Job<T> {
    /// The job's id.
    pub fn id(&self) -> JobId {
        self.id
    }

    /// The job's name (its thread's name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A token that cancels this job.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The next event, if one is waiting (never blocks: for the GUI thread).
    pub fn try_recv(&self) -> Option<JobEvent<T>> {
        self.events.try_recv().ok()
    }

    /// Waits for the next event (for the CLI); `Err` once the job has ended
    /// and every event was read.
    pub fn recv(&self) -> Result<JobEvent<T>, RecvError> {
        self.events.recv()
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.cancel.cancel();
        // Unblock a final `send` waiting on a full queue.
        while self.events.try_recv().is_ok() {}
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn counting_waker() -> (Waker, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&count);
        (
            Arc::new(move || {
                c.fetch_add(1, Ordering::Relaxed);
            }),
            count,
        )
    }

    #[test]
    fn reports_progress_then_the_result_and_wakes() {
        let (waker, wakes) = counting_waker();
        let job = Job::spawn("test job", waker, |ctx| {
            for i in 0..3 {
                ctx.progress(i + 1, 3, "Working");
            }
            42
        })
        .unwrap();
        let mut progress = Vec::new();
        let result = loop {
            match job.recv().unwrap() {
                JobEvent::Progress(p) => progress.push(p.done),
                JobEvent::Finished(r) => break r,
            }
        };
        assert_eq!(result, 42);
        assert_eq!(progress, [1, 2, 3]);
        // The job wakes its owner after each send, so the last wake may come
        // after `recv` returned: dropping the job joins its thread first.
        drop(job);
        assert_eq!(wakes.load(Ordering::Relaxed), 4);
    }

    #[test]
    fn cancel_stops_the_work_between_steps() {
        let (waker, _) = counting_waker();
        let (started_tx, started) = sync_channel(1);
        let job = Job::spawn("cancellable", waker, move |ctx| {
            let _ = started_tx.send(());
            let mut steps = 0u64;
            while !ctx.is_cancelled() && steps < 1_000_000 {
                std::thread::sleep(std::time::Duration::from_millis(1));
                steps += 1;
            }
            steps
        })
        .unwrap();
        started.recv().unwrap();
        job.cancel();
        let steps = loop {
            if let JobEvent::Finished(s) = job.recv().unwrap() {
                break s;
            }
        };
        assert!(steps < 1_000_000, "the job stopped early ({steps} steps)");
    }

    #[test]
    fn progress_never_blocks_a_job_whose_owner_is_not_reading() {
        let (waker, _) = counting_waker();
        let job = Job::spawn("flood", waker, |ctx| {
            for i in 0..10_000 {
                ctx.progress(i, 10_000, "Flooding");
            }
            "done"
        })
        .unwrap();
        let mut last = None;
        while let Ok(event) = job.recv() {
            if let JobEvent::Finished(r) = event {
                last = Some(r);
            }
        }
        assert_eq!(last, Some("done"));
    }

    #[test]
    fn dropping_a_job_cancels_and_joins_it() {
        let (waker, _) = counting_waker();
        let token;
        {
            let job = Job::spawn("dropped", waker, |ctx| {
                while !ctx.is_cancelled() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            })
            .unwrap();
            token = job.cancel_token();
        }
        assert!(token.is_cancelled());
    }
}
