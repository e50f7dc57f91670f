//! The timeline: a ruler with timecode, the story track with its cards and
//! gaps, and the playhead. It draws the document and returns commands; it
//! never changes the document itself.

use eframe::egui::{
    self, Align2, Color32, CursorIcon, FontId, Id, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2,
};
use inbetween_engine::project::{Card, CardContent, CardId, GapKey, GapMode, GapSettings, Project};
use inbetween_engine::time::{FrameRate, Timecode};
use inbetween_engine::timeline::{Edit, Layout, Ripple};

use super::command::{Command, Selection};
use super::generation::GapStatus;
use super::library::DraggedMedia;
use super::theme;
use inbetween_engine::audio::Waveform;

/// The closest zoom (points per frame) and the farthest.
const ZOOM_RANGE: (f32, f32) = (0.05, 40.0);

/// What is being dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DragKind {
    Move,
    TrimStart,
    TrimEnd,
}

#[derive(Debug, Clone)]
struct Drag {
    kind: DragKind,
    card: CardId,
    start: i64,
    end: i64,
    pointer_x: f32,
    /// The other selected cards moving with it, and where they started.
    others: Vec<(CardId, i64)>,
}

/// The timeline's view state: zoom, scroll and the drag in progress.
pub struct TimelineView {
    /// Points per film frame.
    pub points_per_frame: f32,
    /// The film frame at the left edge.
    pub first_frame: f32,
    drag: Option<Drag>,
    /// A sound being dragged: its id, its start and where the press was.
    sound_drag: Option<(inbetween_engine::project::AudioClipId, i64, f32)>,
    fit_next: bool,
}

impl Default for TimelineView {
    fn default() -> Self {
        Self {
            points_per_frame: 4.0,
            first_frame: 0.0,
            drag: None,
            sound_drag: None,
            fit_next: true,
        }
    }
}

/// What the timeline shows besides the document.
pub struct TimelineContext<'a> {
    /// The document.
    pub project: &'a Project,
    /// What is selected.
    pub selection: &'a Selection,
    /// The playhead.
    pub playhead: i64,
    /// The in and out points.
    pub marks: (Option<i64>, Option<i64>),
    /// Each gap's generation status.
    pub gap_status: &'a dyn Fn(GapKey) -> Option<GapStatus>,
    /// The thumbnails ready so far, by card.
    pub thumbnails: &'a std::collections::HashMap<CardId, egui::TextureId>,
    /// Waveforms of audio files, by media path.
    pub waveforms: &'a std::collections::HashMap<String, std::sync::Arc<Waveform>>,
}

impl TimelineView {
    /// Zooms by `factor` about the frame at `anchor_x` (points from the left).
    pub fn zoom(&mut self, factor: f32, anchor_x: f32) {
        let anchor = self.first_frame + anchor_x / self.points_per_frame;
        self.points_per_frame = (self.points_per_frame * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.first_frame = (anchor - anchor_x / self.points_per_frame).max(0.0);
    }

    /// Shows the whole film the next time the timeline is drawn.
    pub fn fit(&mut self) {
        self.fit_next = true;
    }

    fn x(&self, rect: Rect, frame: i64) -> f32 {
        rect.left() + (frame as f32 - self.first_frame) * self.points_per_frame
    }

    fn frame_at(&self, rect: Rect, x: f32) -> i64 {
        (self.first_frame + (x - rect.left()) / self.points_per_frame)
            .round()
            .max(0.0) as i64
    }

    /// Draws the timeline and returns what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, cx: &TimelineContext<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let lanes = cx.project.audio_lanes.len() as f32;
        let height =
            theme::RULER_HEIGHT + theme::TRACK_HEIGHT + 12.0 + lanes * (theme::LANE_HEIGHT + 4.0);
        let (rect, background) =
            ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::hover());
        let film_end = cx.project.duration_frames().max(1);
        if self.fit_next && rect.width() > 40.0 {
            self.points_per_frame =
                ((rect.width() - 40.0) / film_end as f32).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
            self.first_frame = 0.0;
            self.fit_next = false;
        }
        self.scroll_and_zoom(ui, &background, rect);
        // Media dragged from the library, or files dropped from the
        // desktop, become cards where they land (snapped like a drag).
        if let Some(media) = background.dnd_release_payload::<DraggedMedia>()
            && let Some(pos) = ui.ctx().pointer_interact_pos()
        {
            let at = self.drop_frame(ui, rect, pos.x, cx);
            commands.push(Command::Import(vec![media.0.clone()], at));
        }
        let dropped: Vec<std::path::PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            let at = match ui.input(|i| i.pointer.hover_pos()) {
                Some(pos) if rect.contains(pos) => self.drop_frame(ui, rect, pos.x, cx),
                _ => cx.playhead,
            };
            commands.push(Command::Import(dropped, at));
        }
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, theme::TRACK_BACKGROUND);
        let ruler = Rect::from_min_size(rect.min, Vec2::new(rect.width(), theme::RULER_HEIGHT));
        let track = Rect::from_min_size(
            Pos2::new(rect.left(), ruler.bottom() + 6.0),
            Vec2::new(rect.width(), theme::TRACK_HEIGHT),
        );
        self.ruler_ui(ui, ruler, cx, &mut commands);
        let layout = Layout::of(cx.project);
        for gap in layout.gaps() {
            self.gap_ui(ui, track, gap.key, gap.range_in_timeline, cx, &mut commands);
        }
        for card in &cx.project.cards {
            self.card_ui(ui, track, card, cx, &mut commands);
        }
        for (i, lane) in cx.project.audio_lanes.iter().enumerate() {
            let top = track.bottom() + 6.0 + i as f32 * (theme::LANE_HEIGHT + 4.0);
            let row = Rect::from_min_size(
                Pos2::new(rect.left(), top),
                Vec2::new(rect.width(), theme::LANE_HEIGHT),
            );
            self.lane_ui(ui, row, lane, cx, &mut commands);
        }
        // The playhead, over everything.
        let x = self.x(rect, cx.playhead);
        if rect.x_range().contains(x) {
            painter.line_segment(
                [Pos2::new(x, ruler.top()), Pos2::new(x, rect.bottom())],
                Stroke::new(1.5, theme::PLAYHEAD),
            );
            painter.add(egui::Shape::convex_polygon(
                vec![
                    Pos2::new(x - 5.0, ruler.top()),
                    Pos2::new(x + 5.0, ruler.top()),
                    Pos2::new(x, ruler.top() + 8.0),
                ],
                theme::PLAYHEAD,
                Stroke::NONE,
            ));
        }
        commands
    }

    /// The frame a drop at `x` makes a card start at: snapped to card ends,
    /// sound, markers and the playhead (Alt: exactly where it is).
    fn drop_frame(&self, ui: &Ui, rect: Rect, x: f32, cx: &TimelineContext<'_>) -> i64 {
        let frame = self.frame_at(rect, x).max(0);
        if ui.input(|i| i.modifiers.alt) {
            return frame;
        }
        let reach = (theme::SNAP_DISTANCE / self.points_per_frame).round() as i64;
        snapped(frame, &snap_targets(cx, None), reach)
    }

    /// Ctrl + wheel zooms about the pointer; the wheel scrolls.
    fn scroll_and_zoom(&mut self, ui: &Ui, response: &Response, rect: Rect) {
        if !response.contains_pointer() {
            return;
        }
        let (zoom, scroll, pointer) =
            ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
        if zoom != 1.0 {
            let anchor = pointer.map_or(rect.width() / 2.0, |p| p.x - rect.left());
            self.zoom(zoom, anchor);
        } else {
            let delta = if scroll.x != 0.0 { scroll.x } else { scroll.y };
            if delta != 0.0 {
                self.first_frame = (self.first_frame - delta / self.points_per_frame).max(0.0);
            }
        }
    }

    fn ruler_ui(&self, ui: &mut Ui, ruler: Rect, cx: &TimelineContext<'_>, out: &mut Vec<Command>) {
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

    fn gap_ui(
        &self,
        ui: &mut Ui,
        track: Rect,
        key: GapKey,
        range: inbetween_engine::time::TimeRange,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        let rect = Rect::from_x_y_ranges(
            self.x(track, range.start)..=self.x(track, range.end()),
            (track.top() + 10.0)..=(track.bottom() - 10.0),
        );
        if !rect.intersects(track) {
            return;
        }
        let settings = cx.project.gap_settings(key);
        let status = (cx.gap_status)(key);
        let painter = ui.painter_at(track);
        let (fill, state) = match &status {
            Some(GapStatus::Ready) => (theme::GAP_READY, "generated".to_owned()),
            Some(GapStatus::Generating(done, _)) => {
                (theme::GAP_DRAFT, format!("{:.0}%", done * 100.0))
            }
            Some(GapStatus::Failed(_)) => (theme::GAP_FAILED, "failed".to_owned()),
            Some(GapStatus::Queued) | None => (theme::GAP_DRAFT, "draft".to_owned()),
        };
        painter.rect_filled(rect, 2.0, fill);
        if let Some(GapStatus::Generating(done, _)) = status {
            let mut done_rect = rect;
            done_rect.set_right(rect.left() + rect.width() * done);
            painter.rect_filled(done_rect, 2.0, theme::GAP_PROGRESS);
        }
        // Hatching says "in between".
        let mut x = rect.left() - rect.height();
        while x < rect.right() {
            let a = Pos2::new(x.max(rect.left()), rect.bottom() - (x.max(rect.left()) - x));
            let b = Pos2::new(
                (x + rect.height()).min(rect.right()),
                rect.top() + ((x + rect.height()) - rect.right()).max(0.0),
            );
            painter.line_segment([a, b], Stroke::new(1.0, Color32::from_white_alpha(18)));
            x += 10.0;
        }
        if rect.width() > 30.0 {
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                format!("{}\n{state}", settings.mode.label()),
                FontId::proportional(10.0),
                theme::CARD_TEXT,
            );
        }
        if *cx.selection == Selection::Gap(key) {
            painter.rect_stroke(rect, 2.0, theme::SELECTED, egui::StrokeKind::Inside);
        }
        let label = gap_label(key);
        let response = ui.interact(
            rect,
            Id::unique(("gap", key.from_card.0, key.to_card.0)),
            Sense::click(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        // A click selects the gap and puts the playhead where it was
        // clicked, so the preview shows the gap.
        let clicked_frame = response.interact_pointer_pos().map(|pos| {
            self.frame_at(track, pos.x)
                .clamp(range.start, range.end() - 1)
        });
        if response.clicked() {
            out.push(Command::Select(Selection::Gap(key)));
            out.push(Command::Seek(clicked_frame.unwrap_or(range.start)));
        }
        response.context_menu(|ui| {
            if ui.button("Regenerate").clicked() {
                out.push(Command::RegenerateGap(key));
                ui.close();
            }
            if ui.button("New text card here").clicked() {
                out.push(Command::NewTextCard(Some(range.start)));
                ui.close();
            }
            if ui
                .button("Close gap")
                .on_hover_text("Move the next card and everything after it back to here")
                .clicked()
            {
                out.push(Command::Edit(Edit::MoveCard {
                    id: key.to_card,
                    to_start: range.start,
                    ripple: Ripple::Yes,
                }));
                ui.close();
            }
            ui.menu_button("Mode", |ui| {
                for mode in GapMode::ALL {
                    if ui.radio(settings.mode == mode, mode.label()).clicked() {
                        out.push(Command::Edit(Edit::SetGapSettings {
                            key,
                            settings: GapSettings {
                                mode,
                                ..settings.clone()
                            },
                        }));
                        ui.close();
                    }
                }
            });
        });
    }

    /// An audio lane and its clips, with their waveforms (each clip drags
    /// in `sound_drag_ui`).
    fn lane_ui(
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
    fn draw_waveform(
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
    fn sound_drag_ui(
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
            let mut targets: Vec<i64> = cx
                .project
                .cards
                .iter()
                .flat_map(|c| [c.range_in_timeline.start, c.range_in_timeline.end()])
                .chain(
                    cx.project
                        .audio_lanes
                        .iter()
                        .flat_map(|l| &l.clips)
                        .filter(|c| c.id != id)
                        .flat_map(|c| [c.range_in_timeline.start, c.range_in_timeline.end()]),
                )
                .collect();
            targets.push(cx.playhead);
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

    fn card_ui(
        &mut self,
        ui: &mut Ui,
        track: Rect,
        card: &Card,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        let range = card.range_in_timeline;
        let rect = Rect::from_x_y_ranges(
            self.x(track, range.start)..=self.x(track, range.end()),
            track.y_range(),
        );
        if !rect.intersects(track) {
            return;
        }
        let selected = matches!(cx.selection, Selection::Cards(ids) if ids.contains(&card.id));
        let painter = ui.painter_at(track);
        let colour = match card.content {
            CardContent::Text => theme::TEXT_CARD,
            CardContent::Image { .. } => theme::IMAGE_CARD,
            CardContent::Clip { .. } => theme::CLIP_CARD,
        };
        painter.rect_filled(rect.shrink(1.0), theme::CARD_RADIUS, colour);
        if selected {
            painter.rect_stroke(
                rect.shrink(1.0),
                theme::CARD_RADIUS,
                theme::SELECTED,
                egui::StrokeKind::Inside,
            );
        }
        // A clip's own sound, along its bottom edge.
        if let CardContent::Clip {
            media,
            source_start_frame,
            muted: false,
            ..
        } = &card.content
            && let Some(waveform) = cx.waveforms.get(media.as_str())
        {
            let strip = Rect::from_x_y_ranges(
                rect.shrink(2.0).x_range(),
                (rect.bottom() - 14.0)..=(rect.bottom() - 2.0),
            )
            .intersect(track);
            self.draw_waveform(
                &painter,
                strip,
                track.left(),
                waveform,
                cx,
                (*source_start_frame, range.start),
            );
        }
        let mut text_rect = rect.shrink2(Vec2::new(6.0, 4.0));
        if let Some(texture) = cx.thumbnails.get(&card.id)
            && text_rect.width() > 24.0
        {
            let height = text_rect.height();
            let picture =
                Rect::from_min_size(text_rect.min, Vec2::new(height * 16.0 / 9.0, height));
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter
                .with_clip_rect(text_rect)
                .image(*texture, picture, uv, Color32::WHITE);
            text_rect.set_left(picture.right() + 6.0);
        }
        if text_rect.width() > 12.0 {
            let title = match &card.content {
                CardContent::Text => format!("title · {}", card.prompt),
                CardContent::Image { media } | CardContent::Clip { media, .. } => {
                    let name = media.as_str().rsplit('/').next().unwrap_or_default();
                    format!("{} · {name}\n{}", card.kind_name(), card.prompt)
                }
            };
            let galley = painter.layout(
                title,
                FontId::proportional(11.0),
                theme::CARD_TEXT,
                text_rect.width(),
            );
            painter
                .with_clip_rect(text_rect)
                .galley(text_rect.min, galley, theme::CARD_TEXT);
        }
        let id = Id::unique(("card", card.id.0));
        let label = card_label(card.id);
        let body = ui.interact(rect, id, Sense::click_and_drag());
        body.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        self.handle_drag(ui, &body, DragKind::Move, card, cx, out);
        if body.clicked() {
            let modifiers = ui.input(|i| i.modifiers);
            if modifiers.shift || modifiers.command {
                out.push(Command::ToggleInSelection(card.id));
            } else {
                out.push(Command::Select(Selection::Cards(vec![card.id])));
            }
        }
        body.context_menu(|ui| card_menu(ui, card, cx, out));
        // The edges trim. A short card keeps a third of itself to move by;
        // the handle reaches outside its edge so it stays easy to hit.
        let inside = theme::EDGE_GRAB.min(rect.width() / 3.0);
        let outside = theme::EDGE_GRAB_OUTSIDE;
        for (kind, edge_rect, bar_x, name) in [
            (
                DragKind::TrimStart,
                Rect::from_x_y_ranges(rect.left() - outside..=rect.left() + inside, rect.y_range()),
                rect.left() + 2.0,
                "start",
            ),
            (
                DragKind::TrimEnd,
                Rect::from_x_y_ranges(
                    rect.right() - inside..=rect.right() + outside,
                    rect.y_range(),
                ),
                rect.right() - 2.0,
                "end",
            ),
        ] {
            let edge = ui
                .interact(edge_rect, id.with(name), Sense::drag())
                .on_hover_cursor(CursorIcon::ResizeHorizontal);
            let trimming = self
                .drag
                .as_ref()
                .is_some_and(|d| d.card == card.id && d.kind == kind);
            if edge.hovered() || trimming {
                painter.line_segment(
                    [
                        Pos2::new(bar_x, rect.top() + 3.0),
                        Pos2::new(bar_x, rect.bottom() - 3.0),
                    ],
                    Stroke::new(3.0, theme::SELECTED.color),
                );
            }
            let edge_label = format!("{label} {name}");
            edge.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &edge_label));
            self.handle_drag(ui, &edge, kind, card, cx, out);
        }
    }

    fn handle_drag(
        &mut self,
        ui: &Ui,
        response: &Response,
        kind: DragKind,
        card: &Card,
        cx: &TimelineContext<'_>,
        out: &mut Vec<Command>,
    ) {
        // Measured from where the button went down, not from where the drag
        // was recognised (a few points later).
        let origin = ui.input(|i| i.pointer.press_origin());
        if response.drag_started()
            && let Some(pos) = origin.or(response.interact_pointer_pos())
        {
            // A selected card drags the whole selection with it.
            let others = match cx.selection {
                Selection::Cards(ids) if kind == DragKind::Move && ids.contains(&card.id) => ids
                    .iter()
                    .filter(|id| **id != card.id)
                    .filter_map(|id| cx.project.card(*id))
                    .map(|c| (c.id, c.range_in_timeline.start))
                    .collect(),
                _ => Vec::new(),
            };
            self.drag = Some(Drag {
                kind,
                card: card.id,
                start: card.range_in_timeline.start,
                end: card.range_in_timeline.end(),
                pointer_x: pos.x,
                others,
            });
            out.push(Command::BeginGesture(match kind {
                DragKind::Move => "Move card",
                DragKind::TrimStart | DragKind::TrimEnd => "Trim card",
            }));
            if !matches!(cx.selection, Selection::Cards(ids) if ids.contains(&card.id)) {
                out.push(Command::Select(Selection::Cards(vec![card.id])));
            }
        }
        let Some(drag) = self.drag.clone().filter(|d| {
            d.card == card.id && std::mem::discriminant(&d.kind) == std::mem::discriminant(&kind)
        }) else {
            return;
        };
        if response.dragged()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let moved = ((pos.x - drag.pointer_x) / self.points_per_frame).round() as i64;
            let snapping = !ui.input(|i| i.modifiers.alt);
            let targets = snap_targets(cx, Some(card.id));
            let reach = (theme::SNAP_DISTANCE / self.points_per_frame).round() as i64;
            let snap = |frame: i64| {
                if snapping {
                    snapped(frame, &targets, reach)
                } else {
                    frame
                }
            };
            let edit = match drag.kind {
                DragKind::Move => {
                    let length = drag.end - drag.start;
                    let start = drag.start + moved;
                    // Snap whichever edge is closer to something.
                    let by_start = snap(start) - start;
                    let by_end = snap(start + length) - (start + length);
                    let shift = if by_start.abs() <= by_end.abs() && by_start != 0 || by_end == 0 {
                        by_start
                    } else {
                        by_end
                    };
                    // No card of the selection goes before the film's start.
                    let earliest = drag.others.iter().map(|o| o.1).fold(drag.start, i64::min);
                    let delta = (start + shift - drag.start).max(-earliest);
                    let to_start = drag.start + delta;
                    if to_start == card.range_in_timeline.start {
                        None
                    } else if drag.others.is_empty() {
                        Some(Edit::MoveCard {
                            id: card.id,
                            to_start,
                            ripple: Ripple::No,
                        })
                    } else {
                        let moves = std::iter::once((card.id, drag.start))
                            .chain(drag.others.iter().copied())
                            .map(|(id, start)| (id, start + delta))
                            .collect();
                        Some(Edit::MoveCards(moves))
                    }
                }
                DragKind::TrimStart => {
                    let to_frame = snap(drag.start + moved).clamp(0, drag.end - 1);
                    (to_frame != card.range_in_timeline.start).then_some(Edit::TrimStart {
                        id: card.id,
                        to_frame,
                        ripple: Ripple::No,
                    })
                }
                DragKind::TrimEnd => {
                    let to_frame = snap(drag.end + moved).max(drag.start + 1);
                    (to_frame != card.range_in_timeline.end()).then_some(Edit::TrimEnd {
                        id: card.id,
                        to_frame,
                        ripple: Ripple::No,
                    })
                }
            };
            out.extend(edit.map(Command::Edit));
        }
        if response.drag_stopped() {
            self.drag = None;
            out.push(Command::EndGesture);
        }
    }
}

fn card_menu(ui: &mut Ui, card: &Card, cx: &TimelineContext<'_>, out: &mut Vec<Command>) {
    if ui.button("Duplicate").clicked() {
        let mut copy = card.clone();
        copy.id = cx.project.next_card_id();
        copy.range_in_timeline.start = cx.project.duration_frames();
        out.push(Command::Edit(Edit::PlaceCard(copy)));
        ui.close();
    }
    let inside =
        card.range_in_timeline.start < cx.playhead && cx.playhead < card.range_in_timeline.end();
    if ui
        .add_enabled(inside, egui::Button::new("Split at playhead"))
        .clicked()
    {
        out.push(Command::Edit(Edit::SplitCard {
            id: card.id,
            at_frame: cx.playhead,
        }));
        ui.close();
    }
    if ui.button("New text card after").clicked() {
        out.push(Command::NewTextCard(Some(card.range_in_timeline.start)));
        ui.close();
    }
    ui.separator();
    for (text, ripple) in [("Delete", Ripple::No), ("Ripple delete", Ripple::Yes)] {
        if ui.button(text).clicked() {
            out.push(Command::Edit(Edit::RemoveCard {
                id: card.id,
                ripple,
            }));
            ui.close();
        }
    }
}

/// The accessible name of a card on the timeline.
pub fn card_label(id: CardId) -> String {
    format!("Card {}", id.0)
}

/// The accessible name of a gap on the timeline.
pub fn gap_label(key: GapKey) -> String {
    format!("Gap {}–{}", key.from_card.0, key.to_card.0)
}

/// Frames a dragged edge or a drop snaps to: other cards' edges (all but
/// `dragged`), the edges of sound on the audio lanes, markers (beats) and
/// the playhead: one list for every kind of drag.
fn snap_targets(cx: &TimelineContext<'_>, dragged: Option<CardId>) -> Vec<i64> {
    let cards = cx.project.cards.iter().filter(|c| Some(c.id) != dragged);
    let sounds = cx.project.audio_lanes.iter().flat_map(|l| &l.clips);
    let mut targets: Vec<i64> = cards
        .map(|c| c.range_in_timeline)
        .chain(sounds.map(|c| c.range_in_timeline))
        .flat_map(|r| [r.start, r.end()])
        .chain(cx.project.markers.iter().map(|m| m.frame))
        .collect();
    targets.push(cx.playhead);
    targets
}

/// `frame`, or the closest target within `reach` frames of it.
fn snapped(frame: i64, targets: &[i64], reach: i64) -> i64 {
    targets
        .iter()
        .copied()
        .filter(|t| (t - frame).abs() <= reach)
        .min_by_key(|t| (t - frame).abs())
        .unwrap_or(frame)
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
    fn snapping_picks_the_closest_target_in_reach() {
        assert_eq!(snapped(50, &[40, 53, 70], 4), 53);
        assert_eq!(snapped(50, &[40, 70], 4), 50);
        assert_eq!(snapped(50, &[47, 52], 4), 52);
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
