//! The geometry of a sheet of boards: the paper, its margins, the header and
//! footer bands, and the grid of panel slots; and inside a slot, where the
//! picture, the caption and the text go. All in PDF points (1/72 in), from
//! the page's top left.

/// A rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Area {
    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// True when `other` lies inside this area (to a hundredth of a point).
    pub fn contains(&self, other: &Area) -> bool {
        other.x >= self.x - 0.01
            && other.y >= self.y - 0.01
            && other.x + other.width <= self.x + self.width + 0.01
            && other.bottom() <= self.bottom() + 0.01
    }
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points, portrait.
    fn portrait(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Which way up the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Wider than tall.
    Landscape,
    /// Taller than wide.
    Portrait,
}

/// Panels per page: columns × rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    /// Panels across.
    pub columns: u32,
    /// Panels down.
    pub rows: u32,
}

impl Grid {
    /// The layouts the boards offer, by name ("3x2": three across, two down).
    pub const NAMED: [(&'static str, Grid); 5] = [
        ("3x2", Grid::new(3, 2)),
        ("2x2", Grid::new(2, 2)),
        ("3x3", Grid::new(3, 3)),
        ("2x1", Grid::new(2, 1)),
        ("1x1", Grid::new(1, 1)),
    ];

    /// The layout called `name` ("3x2").
    pub fn named(name: &str) -> Option<Grid> {
        Self::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, g)| *g)
    }

    /// The layout's name.
    pub fn name(self) -> String {
        format!("{}x{}", self.columns, self.rows)
    }

    const fn new(columns: u32, rows: u32) -> Self {
        Self { columns, rows }
    }

    /// Panels on a page.
    pub fn per_page(self) -> usize {
        (self.columns * self.rows) as usize
    }
}

const MARGIN: f32 = 30.0;
const HEADER: f32 = 30.0;
const FOOTER: f32 = 20.0;
const GUTTER_X: f32 = 16.0;
const GUTTER_Y: f32 = 14.0;

/// One page's layout.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// The band at the top: project name, scene, date.
    pub header: Area,
    /// The band at the bottom: aspect, page n / N.
    pub footer: Area,
    /// The panel slots, in reading order.
    pub slots: Vec<Area>,
    /// The size panel text is set in.
    pub text_size: f32,
}

impl Sheet {
    /// The layout of `grid` on `paper` turned to `orientation`.
    pub fn new(paper: Paper, orientation: Orientation, grid: Grid) -> Self {
        let (w, h) = paper.portrait();
        let (width, height) = match orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        };
        let header = Area {
            x: MARGIN,
            y: MARGIN,
            width: width - 2.0 * MARGIN,
            height: HEADER,
        };
        let footer = Area {
            x: MARGIN,
            y: height - MARGIN - FOOTER,
            width: width - 2.0 * MARGIN,
            height: FOOTER,
        };
        let top = header.bottom() + 8.0;
        let body_h = footer.y - 6.0 - top;
        let cols = grid.columns.max(1) as f32;
        let rows = grid.rows.max(1) as f32;
        let slot_w = (header.width - GUTTER_X * (cols - 1.0)) / cols;
        let slot_h = (body_h - GUTTER_Y * (rows - 1.0)) / rows;
        let mut slots = Vec::new();
        for r in 0..grid.rows.max(1) {
            for c in 0..grid.columns.max(1) {
                slots.push(Area {
                    x: MARGIN + c as f32 * (slot_w + GUTTER_X),
                    y: top + r as f32 * (slot_h + GUTTER_Y),
                    width: slot_w,
                    height: slot_h,
                });
            }
        }
        let text_size = (slot_w / 30.0).clamp(7.5, 11.0);
        Self {
            width,
            height,
            header,
            footer,
            slots,
            text_size,
        }
    }

    /// The height of a line of panel text.
    pub fn line_height(&self) -> f32 {
        self.text_size * 1.3
    }

    /// The height of a panel's caption (shot number and duration).
    pub fn caption_height(&self) -> f32 {
        self.text_size * 2.4
    }

    /// Where a card's picture, caption and text go in `slot` for a picture
    /// of `aspect` (width / height): the picture as wide as the slot, or
    /// smaller so that at least `min_lines` lines of text, and a quarter of
    /// the slot, are left below it for text.
    pub fn panel(&self, slot: Area, aspect: f32, min_lines: usize) -> Panel {
        let aspect = if aspect.is_finite() && aspect > 0.05 {
            aspect
        } else {
            16.0 / 9.0
        };
        // A quarter of the slot at least is text, so a big panel (1x1,
        // 2x1 landscape) keeps room for its notes below the picture.
        let text_min = (self.line_height() * min_lines as f32).max(slot.height * 0.25);
        let room = (slot.height - self.caption_height() - text_min).max(slot.height * 0.3);
        let mut pic_w = slot.width;
        let mut pic_h = pic_w / aspect;
        if pic_h > room {
            pic_h = room;
            pic_w = pic_h * aspect;
        }
        let picture = Area {
            x: slot.x + (slot.width - pic_w) / 2.0,
            y: slot.y,
            width: pic_w,
            height: pic_h,
        };
        let caption = Area {
            x: slot.x,
            y: picture.bottom(),
            width: slot.width,
            height: self.caption_height(),
        };
        let text = Area {
            x: slot.x,
            y: caption.bottom(),
            width: slot.width,
            height: (slot.bottom() - caption.bottom()).max(0.0),
        };
        Panel {
            picture,
            caption,
            text,
        }
    }

    /// Where a continued panel's caption and text go: the whole slot is text.
    pub fn continuation(&self, slot: Area) -> Panel {
        let caption = Area {
            height: self.caption_height(),
            ..slot
        };
        Panel {
            picture: Area {
                height: 0.0,
                ..slot
            },
            caption,
            text: Area {
                y: caption.bottom(),
                height: slot.height - caption.height,
                ..slot
            },
        }
    }

    /// How many lines of text fit in `area`.
    pub fn lines_in(&self, area: Area) -> usize {
        (area.height / self.line_height()).floor().max(0.0) as usize
    }
}

/// A panel's parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Panel {
    /// The picture (zero height on a continued panel).
    pub picture: Area,
    /// The shot number and duration line.
    pub caption: Area,
    /// The description, dialogue, action and notes.
    pub text: Area,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_fits_its_slots_on_the_page_without_overlap() {
        for paper in [Paper::A4, Paper::Letter] {
            for orientation in [Orientation::Landscape, Orientation::Portrait] {
                for (name, grid) in Grid::NAMED {
                    let sheet = Sheet::new(paper, orientation, grid);
                    let page = Area {
                        x: 0.0,
                        y: 0.0,
                        width: sheet.width,
                        height: sheet.height,
                    };
                    assert_eq!(sheet.slots.len(), grid.per_page(), "{name}");
                    for (i, a) in sheet.slots.iter().enumerate() {
                        assert!(page.contains(a), "{name}: slot {i} leaves the page");
                        assert!(a.y >= sheet.header.bottom() && a.bottom() <= sheet.footer.y);
                        for b in &sheet.slots[i + 1..] {
                            let apart = a.x + a.width <= b.x
                                || b.x + b.width <= a.x
                                || a.bottom() <= b.y
                                || b.bottom() <= a.y;
                            assert!(apart, "{name}: slots overlap");
                        }
                        for aspect in [2.39, 16.0 / 9.0, 1.0, 0.5625] {
                            let p = sheet.panel(*a, aspect, 3);
                            assert!(a.contains(&p.picture) && a.contains(&p.caption));
                            assert!(a.contains(&p.text), "{name} {aspect}");
                            assert!((p.picture.width / p.picture.height - aspect).abs() < 0.01);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn landscape_a4_is_wider_than_tall() {
        let s = Sheet::new(Paper::A4, Orientation::Landscape, Grid::NAMED[0].1);
        assert!(s.width > s.height);
        assert!((s.width - 841.89).abs() < 0.01);
        let s = Sheet::new(Paper::Letter, Orientation::Portrait, Grid::NAMED[0].1);
        assert_eq!((s.width, s.height), (612.0, 792.0));
    }
}
