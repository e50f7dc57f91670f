//! Text on the boards: the bundled Inter for Latin text, the machine's own
//! fonts for what Inter lacks (Japanese, Chinese, Arabic…), shaped with
//! rustybuzz and wrapped to a width. Right-to-left paragraphs are set from
//! the right edge, each word shaped in its own direction.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use krilla::text::{Font, GlyphId, KrillaGlyph};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.otf");
static SEMIBOLD: &[u8] = include_bytes!("../../../assets/fonts/InterDisplay-SemiBold.otf");

/// Families tried first, in order, for a character Inter lacks; then every
/// other font on the machine.
const PREFERRED: [&str; 7] = [
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans",
    "DejaVu Sans",
    "Noto Naskh Arabic",
    "Droid Sans Fallback",
];

/// Regular or bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// Inter Regular.
    Regular,
    /// Inter Display SemiBold.
    Bold,
}

/// One font: its bytes (for shaping) and krilla's handle (for the PDF).
struct Face {
    bytes: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

/// A run of glyphs in one font, ready to draw: `glyphs`' text ranges index
/// into `text`.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Which of [`Fonts`]'s faces.
    pub face: usize,
    /// The shaped glyphs, in visual order, advances per unit of font size.
    pub glyphs: Vec<KrillaGlyph>,
    /// The characters they show.
    pub text: String,
    /// Where the piece starts on its line, from the line's left edge, in points.
    pub x: f32,
    /// Its width in points.
    pub width: f32,
}

/// A laid-out line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Its pieces.
    pub pieces: Vec<Piece>,
}

impl Line {
    /// The line's characters, in the order they were written.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The fonts a board's text is set in, loaded once per document.
pub struct Fonts {
    faces: Vec<Face>,
    system: Option<fontdb::Database>,
    loaded: HashMap<fontdb::ID, usize>,
    cover: HashMap<char, Option<usize>>,
    missing: BTreeSet<char>,
}

impl Fonts {
    /// The bundled fonts; the machine's fonts are looked at only when a
    /// character needs them.
    pub fn new() -> Result<Self, String> {
        let mut fonts = Self {
            faces: Vec::new(),
            system: None,
            loaded: HashMap::new(),
            cover: HashMap::new(),
            missing: BTreeSet::new(),
        };
        for (bytes, name) in [
            (REGULAR, "Inter Regular"),
            (SEMIBOLD, "Inter Display SemiBold"),
        ] {
            fonts
                .push(Arc::new(bytes.to_vec()), 0)
                .ok_or_else(|| format!("the bundled font {name} cannot be read"))?;
        }
        Ok(fonts)
    }

    fn push(&mut self, bytes: Arc<Vec<u8>>, index: u32) -> Option<usize> {
        let font = Font::new(bytes.clone().into(), index)?;
        self.faces.push(Face { bytes, index, font });
        Some(self.faces.len() - 1)
    }

    /// krilla's handle of face `face`.
    pub fn font(&self, face: usize) -> Font {
        self.faces[face].font.clone()
    }

    /// Characters no font on this machine has (drawn as empty boxes).
    pub fn missing(&self) -> &BTreeSet<char> {
        &self.missing
    }

    /// The face that shows `ch` in `weight`: Inter where it has the
    /// character, else the first of the machine's fonts that does.
    fn face_for(&mut self, ch: char, weight: Weight) -> usize {
        let own = match weight {
            Weight::Regular => 0,
            Weight::Bold => 1,
        };
        if ch.is_whitespace() || ch.is_control() || self.covers(own, ch) {
            return own;
        }
        if let Some(found) = self.cover.get(&ch) {
            return found.unwrap_or(own);
        }
        let found = (2..self.faces.len())
            .find(|&f| self.covers(f, ch))
            .or_else(|| self.system_face_for(ch));
        self.cover.insert(ch, found);
        if found.is_none() {
            self.missing.insert(ch);
        }
        found.unwrap_or(own)
    }

    fn covers(&self, face: usize, ch: char) -> bool {
        let f = &self.faces[face];
        rustybuzz::ttf_parser::Face::parse(&f.bytes, f.index)
            .is_ok_and(|parsed| parsed.glyph_index(ch).is_some())
    }

    /// Loads the first system font that has `ch`, preferring [`PREFERRED`]
    /// and upright regular faces.
    fn system_face_for(&mut self, ch: char) -> Option<usize> {
        let db = self.system.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        let mut candidates: Vec<(usize, fontdb::ID)> = db
            .faces()
            .filter(|f| !self.loaded.contains_key(&f.id))
            .map(|f| {
                let family = f
                    .families
                    .first()
                    .map(|(name, _)| name.as_str())
                    .unwrap_or("");
                let preferred = PREFERRED
                    .iter()
                    .position(|p| family == *p)
                    .unwrap_or(PREFERRED.len());
                let plain = f.style == fontdb::Style::Normal && f.weight == fontdb::Weight::NORMAL;
                (preferred * 2 + usize::from(!plain), f.id)
            })
            .collect();
        candidates.sort();
        let (bytes, index, id) = candidates.into_iter().find_map(|(_, id)| {
            db.with_face_data(id, |data, index| {
                let has = rustybuzz::ttf_parser::Face::parse(data, index)
                    .is_ok_and(|parsed| parsed.glyph_index(ch).is_some());
                has.then(|| (Arc::new(data.to_vec()), index, id))
            })
            .flatten()
        })?;
        let face = self.push(bytes, index)?;
        self.loaded.insert(id, face);
        Some(face)
    }

    /// `text` at `size` points set in lines at most `width` points wide.
    /// Paragraphs (`\n`) start new lines; an empty paragraph is an empty line.
    pub fn wrap(&mut self, text: &str, size: f32, weight: Weight, width: f32) -> Vec<Line> {
        self.wrap_indented(text, size, weight, width, 0.0)
    }

    /// As [`Fonts::wrap`], leaving the first `indent` points of the first
    /// line free (for a label set before the text).
    pub fn wrap_indented(
        &mut self,
        text: &str,
        size: f32,
        weight: Weight,
        width: f32,
        indent: f32,
    ) -> Vec<Line> {
        let mut lines = Vec::new();
        for (i, paragraph) in text.split('\n').enumerate() {
            let indent = if i == 0 { indent.min(width) } else { 0.0 };
            lines.extend(self.wrap_paragraph(paragraph, size, weight, width, indent));
        }
        lines
    }

    /// `text` set on one line (no wrapping), with its width.
    pub fn line(&mut self, text: &str, size: f32, weight: Weight) -> (Line, f32) {
        let pieces = self.shape_token(text, size, weight);
        let mut x = 0.0;
        let pieces = pieces
            .into_iter()
            .map(|mut p| {
                p.x = x;
                x += p.width;
                p
            })
            .collect();
        (Line { pieces }, x)
    }

    fn wrap_paragraph(
        &mut self,
        paragraph: &str,
        size: f32,
        weight: Weight,
        full_width: f32,
        indent: f32,
    ) -> Vec<Line> {
        let paragraph = paragraph.trim_end().replace('\t', "    ");
        let rtl = is_rtl(&paragraph);
        let mut lines: Vec<Vec<Vec<Piece>>> = Vec::new();
        let mut current: Vec<Vec<Piece>> = Vec::new();
        let mut used = 0.0;
        let mut width = full_width - indent;
        for token in tokens(&paragraph) {
            let space = token.chars().all(char::is_whitespace);
            if space && current.is_empty() {
                continue;
            }
            let shaped = self.shape_token(token, size, weight);
            let w: f32 = shaped.iter().map(|p| p.width).sum();
            if used + w <= width || space {
                used += w;
                current.push(shaped);
                continue;
            }
            if current.is_empty() && lines.is_empty() && w > width && indent > 0.0 {
                // Not even the first word fits beside the label: the label
                // has its line to itself.
                lines.push(Vec::new());
                width = full_width;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                used = 0.0;
                width = full_width;
            }
            if w <= width {
                used = w;
                current.push(shaped);
            } else {
                // A word longer than the line: broken between characters.
                for part in self.break_word(token, size, weight, width) {
                    if !current.is_empty() {
                        lines.push(std::mem::take(&mut current));
                        width = full_width;
                    }
                    used = part.iter().map(|p| p.width).sum();
                    current.push(part);
                }
            }
        }
        lines.push(current);
        lines
            .into_iter()
            .enumerate()
            .map(|(i, tokens)| {
                let start = if i == 0 && !rtl { indent } else { 0.0 };
                place(tokens, rtl, start, full_width)
            })
            .collect()
    }

    fn break_word(&mut self, word: &str, size: f32, weight: Weight, width: f32) -> Vec<Vec<Piece>> {
        let mut parts = Vec::new();
        let mut start = 0;
        let mut last_fit = None;
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([word.len()])
            .collect();
        let mut i = 0;
        while i < bounds.len() {
            let end = bounds[i];
            let shaped = self.shape_token(&word[start..end], size, weight);
            let w: f32 = shaped.iter().map(|p| p.width).sum();
            if w <= width || last_fit.is_none() {
                last_fit = Some((end, shaped));
                i += 1;
                continue;
            }
            if let Some((fit_end, fit)) = last_fit.take() {
                parts.push(fit);
                start = fit_end;
            }
        }
        if let Some((_, fit)) = last_fit {
            parts.push(fit);
        }
        parts
    }

    /// One token (a word, a space, one CJK character) as pieces, one per
    /// font it needs.
    fn shape_token(&mut self, token: &str, size: f32, weight: Weight) -> Vec<Piece> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for ch in token.chars() {
            let neutral = ch.is_whitespace() || is_mark(ch);
            let face = match runs.last() {
                Some((face, _)) if neutral => *face,
                _ => self.face_for(ch, weight),
            };
            match runs.last_mut() {
                Some((f, text)) if *f == face => text.push(ch),
                _ => runs.push((face, ch.to_string())),
            }
        }
        runs.into_iter()
            .map(|(face, text)| self.shape_run(face, text, size))
            .collect()
    }

    fn shape_run(&self, face: usize, text: String, size: f32) -> Piece {
        let f = &self.faces[face];
        let Some(rb) = rustybuzz::Face::from_slice(&f.bytes, f.index) else {
            return Piece {
                face,
                glyphs: Vec::new(),
                text,
                x: 0.0,
                width: 0.0,
            };
        };
        let upem = rb.units_per_em().max(1) as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&text);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&rb, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        // Each glyph's cluster runs to the next larger cluster start.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |start: usize| {
            starts
                .iter()
                .copied()
                .find(|&s| s > start)
                .unwrap_or(text.len())
        };
        let glyphs: Vec<KrillaGlyph> = infos
            .iter()
            .zip(positions)
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / upem,
                    pos.x_offset as f32 / upem,
                    pos.y_offset as f32 / upem,
                    pos.y_advance as f32 / upem,
                    start..end_of(start),
                    None,
                )
            })
            .collect();
        let width = glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
        Piece {
            face,
            glyphs,
            text,
            x: 0.0,
            width,
        }
    }
}

/// Places a line's tokens: from the left for left-to-right text, from the
/// right edge leftwards for right-to-left text. Trailing spaces are dropped.
fn place(mut tokens: Vec<Vec<Piece>>, rtl: bool, start: f32, width: f32) -> Line {
    while tokens
        .last()
        .is_some_and(|t| t.iter().all(|p| p.text.chars().all(char::is_whitespace)))
    {
        tokens.pop();
    }
    let mut pieces = Vec::new();
    let mut x = if rtl { width } else { start };
    for token in tokens {
        let w: f32 = token.iter().map(|p| p.width).sum();
        if rtl {
            x -= w;
        }
        let mut at = x;
        for mut piece in token {
            piece.x = at;
            at += piece.width;
            pieces.push(piece);
        }
        if !rtl {
            x += w;
        }
    }
    Line { pieces }
}

/// Splits a paragraph where a line may break: around spaces (kept as their
/// own tokens) and around each CJK character.
fn tokens(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, ch) in paragraph.char_indices() {
        if let Some(p) = prev {
            let boundary = p.is_whitespace() != ch.is_whitespace()
                || (is_cjk(p) && !is_closing(ch))
                || (is_cjk(ch) && !is_mark(ch));
            if boundary && i > start {
                out.push(&paragraph[start..i]);
                start = i;
            }
        }
        prev = Some(ch);
    }
    if start < paragraph.len() {
        out.push(&paragraph[start..]);
    }
    out
}

/// Ideographs, kana, hangul and full-width forms: a line may break on
/// either side of them.
fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that must not start a line (、。」）…).
fn is_closing(ch: char) -> bool {
    matches!(
        ch,
        '、' | '。' | '，' | '．' | '」' | '』' | '）' | '！' | '？' | '：' | '；' | '・' | 'ー'
    )
}

/// Combining marks, joiners and variation selectors stay with the character before.
fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x200C..=0x200D | 0xFE00..=0xFE0F)
}

/// True when the paragraph's first strong character is Hebrew or Arabic.
fn is_rtl(paragraph: &str) -> bool {
    for ch in paragraph.chars() {
        match ch as u32 {
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF => return true,
            _ if ch.is_alphabetic() => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_width_and_keeps_every_word() {
        let mut fonts = Fonts::new().unwrap();
        let text = "The rabbit wakes, stretches, and looks out of the burrow at the meadow";
        let lines = fonts.wrap(text, 10.0, Weight::Regular, 120.0);
        assert!(lines.len() > 2, "{} lines", lines.len());
        for line in &lines {
            let right = line.pieces.last().map_or(0.0, |p| p.x + p.width);
            assert!(
                right <= 120.0 + 0.01,
                "line {:?} is {right} wide",
                line.text()
            );
        }
        let joined: Vec<String> = lines.iter().map(|l| l.text().trim().to_owned()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_not_overprinted() {
        let mut fonts = Fonts::new().unwrap();
        let word = "Supercalifragilisticexpialidocious";
        let lines = fonts.wrap(word, 12.0, Weight::Bold, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), word);
        for line in &lines {
            let right = line.pieces.last().map_or(0.0, |p| p.x + p.width);
            assert!(right <= 60.01, "{right}");
        }
    }

    #[test]
    fn paragraphs_and_blank_lines_are_kept() {
        let mut fonts = Fonts::new().unwrap();
        let lines = fonts.wrap("one\n\ntwo", 10.0, Weight::Regular, 300.0);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["one", "", "two"]);
    }

    #[test]
    fn cjk_breaks_between_characters_and_arabic_sets_from_the_right() {
        let mut fonts = Fonts::new().unwrap();
        let lines = fonts.wrap(
            "うさぎが目を覚まし、巣穴から外を見る。",
            10.0,
            Weight::Regular,
            40.0,
        );
        assert!(lines.len() > 2, "{}", lines.len());
        assert!(
            lines
                .iter()
                .all(|l| !l.text().starts_with('、') && !l.text().starts_with('。'))
        );
        let arabic = fonts.wrap("الأرنب يستيقظ", 10.0, Weight::Regular, 200.0);
        let first = &arabic[0].pieces;
        // The first word (logical order) is at the right.
        assert!(first[0].x > first.last().unwrap().x);
        let right = first[0].x + first[0].width;
        assert!((right - 200.0).abs() < 0.01, "{right}");
    }
}
