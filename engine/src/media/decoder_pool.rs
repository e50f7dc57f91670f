//! Decoder workers, one per open video, and a bounded cache of decoded frames.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use image::RgbaImage;

use super::{MediaError, VideoInfo, VideoReader};

/// How many videos may hold an open decoder at once; the least recently used
/// one is closed to open another.
const MAX_OPEN_DECODERS: usize = 16;

/// Names one decoded frame: a file's frame at an output size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FrameKey {
    /// The video file.
    pub path: PathBuf,
    /// The frame, at the file's own rate.
    pub frame: i64,
    /// Output width.
    pub width: u32,
    /// Output height.
    pub height: u32,
}

/// Serves decoded video frames to any thread. Each open file has its own
/// named decoder thread (FFmpeg decoders are single-threaded objects, and a
/// per-file worker keeps each one's seek position warm for playback); frames
/// are kept in a cache bounded in bytes.
pub struct DecoderPool {
    workers: Mutex<HashMap<PathBuf, Worker>>,
    cache: Mutex<FrameCache>,
}

struct Worker {
    requests: Option<SyncSender<Request>>,
    thread: Option<JoinHandle<()>>,
    info: VideoInfo,
    last_used: u64,
}

struct Request {
    frame: i64,
    width: u32,
    height: u32,
    reply: SyncSender<Result<RgbaImage, MediaError>>,
}

impl DecoderPool {
    /// A pool whose frame cache holds at most `cache_bytes` of pixels.
    pub fn new(cache_bytes: usize) -> Self {
        Self {
            workers: Mutex::new(HashMap::new()),
            cache: Mutex::new(FrameCache::new(cache_bytes)),
        }
    }

    /// The video stream of `path` (opening its decoder if needed).
    pub fn info(&self, path: &Path) -> Result<VideoInfo, MediaError> {
        let mut workers = lock(&self.workers);
        self.ensure_worker(&mut workers, path)
            .map(|w| w.info.clone())
    }

    /// Frame `frame` of `path` (at the file's rate) as RGBA at `width` x
    /// `height`, from the cache or its decoder. Blocks until decoded.
    pub fn frame(
        &self,
        path: &Path,
        frame: i64,
        width: u32,
        height: u32,
    ) -> Result<Arc<RgbaImage>, MediaError> {
        let key = FrameKey {
            path: path.to_path_buf(),
            frame,
            width,
            height,
        };
        if let Some(hit) = lock(&self.cache).get(&key) {
            return Ok(hit);
        }
        let sender = {
            let mut workers = lock(&self.workers);
            let worker = self.ensure_worker(&mut workers, path)?;
            worker.requests.clone()
        };
        let gone = || MediaError::Decode {
            path: path.to_path_buf(),
            frame,
            message: "the decoder thread stopped".to_owned(),
        };
        let sender = sender.ok_or_else(gone)?;
        let (reply, answer) = sync_channel(1);
        sender
            .send(Request {
                frame,
                width,
                height,
                reply,
            })
            .map_err(|_| gone())?;
        let image = Arc::new(answer.recv().map_err(|_| gone())??);
        lock(&self.cache).insert(key, Arc::clone(&image));
        Ok(image)
    }

    fn ensure_worker<'a>(
        &self,
        workers: &'a mut HashMap<PathBuf, Worker>,
        path: &Path,
    ) -> Result<&'a mut Worker, MediaError> {
        let tick = lock(&self.cache).tick();
        if !workers.contains_key(path) {
            if workers.len() >= MAX_OPEN_DECODERS
                && let Some(oldest) = workers
                    .iter()
                    .min_by_key(|(_, w)| w.last_used)
                    .map(|(p, _)| p.clone())
            {
                workers.remove(&oldest);
            }
            workers.insert(path.to_path_buf(), spawn_worker(path)?);
        }
        let worker = workers.get_mut(path).ok_or_else(|| MediaError::Missing {
            path: path.to_path_buf(),
        })?;
        worker.last_used = tick;
        Ok(worker)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn spawn_worker(path: &Path) -> Result<Worker, MediaError> {
    let (requests, incoming) = sync_channel::<Request>(4);
    let (opened_tx, opened) = sync_channel(1);
    let owned = path.to_path_buf();
    let name = format!(
        "decode {}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    let thread = std::thread::Builder::new()
        .name(name)
        .spawn(move || decoder_loop(&owned, &opened_tx, &incoming))
        .map_err(|e| MediaError::Open {
            path: path.to_path_buf(),
            message: format!("cannot start a decoder thread ({e})"),
        })?;
    let info = match opened.recv() {
        Ok(Ok(info)) => info,
        Ok(Err(e)) => {
            let _ = thread.join();
            return Err(e);
        }
        Err(_) => {
            let _ = thread.join();
            return Err(MediaError::Open {
                path: path.to_path_buf(),
                message: "the decoder thread stopped while opening the file".to_owned(),
            });
        }
    };
    Ok(Worker {
        requests: Some(requests),
        thread: Some(thread),
        info,
        last_used: 0,
    })
}

/// The worker thread: the reader is made here because FFmpeg's scaler may not
/// cross threads.
fn decoder_loop(
    path: &Path,
    opened: &SyncSender<Result<VideoInfo, MediaError>>,
    incoming: &Receiver<Request>,
) {
    let mut reader = match VideoReader::open(path) {
        Ok(reader) => {
            let _ = opened.send(Ok(reader.info().clone()));
            reader
        }
        Err(e) => {
            let _ = opened.send(Err(e));
            return;
        }
    };
    while let Ok(request) = incoming.recv() {
        let result = reader.frame_at(request.frame, request.width, request.height);
        // The asker may have given up; that is not this thread's problem.
        let _ = request.reply.send(result);
    }
}

/// Least-recently-used frames, bounded by their total size in bytes.
struct FrameCache {
    entries: HashMap<FrameKey, (Arc<RgbaImage>, u64)>,
    bytes: usize,
    budget: usize,
    clock: u64,
}

impl FrameCache {
    fn new(budget: usize) -> Self {
        Self {
            entries: HashMap::new(),
            bytes: 0,
            budget,
            clock: 0,
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn get(&mut self, key: &FrameKey) -> Option<Arc<RgbaImage>> {
        let now = self.tick();
        let (image, used) = self.entries.get_mut(key)?;
        *used = now;
        Some(Arc::clone(image))
    }

    fn insert(&mut self, key: FrameKey, image: Arc<RgbaImage>) {
        let size = image.as_raw().len();
        if size > self.budget {
            return;
        }
        let now = self.tick();
        if let Some((old, _)) = self.entries.insert(key, (image, now)) {
            self.bytes -= old.as_raw().len();
        }
        self.bytes += size;
        while self.bytes > self.budget {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((old, _)) = self.entries.remove(&oldest) {
                self.bytes -= old.as_raw().len();
            }
        }
    }
}

/// A poisoned lock only means another thread panicked mid-update of a cache;
/// the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
