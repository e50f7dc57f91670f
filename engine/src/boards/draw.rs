//! The PDF itself, with krilla: each page's header and footer, each slot's
//! picture, caption and text.

use std::io::Cursor;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use super::flow::{Flow, GAP_SCALE, MIN_LINES, Slot, TextLine, duration_label};
use super::sheet::{Area, Sheet};
use super::text::{Fonts, Line, Weight};
use super::{BoardsRequest, Picture};
use crate::project::Project;

const INK: (u8, u8, u8) = (28, 28, 30);
const GREY: (u8, u8, u8) = (110, 110, 116);
const RULE: (u8, u8, u8) = (170, 170, 176);
/// JPEG quality of the panels' pictures.
const JPEG_QUALITY: u8 = 88;

/// The boards as PDF bytes.
pub fn pdf(
    project: &Project,
    request: &BoardsRequest,
    sheet: &Sheet,
    fonts: &mut Fonts,
    flow: &Flow,
    pictures: &[Option<Picture>],
) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — boards", project.settings.name))
            .creator("Inbetween".to_owned()),
    );
    let per_page = sheet.slots.len().max(1);
    let pages = flow.pages(sheet);
    let images: Vec<Option<Image>> = pictures
        .iter()
        .map(|p| p.as_ref().map(|p| jpeg(&p.image)).transpose())
        .collect::<Result<_, _>>()?;
    let page_settings =
        PageSettings::from_wh(sheet.width, sheet.height).ok_or("the page has no size")?;
    for page_index in 0..pages {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        let from = page_index * per_page;
        let to = (from + per_page).min(flow.slots.len());
        let scenes = scenes_of(&flow.slots[from..to]);
        header(&mut surface, fonts, sheet, project, request, &scenes);
        footer(&mut surface, fonts, sheet, project, page_index + 1, pages);
        for (k, slot) in flow.slots[from..to].iter().enumerate() {
            let area = sheet.slots[k];
            let image = images[from + k].as_ref();
            let generated = pictures[from + k].as_ref().is_none_or(|p| p.generated);
            match slot {
                Slot::Card {
                    card,
                    lines,
                    continued,
                    ..
                } => card_panel(
                    &mut surface,
                    fonts,
                    sheet,
                    project,
                    area,
                    *card,
                    lines,
                    *continued,
                    image,
                ),
                Slot::Gap { gap } => gap_panel(
                    &mut surface,
                    fonts,
                    sheet,
                    project,
                    area,
                    gap,
                    image,
                    generated,
                ),
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

fn jpeg(image: &image::RgbaImage) -> Result<Image, String> {
    let rgb = image::DynamicImage::ImageRgba8(image.clone()).to_rgb8();
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut bytes), JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| format!("cannot encode a panel's picture ({e})"))?;
    Image::from_jpeg(bytes.into(), true)
}

/// The distinct scene headings of a page's cards, in order.
fn scenes_of(slots: &[Slot]) -> Vec<String> {
    let mut scenes: Vec<String> = Vec::new();
    for slot in slots {
        if let Slot::Card { scene, .. } = slot
            && !scene.is_empty()
            && scenes.last() != Some(scene)
        {
            scenes.push(scene.clone());
        }
    }
    scenes
}

fn header(
    surface: &mut Surface<'_>,
    fonts: &mut Fonts,
    sheet: &Sheet,
    project: &Project,
    request: &BoardsRequest,
    scenes: &[String],
) {
    let a = sheet.header;
    let baseline = a.y + 16.0;
    // A long name keeps to half the band: its first line only.
    let name = fonts
        .wrap(&project.settings.name, 14.0, Weight::Bold, a.width * 0.5)
        .into_iter()
        .next()
        .unwrap_or_default();
    let name_w = name.pieces.last().map_or(0.0, |p| p.x + p.width);
    text(surface, fonts, &name, a.x, baseline, 14.0, INK);
    let (date, date_w) = fonts.line(&request.date, 9.0, Weight::Regular);
    text(
        surface,
        fonts,
        &date,
        a.x + a.width - date_w,
        baseline,
        9.0,
        GREY,
    );
    if !scenes.is_empty() {
        let room = a.width - name_w - date_w - 40.0;
        let lines = fonts.wrap(&scenes.join("  ·  "), 9.0, Weight::Regular, room.max(40.0));
        if let Some(first) = lines.first() {
            text(
                surface,
                fonts,
                first,
                a.x + name_w + 20.0,
                baseline,
                9.0,
                INK,
            );
        }
    }
    rule(surface, a.x, a.bottom() - 4.0, a.width);
}

fn footer(
    surface: &mut Surface<'_>,
    fonts: &mut Fonts,
    sheet: &Sheet,
    project: &Project,
    page: usize,
    pages: usize,
) {
    let a = sheet.footer;
    let s = &project.settings;
    let baseline = a.bottom() - 4.0;
    let (left, _) = fonts.line(
        &format!(
            "Aspect {} · {}×{} · {} fps",
            s.aspect, s.resolution.width, s.resolution.height, s.frame_rate
        ),
        8.0,
        Weight::Regular,
    );
    text(surface, fonts, &left, a.x, baseline, 8.0, GREY);
    let (right, w) = fonts.line(&format!("Page {page} / {pages}"), 8.0, Weight::Regular);
    text(
        surface,
        fonts,
        &right,
        a.x + a.width - w,
        baseline,
        8.0,
        GREY,
    );
}

#[allow(clippy::too_many_arguments)]
fn card_panel(
    surface: &mut Surface<'_>,
    fonts: &mut Fonts,
    sheet: &Sheet,
    project: &Project,
    area: Area,
    card: usize,
    lines: &[TextLine],
    continued: bool,
    image: Option<&Image>,
) {
    let card = &project.cards[card];
    let aspect = project.settings.aspect.as_f64() as f32;
    let panel = if continued {
        sheet.continuation(area)
    } else {
        sheet.panel(area, aspect, MIN_LINES)
    };
    if let Some(image) = image {
        draw_image(surface, image, panel.picture);
        frame(surface, panel.picture);
    }
    let size = sheet.text_size;
    let big = size * 1.45;
    let baseline = panel.caption.y + big + 3.0;
    let shot = if continued {
        format!("{} (continued)", card.board.shot)
    } else {
        card.board.shot.clone()
    };
    let (shot_line, _) = fonts.line(&shot, big, Weight::Bold);
    text(
        surface,
        fonts,
        &shot_line,
        panel.caption.x,
        baseline,
        big,
        INK,
    );
    if !continued {
        let (duration, w) = fonts.line(&duration_label(project, card), size, Weight::Regular);
        let x = panel.caption.x + panel.caption.width - w;
        text(surface, fonts, &duration, x, baseline, size, GREY);
    }
    body(surface, fonts, sheet, panel.text, lines);
}

#[allow(clippy::too_many_arguments)]
fn gap_panel(
    surface: &mut Surface<'_>,
    fonts: &mut Fonts,
    sheet: &Sheet,
    project: &Project,
    area: Area,
    gap: &crate::timeline::Gap,
    image: Option<&Image>,
    generated: bool,
) {
    let aspect = project.settings.aspect.as_f64() as f32;
    let full = sheet.panel(area, aspect, MIN_LINES);
    let w = full.picture.width * GAP_SCALE;
    let h = full.picture.height * GAP_SCALE;
    let picture = Area {
        x: area.x + (area.width - w) / 2.0,
        y: full.picture.y + (full.picture.height - h) / 2.0,
        width: w,
        height: h,
    };
    if let Some(image) = image {
        draw_image(surface, image, picture);
        frame(surface, picture);
    }
    let shot = |id| {
        project
            .card(id)
            .map_or_else(|| "?".to_owned(), |c| c.board.shot.clone())
    };
    let settings = project.gap_settings(gap.key);
    let rate = project.settings.frame_rate;
    let size = sheet.text_size;
    let x = picture.x;
    let mut baseline = picture.bottom() + size * 1.6;
    let (title, _) = fonts.line(
        &format!(
            "Gap {} → {}",
            shot(gap.key.from_card),
            shot(gap.key.to_card)
        ),
        size,
        Weight::Bold,
    );
    text(surface, fonts, &title, x, baseline, size, INK);
    baseline += sheet.line_height();
    let what = format!(
        "{} · {:.2} s · {}",
        settings.mode.label(),
        rate.seconds_at(gap.range_in_timeline.duration),
        if generated {
            "middle frame"
        } else {
            "draft: not generated yet"
        }
    );
    for line in fonts.wrap(&what, size, Weight::Regular, w.max(60.0)) {
        text(surface, fonts, &line, x, baseline, size, GREY);
        baseline += sheet.line_height();
    }
}

fn body(surface: &mut Surface<'_>, fonts: &Fonts, sheet: &Sheet, area: Area, lines: &[TextLine]) {
    let size = sheet.text_size;
    for (i, l) in lines.iter().enumerate() {
        let baseline = area.y + sheet.line_height() * i as f32 + size;
        if let Some(label) = &l.label {
            text(surface, fonts, label, area.x, baseline, size, GREY);
        }
        text(surface, fonts, &l.line, area.x, baseline, size, INK);
    }
}

fn text(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    line: &Line,
    x: f32,
    baseline: f32,
    size: f32,
    colour: (u8, u8, u8),
) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    for piece in &line.pieces {
        surface.draw_glyphs(
            Point::from_xy(x + piece.x, baseline),
            &piece.glyphs,
            fonts.font(piece.face),
            &piece.text,
            size,
            false,
        );
    }
}

fn draw_image(surface: &mut Surface<'_>, image: &Image, at: Area) {
    let Some(size) = Size::from_wh(at.width, at.height) else {
        return;
    };
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    surface.draw_image(image.clone(), size);
    surface.pop();
}

fn frame(surface: &mut Surface<'_>, at: Area) {
    let Some(rect) = Rect::from_xywh(at.x, at.y, at.width, at.height) else {
        return;
    };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    if let Some(path) = path.finish() {
        stroke(surface, &path, 0.6);
    }
}

fn rule(surface: &mut Surface<'_>, x: f32, y: f32, width: f32) {
    let mut path = PathBuilder::new();
    path.move_to(x, y);
    path.line_to(x + width, y);
    if let Some(path) = path.finish() {
        stroke(surface, &path, 0.5);
    }
}

fn stroke(surface: &mut Surface<'_>, path: &krilla::geom::Path, width: f32) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(RULE.0, RULE.1, RULE.2).into(),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(path);
    surface.set_stroke(None);
}
