//! The timeline: a ruler with timecode, the story track with its cards and
//! gaps, the audio lanes, and the playhead. It draws the document and
//! returns commands; it never changes the document itself.
//!
//! - `ruler.rs`: timecode ticks, markers, in and out, seeking.
//! - `story_track.rs`: cards and gaps, their menus and trim handles.
//! - `audio_lanes.rs`: sound on the lanes, with waveforms, dragged in time.
//! - `drag.rs`: what a drag of a card makes (a pure function) and snapping.

mod audio_lanes;
mod drag;
mod ruler;
mod story_track;
pub use story_track::likely_to_ghost;

use eframe::egui::{self, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2};
use inbetween_engine::project::{CardId, GapKey, Project};
use inbetween_engine::timeline::Layout;

use super::command::{Command, Selection};
use super::generation::GapStatus;
use super::library::DraggedMedia;
use super::theme;
use drag::{Drag, Dragged, snap_targets, snapped};
use inbetween_engine::audio::Waveform;

/// The closest zoom (points per frame) and the farthest.
const ZOOM_RANGE: (f32, f32) = (0.05, 40.0);

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
    /// Its layout this frame (computed once for every view).
    pub layout: &'a Layout,
    /// What is selected.
    pub selection: &'a Selection,
    /// The playhead.
    pub playhead: i64,
    /// The in and out points.
    pub marks: (Option<i64>, Option<i64>),
    /// Each gap's generation status.
    pub gap_status: &'a dyn Fn(GapKey) -> Option<GapStatus>,
    /// What Auto chose for a generated gap.
    pub gap_choice: &'a dyn Fn(GapKey) -> Option<inbetween_engine::project::AutoChoice>,
    /// How clean a generated gap is (0 ghosted, 1 clean).
    pub gap_clean: &'a dyn Fn(GapKey) -> Option<f32>,
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

    pub(super) fn x(&self, rect: Rect, frame: i64) -> f32 {
        rect.left() + (frame as f32 - self.first_frame) * self.points_per_frame
    }

    pub(super) fn frame_at(&self, rect: Rect, x: f32) -> i64 {
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
        let layout = cx.layout;
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
        snapped(frame, &snap_targets(cx, Dragged::New), reach)
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
}

/// The accessible name of a card on the timeline.
pub fn card_label(id: CardId) -> String {
    format!("Card {}", id.0)
}

/// The accessible name of a gap on the timeline.
pub fn gap_label(key: GapKey) -> String {
    format!("Gap {}–{}", key.from_card.0, key.to_card.0)
}
