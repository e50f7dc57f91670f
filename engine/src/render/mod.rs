//! The compositor: the one place that decides what a film frame looks like.
//! Preview and export both call [`Compositor::render`], so what you see is
//! what you export.
//!
//! A frame shows the card under it (fitted into the film's picture area, with
//! black bars where the project's aspect leaves them), or for a gap a frame
//! from a [`GapFrames`] source, or until one exists an instant draft: a
//! crossfade from the last frame before the gap to the first frame after it.

mod canvas;
mod picture_cache;
mod placement;
mod title;
mod viewport;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use image::RgbaImage;
use image::imageops::FilterType;

use crate::media::{self, DecoderPool, MediaError};
use crate::project::{Card, CardContent, Fit, GapSettings, MediaRef, Project, Resolution};
use crate::timeline::{At, Gap, Layout};
use picture_cache::PictureCache;

pub use canvas::{black, dissolve_or_fade, fade_through, mix};
pub use placement::{Rect, fitted, picture_area};
pub use title::TitleFont;
pub use viewport::{composing_scale, through_viewport};

/// How many decoded bytes of video the compositor keeps (about 60 frames of
/// 1080p).
const FRAME_CACHE_BYTES: usize = 512 << 20;
/// How many scaled stills and title panels are kept, at most…
const PICTURE_CACHE_ENTRIES: usize = 64;
/// …and in bytes at most (a project at 8192² keeps two of 256 MB, both
/// sides of a gap, not 64).
const PICTURE_CACHE_BYTES: usize = 600 << 20;

/// A still whose decoded RGBA would be more than this (64 MB: 4096x4096)
/// is decoded only while no other large one is.
const LARGE_PICTURE_BYTES: u64 = 64 << 20;

/// Held while a large still is decoded and placed.
static LARGE_PICTURE_DECODE: Mutex<()> = Mutex::new(());

/// Why a frame could not be rendered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    /// A card's media could not be read.
    #[error(transparent)]
    Media(#[from] MediaError),
    /// The asked-for size is not a frame size.
    #[error(
        "cannot render a {width}x{height} frame: each side must be 1 to {} pixels",
        Resolution::MAX_SIDE
    )]
    BadSize {
        /// Asked-for width.
        width: u32,
        /// Asked-for height.
        height: u32,
    },
    /// The bundled title font is damaged (a broken build, not bad input).
    #[error("{0}")]
    Font(String),
}

/// What the compositor knows when it asks for a generated gap frame.
pub struct GapFrameRequest<'a> {
    /// The gap.
    pub gap: &'a Gap,
    /// Its settings.
    pub settings: &'a GapSettings,
    /// The last frame before it, at the size being rendered.
    pub before: &'a RgbaImage,
    /// The first frame after it.
    pub after: &'a RgbaImage,
    /// Which of its frames (0-based).
    pub frame_in_gap: i64,
}

/// A source of generated gap frames (the gap model's cache). The compositor
/// asks it first and falls back to the draft crossfade.
pub trait GapFrames: Send + Sync {
    /// The generated frame the request names, if there is one.
    fn frame(&self, request: &GapFrameRequest<'_>) -> Option<RgbaImage>;
}

/// No generated frames: every gap shows its draft.
pub struct DraftOnly;

impl GapFrames for DraftOnly {
    fn frame(&self, _request: &GapFrameRequest<'_>) -> Option<RgbaImage> {
        None
    }
}

/// Renders a project's frames. Shareable across threads; caches decoded
/// video frames, scaled stills and title panels.
pub struct Compositor {
    folder: PathBuf,
    decoders: DecoderPool,
    pictures: Mutex<PictureCache<PictureKey>>,
    font: TitleFont,
    gap_frames: Arc<dyn GapFrames>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PictureKey {
    Still {
        media: MediaRef,
        area: (u32, u32),
        fit: Fit,
    },
    Title {
        text: String,
        width: u32,
        height: u32,
    },
}

impl Compositor {
    /// A compositor for the project stored in `folder` (media paths are
    /// relative to it), with draft gaps.
    pub fn new(folder: &Path) -> Result<Self, RenderError> {
        Ok(Self {
            folder: folder.to_path_buf(),
            decoders: DecoderPool::new(FRAME_CACHE_BYTES),
            pictures: Mutex::new(PictureCache::new(
                PICTURE_CACHE_ENTRIES,
                PICTURE_CACHE_BYTES,
            )),
            font: TitleFont::bundled().map_err(RenderError::Font)?,
            gap_frames: Arc::new(DraftOnly),
        })
    }

    /// Uses `source` for generated gap frames.
    pub fn with_gap_frames(mut self, source: Arc<dyn GapFrames>) -> Self {
        self.gap_frames = source;
        self
    }

    /// The project folder media paths are resolved against.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The decoders, for callers that need a clip's stream information.
    pub fn decoders(&self) -> &DecoderPool {
        &self.decoders
    }

    /// Film frame `frame` of `project` at `width` x `height`. Frames outside
    /// the film are black.
    pub fn render(
        &self,
        project: &Project,
        frame: i64,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, RenderError> {
        check_size(width, height)?;
        let layout = Layout::of(project);
        let picture = match layout.at(frame) {
            At::Card { id, frame_in_card } => match project.card(id) {
                Some(card) => self.card_frame(project, card, frame_in_card, width, height),
                None => Ok(black(width, height)),
            },
            At::Gap {
                gap, frame_in_gap, ..
            } => Ok(self
                .gap_frame(project, &gap, frame_in_gap, width, height)?
                .0),
            At::Empty => Ok(black(width, height)),
        }?;
        // The film's fade in and fade out.
        let shown = project
            .settings
            .film_fade_at(frame, project.duration_frames());
        Ok(if shown < 1.0 {
            mix(&black(width, height), &picture, shown)
        } else {
            picture
        })
    }

    /// Frame `frame_in_gap` of `gap`: the generated one where the gap frame
    /// source has it (then `true`), else the draft crossfade.
    pub fn gap_frame(
        &self,
        project: &Project,
        gap: &Gap,
        frame_in_gap: i64,
        width: u32,
        height: u32,
    ) -> Result<(RgbaImage, bool), RenderError> {
        let (before, after) = self.gap_boundaries(project, gap, width, height)?;
        let settings = project.gap_settings(gap.key);
        let request = GapFrameRequest {
            gap,
            settings: &settings,
            before: &before,
            after: &after,
            frame_in_gap,
        };
        match self.gap_frames.frame(&request) {
            Some(generated) if generated.dimensions() == (width, height) => Ok((generated, true)),
            _ => Ok((
                draft(&before, &after, gap.t_at(frame_in_gap), &settings),
                false,
            )),
        }
    }

    /// The draft of a gap at `t`: a crossfade between its boundary frames
    /// (for a fade, the fade).
    pub fn draft_gap_frame(
        &self,
        project: &Project,
        gap: &Gap,
        t: f64,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, RenderError> {
        let (before, after) = self.gap_boundaries(project, gap, width, height)?;
        Ok(draft(&before, &after, t, &project.gap_settings(gap.key)))
    }

    /// The last frame before `gap` and the first frame after it: what a gap
    /// model is conditioned on.
    pub fn gap_boundaries(
        &self,
        project: &Project,
        gap: &Gap,
        width: u32,
        height: u32,
    ) -> Result<(RgbaImage, RgbaImage), RenderError> {
        check_size(width, height)?;
        let side = |id| -> Result<Option<&Card>, RenderError> { Ok(project.card(id)) };
        let before = match side(gap.key.from_card)? {
            Some(card) => {
                let last = card.range_in_timeline.duration - 1;
                self.card_frame(project, card, last, width, height)?
            }
            None => black(width, height),
        };
        let after = match side(gap.key.to_card)? {
            Some(card) => self.card_frame(project, card, 0, width, height)?,
            None => black(width, height),
        };
        Ok((before, after))
    }

    /// Frame `frame_in_card` of `card`, composed into a full frame, through
    /// its camera move if it has one.
    pub fn card_frame(
        &self,
        project: &Project,
        card: &Card,
        frame_in_card: i64,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, RenderError> {
        check_size(width, height)?;
        let area = picture_area(width, height, project.settings.aspect);
        let mut frame = black(width, height);
        let camera = match card.content {
            CardContent::Text => None,
            _ => card.camera_move.as_ref(),
        };
        match camera {
            // Straight into the frame: no copy on the way.
            None => self.draw_card_picture(project, card, frame_in_card, &mut frame, area)?,
            Some(camera) => {
                let size = (area.width, area.height);
                let scale =
                    viewport::composing_scale(size, camera.max_zoom(), Resolution::MAX_SIDE);
                let larger = Rect {
                    x: 0,
                    y: 0,
                    width: ((area.width as f32 * scale).round() as u32).max(1),
                    height: ((area.height as f32 * scale).round() as u32).max(1),
                };
                let mut picture = black(larger.width, larger.height);
                self.draw_card_picture(project, card, frame_in_card, &mut picture, larger)?;
                let view = camera.at(frame_in_card, card.range_in_timeline.duration);
                let seen = viewport::through_viewport(&picture, size, view);
                canvas::blit(&mut frame, &seen, area, area);
            }
        }
        Ok(frame)
    }

    /// Draws frame `frame_in_card` of `card`'s content into `area` of
    /// `out` (black, as `out` is, where a fitted picture leaves bars), with
    /// no camera move.
    fn draw_card_picture(
        &self,
        project: &Project,
        card: &Card,
        frame_in_card: i64,
        out: &mut RgbaImage,
        area: Rect,
    ) -> Result<(), RenderError> {
        match &card.content {
            CardContent::Text => {
                let panel = self.title(&card.prompt, area.width, area.height);
                canvas::blit(out, &panel, area, area);
            }
            CardContent::Image { media } => {
                let path = media.resolve(&self.folder);
                let still = self.still(media, &path, area, card.fit)?;
                canvas::blit(out, &still, area, area);
            }
            CardContent::Clip {
                media,
                source_start_frame,
                ..
            } => {
                let path = media.resolve(&self.folder);
                let info = self.decoders.info(&path)?;
                let source_frame = project
                    .settings
                    .frame_rate
                    .convert_frames(source_start_frame + frame_in_card, info.frame_rate);
                let at = fitted(info.display_size(), area, card.fit);
                let shown = u64::from(area.width) * u64::from(area.height);
                if u64::from(at.width) * u64::from(at.height) > 4 * shown.max(1) {
                    // A picture of an extreme shape filling the area: decoded
                    // at its own size and cropped before it is scaled, never
                    // scaled whole to a size mostly cut away.
                    let (w, h) = info.display_size();
                    let picture = self.decoders.frame(&path, source_frame, w, h)?;
                    let placed = place(&*picture, area, card.fit);
                    canvas::blit(out, &placed, area, area);
                } else {
                    let picture = self
                        .decoders
                        .frame(&path, source_frame, at.width, at.height)?;
                    canvas::blit(out, &picture, at, area);
                }
            }
        }
        Ok(())
    }

    fn still(
        &self,
        media: &MediaRef,
        path: &Path,
        area: Rect,
        fit: Fit,
    ) -> Result<Arc<RgbaImage>, RenderError> {
        let key = PictureKey::Still {
            media: media.clone(),
            area: (area.width, area.height),
            fit,
        };
        if let Some(found) = lock(&self.pictures).get(&key) {
            return Ok(found);
        }
        // Pictures that are large decoded (a 16384² one is 1 GB) are decoded
        // one at a time in the whole process: the preview, the thumbnails
        // and the gap workers missing the cache together would otherwise
        // each hold one.
        let large = media::picture_size(path)
            .is_some_and(|(w, h)| 4 * u64::from(w) * u64::from(h) > LARGE_PICTURE_BYTES);
        let _one_at_a_time = large.then(|| lock(&LARGE_PICTURE_DECODE));
        if large && let Some(found) = lock(&self.pictures).get(&key) {
            // Made by another worker while this one waited.
            return Ok(found);
        }
        let whole = Rect {
            x: 0,
            y: 0,
            width: area.width,
            height: area.height,
        };
        let original = media::load_picture_for(path, |size| {
            let at = fitted(size, whole, fit);
            (at.width, at.height)
        })?;
        let placed = Arc::new(place(&original, area, fit));
        drop(original);
        self.remember(key, Arc::clone(&placed));
        Ok(placed)
    }

    fn title(&self, text: &str, width: u32, height: u32) -> Arc<RgbaImage> {
        let text = title::shown_part(text);
        let key = PictureKey::Title {
            text: text.to_owned(),
            width,
            height,
        };
        if let Some(found) = lock(&self.pictures).get(&key) {
            return found;
        }
        let panel = Arc::new(self.font.panel(text, width, height));
        self.remember(key, Arc::clone(&panel));
        panel
    }

    fn remember(&self, key: PictureKey, picture: Arc<RgbaImage>) {
        lock(&self.pictures).insert(key, picture);
    }
}

/// `picture` fitted (or filling) an area of `area`'s size, as an image of
/// that size with black bars where it leaves them. Only the part that shows
/// is scaled, so a picture of an extreme shape filling the area costs no
/// more than the area.
fn place<P>(picture: &P, area: Rect, fit: Fit) -> RgbaImage
where
    P: image::GenericImageView<Pixel = image::Rgba<u8>>,
{
    let (aw, ah) = (area.width, area.height);
    let whole = Rect {
        x: 0,
        y: 0,
        width: aw,
        height: ah,
    };
    let (pw, ph) = picture.dimensions();
    let at = fitted((pw, ph), whole, fit);
    // The part of `at` inside the area, and the source pixels it shows.
    let (x0, y0) = (at.x.max(0), at.y.max(0));
    let x1 = (at.x + i64::from(at.width)).min(i64::from(aw));
    let y1 = (at.y + i64::from(at.height)).min(i64::from(ah));
    let mut out = black(aw, ah);
    if x1 <= x0 || y1 <= y0 {
        return out;
    }
    let to_source = |v: i64, offset: i64, shown: u32, size: u32| -> f64 {
        (v - offset) as f64 * f64::from(size) / f64::from(shown.max(1))
    };
    let sx0 = to_source(x0, at.x, at.width, pw).floor().max(0.0) as u32;
    let sy0 = to_source(y0, at.y, at.height, ph).floor().max(0.0) as u32;
    let sx1 = (to_source(x1, at.x, at.width, pw).ceil() as u32).clamp(sx0 + 1, pw.max(1));
    let sy1 = (to_source(y1, at.y, at.height, ph).ceil() as u32).clamp(sy0 + 1, ph.max(1));
    let crop = image::imageops::crop_imm(picture, sx0, sy0, sx1 - sx0, sy1 - sy0);
    let (vw, vh) = ((x1 - x0) as u32, (y1 - y0) as u32);
    let scaled = image::imageops::resize(&*crop, vw, vh, FilterType::Triangle);
    canvas::blit(
        &mut out,
        &scaled,
        Rect {
            x: x0,
            y: y0,
            width: vw,
            height: vh,
        },
        whole,
    );
    out
}

/// A gap's frame at `t` before a model has made it: a crossfade, or for the
/// fades the fade itself (which needs no model).
fn draft(before: &RgbaImage, after: &RgbaImage, t: f64, settings: &GapSettings) -> RgbaImage {
    dissolve_or_fade(before, after, t, settings.mode.fade_level())
}

fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    let ok = |side: u32| (1..=Resolution::MAX_SIDE).contains(&side);
    if ok(width) && ok(height) {
        Ok(())
    } else {
        Err(RenderError::BadSize { width, height })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
