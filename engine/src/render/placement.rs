//! Where pictures go in the frame: the film's picture area, and fit/fill.

use crate::project::{Aspect, Fit};

/// A rectangle in whole pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: i64,
    /// Top edge.
    pub y: i64,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The part of a `width` x `height` frame the film's picture occupies: all of
/// it when the aspects match, otherwise a centred band (letterbox for a wider
/// picture, pillarbox for a narrower one).
pub fn picture_area(width: u32, height: u32, aspect: Aspect) -> Rect {
    let frame_aspect = f64::from(width) / f64::from(height.max(1));
    let wanted = aspect.as_f64();
    if (wanted - frame_aspect).abs() < 1e-3 || wanted <= 0.0 {
        return Rect {
            x: 0,
            y: 0,
            width,
            height,
        };
    }
    if wanted > frame_aspect {
        let h = even((f64::from(width) / wanted).round() as u32).clamp(2, height);
        Rect {
            x: 0,
            y: i64::from((height - h) / 2),
            width,
            height: h,
        }
    } else {
        let w = even((f64::from(height) * wanted).round() as u32).clamp(2, width);
        Rect {
            x: i64::from((width - w) / 2),
            y: 0,
            width: w,
            height,
        }
    }
}

/// The size to scale a `source` picture to, and its offset inside `area`, so
/// it fits whole (`Fit`) or covers the area (`Fill`, cropped when blitted).
pub fn fitted(source: (u32, u32), area: Rect, fit: Fit) -> Rect {
    let (sw, sh) = (f64::from(source.0.max(1)), f64::from(source.1.max(1)));
    let (aw, ah) = (f64::from(area.width), f64::from(area.height));
    let scale = match fit {
        Fit::Fit => (aw / sw).min(ah / sh),
        Fit::Fill => (aw / sw).max(ah / sh),
    };
    let width = ((sw * scale).round() as u32).max(1);
    let height = ((sh * scale).round() as u32).max(1);
    Rect {
        x: area.x + (i64::from(area.width) - i64::from(width)) / 2,
        y: area.y + (i64::from(area.height) - i64::from(height)) / 2,
        width,
        height,
    }
}

fn even(v: u32) -> u32 {
    v & !1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letterbox_and_pillarbox() {
        let scope = "2.39:1".parse().unwrap();
        let area = picture_area(1280, 720, scope);
        assert_eq!(
            (area.width, area.height),
            (1280, 536),
            "1280 / 2.39 = 535.6"
        );
        assert_eq!(area.y, 92);
        let square = "1:1".parse().unwrap();
        let area = picture_area(1280, 720, square);
        assert_eq!((area.x, area.width, area.height), (280, 720, 720));
        let same = picture_area(1280, 720, "16:9".parse().unwrap());
        assert_eq!(
            same,
            Rect {
                x: 0,
                y: 0,
                width: 1280,
                height: 720
            }
        );
    }

    #[test]
    fn fit_shows_all_and_fill_covers() {
        let area = Rect {
            x: 0,
            y: 0,
            width: 1280,
            height: 720,
        };
        let fit = fitted((640, 480), area, Fit::Fit);
        assert_eq!((fit.x, fit.y, fit.width, fit.height), (160, 0, 960, 720));
        let fill = fitted((640, 480), area, Fit::Fill);
        assert_eq!(
            (fill.x, fill.y, fill.width, fill.height),
            (0, -120, 1280, 960)
        );
    }
}
