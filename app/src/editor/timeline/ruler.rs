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
        // Markers (beats, notes): a tick down the ruler and their label.
        for marker in &cx.project.markers {
            let x = self.x(ruler, marker.frame);
            if ruler.x_range().contains(x) {
                painter.line_segment(
                    [Pos2::new(x, ruler.top()), Pos2::new(x, ruler.bottom())],
                    Stroke::new(1.0, theme::MARKER),
                );
                if !marker.label.is_empty() && self.points_per_frame * 24.0 > 60.0 {
                    painter.text(
                        Pos2::new(x + 2.0, ruler.bottom() - 10.0),
                        Align2::LEFT_TOP,
                        &marker.label,
                        FontId::proportional(9.0),
                        theme::MARKER,
                    );
                }
            }
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
    fn ticks_adapt_to_the_zoom() {
        let rate = FrameRate::new(24, 1).unwrap();
        assert_eq!(tick_steps(rate, 20.0), (5, 1));
        assert_eq!(tick_steps(rate, 2.0), (48, 24));
        let (major, minor) = tick_steps(rate, 0.1);
        assert!(major as f32 * 0.1 >= 80.0 && major % minor == 0);
    }
}
