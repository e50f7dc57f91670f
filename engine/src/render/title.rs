//! Text cards: the prompt set as a title on a designed panel, with the
//! bundled Inter Display SemiBold (SIL OFL; see assets/fonts/OFL.txt).

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use image::{Rgba, RgbaImage};

/// The title font, compiled into the binary so a title never depends on what
/// fonts a machine has.
static TITLE_FONT: &[u8] = include_bytes!("../../../assets/fonts/InterDisplay-SemiBold.otf");

const TOP: [f32; 3] = [29.0, 36.0, 51.0];
const BOTTOM: [f32; 3] = [11.0, 13.0, 20.0];
const INK: [f32; 3] = [242.0, 239.0, 232.0];
const ACCENT: [u8; 3] = [232, 176, 74];

/// The typeface for titles.
pub struct TitleFont(FontRef<'static>);

impl TitleFont {
    /// The bundled font. Fails only if the bundled file is damaged.
    pub fn bundled() -> Result<Self, String> {
        FontRef::try_from_slice(TITLE_FONT)
            .map(Self)
            .map_err(|e| format!("the bundled title font cannot be read ({e})"))
    }

    /// The most characters a title shows: more than fit on a panel at its
    /// smallest size, so a huge text costs no more to lay out than this.
    pub const MAX_CHARS: usize = 2000;

    /// A `width` x `height` title panel showing `text`: a dark gradient, a
    /// short accent rule, and the text centred in up to 76% of the width,
    /// shrunk until it fits in 70% of the height.
    pub fn panel(&self, text: &str, width: u32, height: u32) -> RgbaImage {
        let mut image = gradient(width, height);
        let text = shown_part(text.trim());
        if text.is_empty() || width < 8 || height < 8 {
            return image;
        }
        let max_width = width as f32 * 0.76;
        let max_height = height as f32 * 0.70;
        let mut size = height as f32 * 0.08;
        let minimum = size * 0.4;
        let (lines, line_height) = loop {
            let scaled = self.0.as_scaled(PxScale::from(size));
            let line_height = (scaled.ascent() - scaled.descent() + scaled.line_gap()) * 1.08;
            let lines = wrap(&self.0, PxScale::from(size), text, max_width);
            if lines.len() as f32 * line_height <= max_height || size <= minimum {
                break (lines, line_height);
            }
            size *= 0.9;
        };
        let scale = PxScale::from(size);
        let scaled = self.0.as_scaled(scale);
        let block = lines.len() as f32 * line_height;
        let top = (height as f32 - block) / 2.0;
        rule(&mut image, width, top - line_height * 0.55, height);
        for (i, line) in lines.iter().enumerate() {
            let line_width = measure(&self.0, scale, line);
            let x = (width as f32 - line_width) / 2.0;
            let baseline = top + i as f32 * line_height + scaled.ascent();
            draw_line(&self.0, scale, line, x, baseline, &mut image);
        }
        image
    }
}

/// The part of `text` a title can show: its first
/// [`TitleFont::MAX_CHARS`] characters.
pub fn shown_part(text: &str) -> &str {
    match text.char_indices().nth(TitleFont::MAX_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn gradient(width: u32, height: u32) -> RgbaImage {
    RgbaImage::from_fn(width, height, |_, y| {
        let t = y as f32 / height.max(2).saturating_sub(1) as f32;
        let c = |i: usize| (TOP[i] + (BOTTOM[i] - TOP[i]) * t).round() as u8;
        Rgba([c(0), c(1), c(2), 255])
    })
}

/// A short centred rule above the text, 6% of the width long.
fn rule(image: &mut RgbaImage, width: u32, y: f32, height: u32) {
    let length = (width as f32 * 0.06).max(8.0) as u32;
    let thickness = (height as f32 * 0.004).max(1.0) as u32;
    let x0 = (width - length.min(width)) / 2;
    let y0 = y.max(0.0) as u32;
    for y in y0..(y0 + thickness).min(height) {
        for x in x0..(x0 + length).min(width) {
            image.put_pixel(x, y, Rgba([ACCENT[0], ACCENT[1], ACCENT[2], 255]));
        }
    }
}

/// Greedy word wrap to `max_width`, keeping the prompt's own line breaks. A
/// word wider than the line is put on a line of its own (and may overhang).
fn wrap(font: &FontRef<'static>, scale: PxScale, text: &str, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || measure(font, scale, &candidate) <= max_width {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        lines.push(line);
    }
    lines
}

/// The advance width of `text`, with kerning.
fn measure(font: &FontRef<'static>, scale: PxScale, text: &str) -> f32 {
    let scaled = font.as_scaled(scale);
    let mut width = 0.0;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

fn draw_line(
    font: &FontRef<'static>,
    scale: PxScale,
    text: &str,
    x: f32,
    baseline: f32,
    image: &mut RgbaImage,
) {
    let scaled = font.as_scaled(scale);
    let (width, height) = image.dimensions();
    let mut caret = x;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            if px < 0 || py < 0 || px >= i64::from(width) || py >= i64::from(height) {
                return;
            }
            let pixel = image.get_pixel_mut(px as u32, py as u32);
            let a = coverage.clamp(0.0, 1.0);
            for i in 0..3 {
                pixel[i] = (f32::from(pixel[i]) * (1.0 - a) + INK[i] * a).round() as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink_rows(image: &RgbaImage) -> Vec<u32> {
        (0..image.height())
            .filter(|&y| {
                (0..image.width())
                    .any(|x| image.get_pixel(x, y)[0] > 200 && image.get_pixel(x, y)[2] > 200)
            })
            .collect()
    }

    #[test]
    fn text_is_drawn_centred() {
        let font = TitleFont::bundled().unwrap();
        let image = font.panel("Hello", 640, 360);
        let rows = ink_rows(&image);
        assert!(!rows.is_empty(), "the title is drawn");
        let middle = (rows[0] + rows[rows.len() - 1]) / 2;
        assert!(
            middle.abs_diff(180) < 30,
            "vertically centred (middle row {middle})"
        );
        let columns: Vec<u32> = (0..640)
            .filter(|&x| {
                (0..360).any(|y| image.get_pixel(x, y)[0] > 200 && image.get_pixel(x, y)[2] > 200)
            })
            .collect();
        let centre = (columns[0] + columns[columns.len() - 1]) / 2;
        assert!(
            centre.abs_diff(320) < 6,
            "horizontally centred (centre column {centre})"
        );
    }

    #[test]
    fn long_text_wraps_and_stays_inside() {
        let font = TitleFont::bundled().unwrap();
        let text = "A very long prompt that could never fit on one line of a title card, however wide the film is, so it must wrap onto several lines.";
        let lines = wrap(&font.0, PxScale::from(40.0), text, 500.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| measure(&font.0, PxScale::from(40.0), l) <= 500.0)
        );
        let image = font.panel(text, 640, 360);
        let inked: Vec<u32> = (0..640)
            .filter(|&x| {
                (0..360).any(|y| image.get_pixel(x, y)[0] > 200 && image.get_pixel(x, y)[2] > 200)
            })
            .collect();
        assert!(inked[0] >= 640 * 12 / 100 && inked[inked.len() - 1] <= 640 * 88 / 100);
    }

    #[test]
    fn an_empty_prompt_is_just_the_panel() {
        let font = TitleFont::bundled().unwrap();
        assert!(ink_rows(&font.panel("  ", 320, 180)).is_empty());
    }
}
