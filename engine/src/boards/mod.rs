//! The boards on paper: a PDF of the story's panels, as a storyboard artist
//! hands them out. Each panel shows the card's picture (a clip's first frame,
//! a text card as the film shows it), its shot number, its duration as
//! timecode and in seconds, and its description (the prompt), dialogue,
//! action and notes; with [`BoardsRequest::gaps`], the generated in-between's
//! middle frame sits as a small panel between two cards. Each page carries
//! the project's name, the scenes on it, the date, the aspect and page n / N.
//!
//! Text wraps inside its panel; text longer than a panel holds continues on
//! a panel of its own ("3 (continued)"), never over the next one.
//!
//! - [`sheet`]: the paper, the grid and where a panel's parts go;
//! - [`text`]: fonts (bundled Inter, the machine's fonts for other
//!   scripts), shaping and wrapping;
//! - `flow.rs`: which panel goes in which slot;
//! - `draw.rs`: the PDF itself, with krilla.

mod draw;
mod flow;
pub mod sheet;
pub mod text;

use image::RgbaImage;

pub use sheet::{Grid, Orientation, Paper};

use crate::jobs::ProgressSink;
use crate::project::Project;
use crate::render::{Compositor, RenderError};
use flow::{Flow, Slot};

/// What to print.
#[derive(Debug, Clone)]
pub struct BoardsRequest {
    /// Panels per page.
    pub grid: Grid,
    /// The paper.
    pub paper: Paper,
    /// Which way up.
    pub orientation: Orientation,
    /// Also show each gap's generated middle frame between its cards.
    pub gaps: bool,
    /// The date printed on every page ("2026-12-02").
    pub date: String,
}

/// The written boards.
#[derive(Debug, Clone)]
pub struct Boards {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// How many pages.
    pub pages: usize,
    /// How many panels (cards, continued panels and gaps).
    pub panels: usize,
    /// What the reader should know: characters no font on this machine
    /// shows, text cut because it is longer than panels can hold.
    pub warnings: Vec<String>,
}

/// Why the boards could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BoardsError {
    /// Nothing to print.
    #[error("the project has no cards to print")]
    Empty,
    /// A card's picture could not be drawn.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The bundled fonts are damaged (a broken build).
    #[error("{0}")]
    Font(String),
    /// The PDF could not be put together.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// Stopped by the user.
    #[error("cancelled")]
    Cancelled,
}

/// The most pixels a panel's picture is rendered at across (about 200 dpi
/// on a 1x1 A4 sheet).
const MAX_PICTURE_PX: f32 = 1600.0;
/// Picture resolution, pixels per point (about 200 dpi).
const PX_PER_POINT: f32 = 200.0 / 72.0;

/// The boards of `project` as a PDF, its pictures drawn by `compositor`
/// (whose gap frames are the generated ones, where there are any).
pub fn boards(
    project: &Project,
    compositor: &Compositor,
    request: &BoardsRequest,
    progress: &dyn ProgressSink,
) -> Result<Boards, BoardsError> {
    if project.cards.is_empty() {
        return Err(BoardsError::Empty);
    }
    let sheet = sheet::Sheet::new(request.paper, request.orientation, request.grid);
    let mut fonts = text::Fonts::new().map_err(BoardsError::Font)?;
    let flow = Flow::of(project, &sheet, &mut fonts, request.gaps);
    let total = flow.slots.len() as u64;
    let mut pictures = Vec::with_capacity(flow.slots.len());
    for (i, slot) in flow.slots.iter().enumerate() {
        if progress.is_cancelled() {
            return Err(BoardsError::Cancelled);
        }
        progress.progress(i as u64, total, "Drawing panels");
        pictures.push(picture(project, compositor, &sheet, slot)?);
    }
    progress.progress(total, total, "Writing the PDF");
    let pdf = draw::pdf(project, request, &sheet, &mut fonts, &flow, &pictures)
        .map_err(BoardsError::Pdf)?;
    let mut warnings = flow.warnings.clone();
    if !fonts.missing().is_empty() {
        let sample: String = fonts.missing().iter().take(12).collect();
        warnings.push(format!(
            "no font on this machine has {} of the characters used ({sample}…); they print as empty boxes. \
             Install a font that has them (on Debian: fonts-noto-cjk for Chinese and Japanese, \
             fonts-noto-core for Arabic)",
            fonts.missing().len()
        ));
    }
    Ok(Boards {
        pdf,
        pages: flow.pages(&sheet),
        panels: flow.slots.len(),
        warnings,
    })
}

/// A slot's picture, if it has one, and whether a gap's is generated.
pub(crate) struct Picture {
    image: RgbaImage,
    generated: bool,
}

fn picture(
    project: &Project,
    compositor: &Compositor,
    sheet: &sheet::Sheet,
    slot: &Slot,
) -> Result<Option<Picture>, BoardsError> {
    let aspect = project.settings.aspect.as_f64() as f32;
    let geometry = sheet.panel(sheet.slots[0], aspect, flow::MIN_LINES);
    let width = (geometry.picture.width * PX_PER_POINT).min(MAX_PICTURE_PX);
    let px = |w: f32| {
        let w = (w.round() as u32).max(16);
        let h = ((w as f32 / aspect).round() as u32).max(2);
        (w, h)
    };
    match slot {
        Slot::Card {
            card,
            continued: false,
            ..
        } => {
            let (w, h) = px(width);
            let image = compositor.card_frame(project, &project.cards[*card], 0, w, h)?;
            Ok(Some(Picture {
                image,
                generated: true,
            }))
        }
        Slot::Card { .. } => Ok(None),
        Slot::Gap { gap } => {
            let (w, h) = px(width * flow::GAP_SCALE);
            let middle = gap.range_in_timeline.duration / 2;
            // Generated frames are cached at the project's size: drawn at
            // that size, then scaled to the panel's.
            let full = project.settings.resolution;
            let (image, generated) =
                compositor.gap_frame(project, gap, middle, full.width, full.height)?;
            let image =
                image::imageops::resize(&image, w, h, image::imageops::FilterType::Triangle);
            Ok(Some(Picture { image, generated }))
        }
    }
}

/// Today's date as the boards print it ("2026-12-02", UTC), or the date of
/// `SOURCE_DATE_EPOCH` when that is set (for reproducible documents).
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    date_of(seconds)
}

/// The UTC calendar date of a Unix time, as YYYY-MM-DD (the proleptic
/// Gregorian calendar; H. Hinnant's days-to-civil).
pub fn date_of(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date_of;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_796_169_600), "2026-12-02");
        assert_eq!(date_of(-86_400), "1969-12-31");
    }
}
