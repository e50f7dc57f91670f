//! The ruler: timecode ticks that adapt to the zoom, markers, the in and
//! out points; a click or drag seeks.

use eframe::egui::{self, Align2, CursorIcon, FontId, Id, Pos2, Rect, Sense, Stroke, Ui};
use inbetween_engine::time::{FrameRate, Timecode};

use super::super::command::Command;
use super::super::theme;
use super::{TimelineContext, TimelineView};

impl TimelineView {
    pub(super) fn ruler_ui(
        &self,
        ui: &mut Ui,
        ruler: Rect,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        let painter = ui.painter_at(ruler);
        painter.rect_filled(ruler, 0.0, theme::RULER_BACKGROUND);
        let rate = cx.project.settings.frame_rate;
        let (major, minor) = tick_steps(rate, self.points_per_frame);
        let first = (self.first_frame as i64 / minor) * minor;
        let last = self.frame_at(ruler, ruler.right()) + minor;
        let mut frame = first;
        while frame <= last {
            let x = self.x(ruler, frame);
            let is_major = frame % major == 0;
            let tick = if is_major { 10.0 } else { 4.0 };
            painter.line_segment(
                [
                    Pos2::new(x, ruler.bottom() - tick),
                    Pos2::new(x, ruler.bottom()),
                ],
                Stroke::new(1.0, theme::RULER_TEXT),
            );
            if is_major {
                painter.text(
                    Pos2::new(x + 3.0, ruler.top() + 2.0),
                    Align2::LEFT_TOP,
                    short_timecode(frame, rate),
                    FontId::monospace(10.0),
                    theme::RULER_TEXT,
                );
            }
            frame += minor;
        }
        // Markers (beats, notes): a tick in the ruler's lower row, under the
        // timecodes, and a label where it fits. Named markers are labelled
        // first; beats only where no other label is.
        let tick_top = ruler.top() + 15.0;
        let font = FontId::proportional(9.0);
        let mut taken: Vec<(f32, f32)> = Vec::new();
        let named_first = cx
            .project
            .markers
            .iter()
            .filter(|m| m.label != "beat")
            .chain(cx.project.markers.iter().filter(|m| m.label == "beat"));
        for marker in named_first {
            let x = self.x(ruler, marker.frame);
            if !ruler.x_range().contains(x) {
                continue;
            }
            painter.line_segment(
                [Pos2::new(x, tick_top), Pos2::new(x, ruler.bottom())],
                Stroke::new(1.0, theme::MARKER),
            );
            if marker.label.is_empty() {
                continue;
            }
            let galley = painter.layout_no_wrap(marker.label.clone(), font.clone(), theme::MARKER);
            let span = (x + 2.0, x + 2.0 + galley.size().x);
            if !claim(&mut taken, span) {
                continue;
            }
            painter.galley(
                Pos2::new(span.0, ruler.bottom() - galley.size().y),
                galley,
                theme::MARKER,
            );
        }
        // The in and out points.
        for (mark, label) in [(cx.marks.0, "I"), (cx.marks.1, "O")] {
            if let Some(mark) = mark {
                let x = self.x(ruler, mark);
                painter.text(
                    Pos2::new(x, ruler.bottom()),
                    Align2::CENTER_BOTTOM,
                    label,
                    FontId::proportional(11.0),
                    theme::SELECTED.color,
                );
            }
        }
        // Click to seek, drag to scrub.
        let response = ui
            .interact(ruler, Id::unique("timeline ruler"), Sense::click_and_drag())
            .on_hover_cursor(CursorIcon::PointingHand);
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline ruler"));
        if (response.clicked() || response.dragged())
            && let Some(pos) = response.interact_pointer_pos()
        {
            out.push(Command::Seek(self.frame_at(ruler, pos.x)));
        }
    }
}

/// Takes the span `(left, right)` for a label unless it comes within 4
/// points of one already taken; whether it was free.
fn claim(taken: &mut Vec<(f32, f32)>, span: (f32, f32)) -> bool {
    const SPACE: f32 = 4.0;
    if taken
        .iter()
        .any(|&(a, b)| span.0 < b + SPACE && a < span.1 + SPACE)
    {
        return false;
    }
    taken.push(span);
    true
}

/// Frames between labelled ticks, and between small ticks, for a zoom: labels
/// at least 80 points apart, at whole seconds once frames are too close.
fn tick_steps(rate: FrameRate, points_per_frame: f32) -> (i64, i64) {
    let second = i64::from(rate.timecode_base()).max(1);
    let candidates = [1, 2, 5, 10]
        .into_iter()
        .chain([1, 2, 5, 10, 15, 30, 60, 120, 300, 600].map(|s| s * second));
    let major = candidates
        .clone()
        .find(|&step| step as f32 * points_per_frame >= 80.0)
        .unwrap_or(600 * second);
    let minor = [1, 2, 5, 10, second, 5 * second, 10 * second, 60 * second]
        .into_iter()
        .filter(|step| major % step == 0)
        .find(|&step| step as f32 * points_per_frame >= 8.0)
        .unwrap_or(major);
    (major, minor)
}

/// "0:05" or "0:05:12" (with frames) for ruler labels.
fn short_timecode(frame: i64, rate: FrameRate) -> String {
    let tc = Timecode::from_frames(frame, rate).to_string();
    // "00:00:05:12" → drop leading zero hours.
    tc.strip_prefix("00:").map_or(tc.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_labels_never_overlap() {
        let mut taken = Vec::new();
        assert!(claim(&mut taken, (100.0, 140.0)), "the first is free");
        assert!(!claim(&mut taken, (120.0, 150.0)), "over it");
        assert!(!claim(&mut taken, (60.0, 98.0)), "too close before it");
        assert!(claim(&mut taken, (145.0, 170.0)), "clear after it");
        assert_eq!(taken, [(100.0, 140.0), (145.0, 170.0)]);
    }

    #[test]
    fn ticks_adapt_to_the_zoom() {
        let rate = FrameRate::new(24, 1).unwrap();
        assert_eq!(tick_steps(rate, 20.0), (5, 1));
        assert_eq!(tick_steps(rate, 2.0), (48, 24));
        let (major, minor) = tick_steps(rate, 0.1);
        assert!(major as f32 * 0.1 >= 80.0 && major % minor == 0);
    }
}
