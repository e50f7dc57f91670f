//! Running an engine job from the command line: a progress bar on stderr,
//! and Ctrl-C cancelling the job between steps.

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::{Mutex, OnceLock, PoisonError};

use inbetween_engine::jobs::{CancelToken, Job, JobEvent};

/// The job Ctrl-C cancels. The handler can be installed only once per
/// process, and a command may run several jobs one after another.
static CURRENT: Mutex<Option<CancelToken>> = Mutex::new(None);

/// Waits for `job`, drawing its progress, and returns its result.
pub fn wait_with_bar<T>(job: &Job<T>) -> anyhow::Result<T> {
    // Ctrl-C cancels between steps, so the job cleans up its temporary
    // files instead of a killed process leaving them behind.
    static INSTALL: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALL
        .get_or_init(|| {
            ctrlc::set_handler(|| {
                if let Some(token) = CURRENT
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .as_ref()
                {
                    token.cancel();
                }
            })
            .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| anyhow::anyhow!("cannot watch for Ctrl-C ({e})"))?;
    *CURRENT.lock().unwrap_or_else(PoisonError::into_inner) = Some(job.cancel_token());
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:>10} [{bar:40}] {pos}/{len} {elapsed_precise} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let result = loop {
        match job.recv() {
            Ok(JobEvent::Progress(p)) => {
                bar.set_length(p.total);
                bar.set_position(p.done);
                bar.set_message(p.stage);
            }
            Ok(JobEvent::Finished(result)) => break result,
            Err(_) => bail!("the job stopped without a result"),
        }
    };
    bar.finish_and_clear();
    Ok(result)
}
