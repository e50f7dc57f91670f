//! The audio lanes: each sound where it plays, with its waveform; a sound
//! drags in time as one undo step.

use eframe::egui::{self, Align2, FontId, Id, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use inbetween_engine::timeline::Edit;

use super::super::command::{Command, Selection};
use super::super::theme;
use super::drag::{Dragged, snap_targets, snapped};
use super::{TimelineContext, TimelineView};
use inbetween_engine::audio::Waveform;

impl TimelineView {
    /// An audio lane and its clips, with their waveforms (each clip drags
    /// in `sound_drag_ui`).
    pub(super) fn lane_ui(
        &mut self,
        ui: &mut Ui,
        row: Rect,
        lane: &inbetween_engine::project::AudioLane,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        let painter = ui.painter_at(row);
        painter.rect_filled(row, 0.0, theme::LANE_BACKGROUND);
        for clip in &lane.clips {
            let r = clip.range_in_timeline;
            let clip_rect = Rect::from_x_y_ranges(
                self.x(row, r.start)..=self.x(row, r.end()),
                row.shrink(2.0).y_range(),
            );
            if !clip_rect.intersects(row) {
                continue;
            }
            painter.rect_filled(clip_rect, 3.0, theme::AUDIO_CLIP);
            self.sound_drag_ui(ui, clip_rect.intersect(row), clip, cx, out);
            if let Some(waveform) = cx.waveforms.get(clip.media.as_str()) {
                let visible = clip_rect.intersect(row);
                self.draw_waveform(
                    &painter,
                    visible,
                    row.left(),
                    waveform,
                    cx,
                    (clip.source_start_frame, r.start),
                );
            }
            let name = clip.media.as_str().rsplit('/').next().unwrap_or_default();
            painter.with_clip_rect(clip_rect.shrink(3.0)).text(
                clip_rect.right_center() - Vec2::new(4.0, 0.0),
                Align2::RIGHT_CENTER,
                name,
                FontId::proportional(10.0),
                theme::CARD_TEXT,
            );
        }
        let flags = match (lane.muted, lane.solo) {
            (true, _) => " · muted",
            (false, true) => " · solo",
            _ => "",
        };
        painter.text(
            row.left_top() + Vec2::new(4.0, 1.0),
            Align2::LEFT_TOP,
            format!("{}{flags}", lane.name),
            FontId::proportional(9.0),
            theme::RULER_TEXT,
        );
    }

    /// A sound's outline over `rect` (its x positions are film frames from
    /// `left`), for a sound whose source frame `trim.0` plays at film frame
    /// `trim.1`.
    pub(super) fn draw_waveform(
        &self,
        painter: &egui::Painter,
        rect: Rect,
        left: f32,
        waveform: &Waveform,
        cx: &TimelineContext<'_>,
        trim: (i64, i64),
    ) {
        let rate = cx.project.settings.frame_rate;
        let sample_rate = inbetween_engine::audio::SAMPLE_RATE;
        // Sixteenths of a frame, so narrow columns do not repeat samples.
        let samples = |frame: f32| rate.samples_at((frame * 16.0) as i64, sample_rate) / 16;
        let offset = rate.samples_at(trim.0, sample_rate) - rate.samples_at(trim.1, sample_rate);
        let (mid, half) = (rect.center().y, rect.height() / 2.0 - 1.0);
        let mut x = rect.left();
        while x < rect.right() {
            let frame = self.first_frame + (x - left) / self.points_per_frame;
            let next = frame + 1.0 / self.points_per_frame;
            let (lo, hi) = waveform.range(samples(frame) + offset, samples(next) + offset);
            painter.line_segment(
                [
                    Pos2::new(x, mid - hi.min(1.0) * half),
                    Pos2::new(x, mid - lo.max(-1.0) * half + 0.5),
                ],
                Stroke::new(1.0, theme::WAVEFORM),
            );
            x += 1.0;
        }
    }

    /// Dragging a sound moves it (one undo step), snapping to card edges,
    /// other sounds' edges and the playhead (Alt: no snapping).
    pub(super) fn sound_drag_ui(
        &mut self,
        ui: &mut Ui,
        rect: Rect,
        clip: &inbetween_engine::project::AudioClip,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        let label = format!("Audio clip {}", clip.id.0);
        let response = ui.interact(
            rect,
            Id::unique(("sound", clip.id.0)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        response.context_menu(|ui| {
            if ui
                .button("Detect beats")
                .on_hover_text("Put a marker at each beat, for cards to snap to")
                .clicked()
            {
                out.push(Command::DetectBeats(clip.id));
                ui.close();
            }
        });
        if response.clicked() {
            out.push(Command::Select(Selection::Sound(clip.id)));
        }
        if *cx.selection == Selection::Sound(clip.id) {
            ui.painter_at(rect)
                .rect_stroke(rect, 3.0, theme::SELECTED, egui::StrokeKind::Inside);
        }
        let origin = ui.input(|i| i.pointer.press_origin());
        if response.drag_started()
            && let Some(pos) = origin.or(response.interact_pointer_pos())
        {
            out.push(Command::Select(Selection::Sound(clip.id)));
            self.sound_drag = Some((clip.id, clip.range_in_timeline.start, pos.x));
            out.push(Command::BeginGesture("Move sound"));
        }
        let Some((id, start, pointer_x)) = self.sound_drag.filter(|d| d.0 == clip.id) else {
            return;
        };
        if response.dragged()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let moved = ((pos.x - pointer_x) / self.points_per_frame).round() as i64;
            let targets = snap_targets(cx, Dragged::Sound(id));
            let reach = (theme::SNAP_DISTANCE / self.points_per_frame).round() as i64;
            let wanted = start + moved;
            let to_start = if ui.input(|i| i.modifiers.alt) {
                wanted
            } else {
                snapped(wanted, &targets, reach)
            }
            .max(0);
            if to_start != clip.range_in_timeline.start {
                out.push(Command::Edit(Edit::MoveAudioClip { id, to_start }));
            }
        }
        if response.drag_stopped() {
            self.sound_drag = None;
            out.push(Command::EndGesture);
        }
    }
}
