//! Small pictures of image and clip cards for the timeline, made on a worker
//! thread (a clip's first frame must be decoded) and kept as egui textures.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

use eframe::egui::{self, TextureHandle, TextureOptions};
use image::RgbaImage;
use inbetween_engine::project::{Card, CardContent, Project};
use inbetween_engine::render::Compositor;

/// A thumbnail's size in pixels (16:9; the card's picture is fitted in it).
const SIZE: (u32, u32) = (160, 90);

/// What a thumbnail shows, hashed: the card's media, where a clip starts,
/// the fit and the film's aspect. Another card showing the same thing
/// shares it. Made for every card on every frame, so it allocates nothing.
pub type ThumbnailKey = u64;

/// The key of `card`'s thumbnail in `project`, or None for a title card (the
/// timeline shows its prompt instead).
pub fn key(card: &Card, project: &Project) -> Option<ThumbnailKey> {
    let (media, start) = match &card.content {
        CardContent::Text => return None,
        CardContent::Image { media } => (media, 0),
        CardContent::Clip {
            media,
            source_start_frame,
            ..
        } => (media, *source_start_frame),
    };
    let mut hasher = DefaultHasher::new();
    (media.as_str(), start, card.fit, project.settings.aspect).hash(&mut hasher);
    Some(hasher.finish())
}

/// Thumbnails asked for and not yet drawn, at most; more wait a frame.
const WAITING: usize = 64;

type Request = (ThumbnailKey, Card, Arc<Project>);
type Drawn = (ThumbnailKey, Option<RgbaImage>);

/// The thumbnails made so far and the worker making the rest.
pub struct Thumbnails {
    requests: SyncSender<Request>,
    results: Receiver<Drawn>,
    worker: Option<JoinHandle<()>>,
    textures: HashMap<ThumbnailKey, TextureHandle>,
    /// Asked for, or failed (a card whose media is broken has none).
    asked: HashSet<ThumbnailKey>,
}

impl Thumbnails {
    /// A worker drawing cards with `compositor`; `waker` when one is ready.
    pub fn new(compositor: Arc<Compositor>, waker: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (requests, incoming) = sync_channel::<Request>(WAITING);
        let (done, results) = sync_channel::<Drawn>(WAITING);
        let worker = std::thread::Builder::new()
            .name("thumbnails".into())
            .spawn(move || {
                // Ends when the editor drops its sender.
                while let Ok((key, card, project)) = incoming.recv() {
                    let picture = compositor
                        .card_frame(&project, &card, 0, SIZE.0, SIZE.1)
                        .ok();
                    if done.send((key, picture)).is_err() {
                        return;
                    }
                    waker();
                }
            })
            .ok();
        Self {
            requests,
            results,
            worker,
            textures: HashMap::new(),
            asked: HashSet::new(),
        }
    }

    /// Takes in the finished thumbnails.
    pub fn poll(&mut self, ctx: &egui::Context) {
        while let Ok((key, picture)) = self.results.try_recv() {
            if let Some(picture) = picture {
                let image = egui::ColorImage::from_rgba_unmultiplied(
                    [picture.width() as usize, picture.height() as usize],
                    picture.as_raw(),
                );
                let texture =
                    ctx.load_texture(format!("thumbnail {key}"), image, TextureOptions::LINEAR);
                self.textures.insert(key, texture);
            }
        }
    }

    /// `card`'s thumbnail if it is ready (asking for it otherwise).
    pub fn get(&mut self, card: &Card, project: &Arc<Project>) -> Option<egui::TextureId> {
        let key = key(card, project)?;
        if let Some(texture) = self.textures.get(&key) {
            return Some(texture.id());
        }
        if self.asked.insert(key) {
            let request = (key, card.clone(), Arc::clone(project));
            if let Err(TrySendError::Full(_)) = self.requests.try_send(request) {
                // Asked again on a later frame.
                self.asked.remove(&key);
            }
        }
        None
    }
}

impl Drop for Thumbnails {
    /// Stops the worker and joins it: closing the requests ends its loop,
    /// and closing the results frees it if it waits to hand one over.
    fn drop(&mut self) {
        drop(std::mem::replace(&mut self.requests, sync_channel(1).0));
        drop(std::mem::replace(&mut self.results, sync_channel(1).1));
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
