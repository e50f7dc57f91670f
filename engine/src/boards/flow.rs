//! Which panel goes in which slot: each card in film order, its text laid out
//! at the panel's width; text beyond what the panel holds continues on
//! panels of its own; with gaps, a small panel after each card that a gap
//! follows.

use super::sheet::Sheet;
use super::text::{Fonts, Line, Weight};
use crate::project::{Card, Project};
use crate::time::Timecode;
use crate::timeline::{Gap, Layout};

/// Lines of text a panel keeps below its picture at least.
pub const MIN_LINES: usize = 3;
/// A gap's picture, as a share of a card's.
pub const GAP_SCALE: f32 = 0.6;
/// Continued panels one card may have; text beyond them is cut (with a warning).
const MAX_CONTINUED: usize = 4;
/// Characters of one field laid out at most (more than panels can show).
const MAX_FIELD_CHARS: usize = 8000;

/// A line of a panel's text: a label in bold ("Dialogue") before the first
/// line of a field.
#[derive(Debug, Clone)]
pub struct TextLine {
    /// The label, at the line's left.
    pub label: Option<Line>,
    /// The text.
    pub line: Line,
}

/// What one slot holds.
#[derive(Debug, Clone)]
pub enum Slot {
    /// A card's panel, or its text continued.
    Card {
        /// Index into `project.cards`.
        card: usize,
        /// The text lines shown here.
        lines: Vec<TextLine>,
        /// True for the panels after the first.
        continued: bool,
        /// The scene heading in force (the last one set at or before the card).
        scene: String,
    },
    /// A gap's middle frame.
    Gap {
        /// The gap.
        gap: Gap,
    },
}

/// Every slot, in order.
pub struct Flow {
    /// The slots; pages take them `per_page` at a time.
    pub slots: Vec<Slot>,
    /// Text that was cut.
    pub warnings: Vec<String>,
}

impl Flow {
    /// The flow of `project`'s boards on `sheet`.
    pub fn of(project: &Project, sheet: &Sheet, fonts: &mut Fonts, gaps: bool) -> Self {
        let layout = Layout::of(project);
        let aspect = project.settings.aspect.as_f64() as f32;
        let first = sheet.panel(sheet.slots[0], aspect, MIN_LINES);
        let first_fit = sheet.lines_in(first.text).max(1);
        let continued_fit = sheet
            .lines_in(sheet.continuation(sheet.slots[0]).text)
            .max(1);
        let mut slots = Vec::new();
        let mut warnings = Vec::new();
        let mut scene = String::new();
        for (id, _) in layout.cards() {
            let Some(index) = project.card_index(*id) else {
                continue;
            };
            let card = &project.cards[index];
            if !card.board.scene.trim().is_empty() {
                scene = card.board.scene.trim().to_owned();
            }
            let (mut lines, cut) = card_text(fonts, card, first.text.width, sheet.text_size);
            if cut {
                warnings.push(format!(
                    "shot {}: a field longer than {MAX_FIELD_CHARS} characters was cut",
                    card.board.shot
                ));
            }
            let capacity = first_fit + continued_fit * MAX_CONTINUED;
            if lines.len() > capacity {
                let left = lines.len() - capacity + 1;
                lines.truncate(capacity - 1);
                let (line, _) = fonts.line(
                    &format!("… {left} more lines are in the project"),
                    sheet.text_size,
                    Weight::Bold,
                );
                lines.push(TextLine { label: None, line });
                warnings.push(format!(
                    "shot {}: {left} lines of text do not fit on {} panels and are left off",
                    card.board.shot,
                    MAX_CONTINUED + 1
                ));
            }
            let mut rest = lines.into_iter();
            slots.push(Slot::Card {
                card: index,
                lines: rest.by_ref().take(first_fit).collect(),
                continued: false,
                scene: scene.clone(),
            });
            loop {
                let chunk: Vec<TextLine> = rest.by_ref().take(continued_fit).collect();
                if chunk.is_empty() {
                    break;
                }
                slots.push(Slot::Card {
                    card: index,
                    lines: chunk,
                    continued: true,
                    scene: scene.clone(),
                });
            }
            if gaps && let Some(gap) = layout.gap_after(*id) {
                slots.push(Slot::Gap { gap: *gap });
            }
        }
        Self { slots, warnings }
    }

    /// How many pages the slots fill.
    pub fn pages(&self, sheet: &Sheet) -> usize {
        self.slots.len().div_ceil(sheet.slots.len().max(1))
    }
}

/// A card's text at `width`: its description (the prompt), then its
/// camera move, dialogue, action and notes, each after its label. True when
/// a field was cut.
fn card_text(fonts: &mut Fonts, card: &Card, width: f32, size: f32) -> (Vec<TextLine>, bool) {
    let mut lines = Vec::new();
    let mut cut = false;
    let camera = card
        .camera_move
        .as_ref()
        .filter(|_| card.media().is_some())
        .map(|m| m.describe())
        .unwrap_or_default();
    let fields = [
        ("", &card.prompt),
        ("Camera", &camera),
        ("Dialogue", &card.board.dialogue),
        ("Action", &card.board.action),
        ("Notes", &card.board.notes),
    ];
    for (label, text) in fields {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let text = match text.char_indices().nth(MAX_FIELD_CHARS) {
            Some((at, _)) => {
                cut = true;
                format!("{}…", &text[..at])
            }
            None => text.to_owned(),
        };
        let (label, indent) = if label.is_empty() {
            (None, 0.0)
        } else {
            let (line, w) = fonts.line(label, size, Weight::Bold);
            (Some(line), w + size * 0.5)
        };
        for (i, line) in fonts
            .wrap_indented(&text, size, Weight::Regular, width, indent)
            .into_iter()
            .enumerate()
        {
            lines.push(TextLine {
                label: if i == 0 { label.clone() } else { None },
                line,
            });
        }
    }
    (lines, cut)
}

/// A card's length as the boards print it: "00:00:02:00 · 2.00 s".
pub fn duration_label(project: &Project, card: &Card) -> String {
    let rate = project.settings.frame_rate;
    let frames = card.range_in_timeline.duration;
    format!(
        "{} · {:.2} s",
        Timecode::from_frames(frames, rate),
        rate.seconds_at(frames)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boards::sheet::{Grid, Orientation, Paper};
    use crate::project::{Board, CardContent, CardId, Fit};
    use crate::time::TimeRange;

    fn card(id: u64, start: i64, notes: &str) -> Card {
        Card {
            camera_move: None,
            id: CardId(id),
            range_in_timeline: TimeRange::new(start, 24),
            prompt: format!("shot {id}"),
            fit: Fit::default(),
            content: CardContent::Text,
            board: Board {
                shot: id.to_string(),
                notes: notes.to_owned(),
                ..Board::default()
            },
        }
    }

    #[test]
    fn long_notes_continue_on_panels_of_their_own_and_every_word_is_kept() {
        let mut project = Project::new("t");
        let long: String = (0..300).map(|i| format!("word{i} ")).collect();
        project.cards = vec![card(1, 0, &long), card(2, 48, "short")];
        let sheet = Sheet::new(Paper::A4, Orientation::Landscape, Grid::NAMED[0].1);
        let mut fonts = Fonts::new().unwrap();
        let flow = Flow::of(&project, &sheet, &mut fonts, true);
        let panels_of_1 = flow
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Card { card: 0, .. }))
            .count();
        assert!(panels_of_1 > 1, "the long notes stayed on one panel");
        let text: String = flow
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Card { card: 0, lines, .. } => Some(lines),
                _ => None,
            })
            .flatten()
            .map(|l| format!("{} ", l.line.text()))
            .collect();
        for i in [0, 150, 299] {
            assert!(text.contains(&format!("word{i} ")), "word{i} is missing");
        }
        // Each panel holds no more lines than its text area.
        let cont = sheet.lines_in(sheet.continuation(sheet.slots[0]).text);
        for s in &flow.slots {
            if let Slot::Card { lines, .. } = s {
                assert!(lines.len() <= cont);
            }
        }
        // The gap between the two cards has its panel after the first card's.
        let gap_at = flow
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Gap { .. }));
        let second = flow
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Card { card: 1, .. }));
        assert_eq!(gap_at.map(|g| g + 1), second);
        assert!(flow.warnings.is_empty(), "{:?}", flow.warnings);
    }

    #[test]
    fn text_longer_than_every_panel_is_cut_with_a_warning() {
        let mut project = Project::new("t");
        let huge: String = "lorem ipsum ".repeat(200_000);
        project.cards = vec![card(1, 0, &huge)];
        let sheet = Sheet::new(Paper::A4, Orientation::Landscape, Grid::NAMED[2].1);
        let mut fonts = Fonts::new().unwrap();
        let flow = Flow::of(&project, &sheet, &mut fonts, false);
        assert_eq!(flow.slots.len(), 1 + MAX_CONTINUED);
        assert_eq!(flow.warnings.len(), 2, "{:?}", flow.warnings);
    }

    #[test]
    fn the_scene_heading_carries_to_the_cards_after_it() {
        let mut project = Project::new("t");
        let mut first = card(1, 0, "");
        first.board.scene = "INT. BURROW – DAWN".into();
        project.cards = vec![first, card(2, 24, "")];
        let sheet = Sheet::new(Paper::A4, Orientation::Landscape, Grid::NAMED[0].1);
        let flow = Flow::of(&project, &sheet, &mut Fonts::new().unwrap(), false);
        for s in &flow.slots {
            let Slot::Card { scene, .. } = s else {
                panic!()
            };
            assert_eq!(scene, "INT. BURROW – DAWN");
        }
    }
}
