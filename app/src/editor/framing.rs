//! A card's camera move edited over the preview: with "Start" or "End"
//! framing chosen in the inspector, the preview shows the card's picture
//! without its move (at the card's first or last frame) and the camera's
//! rectangle over it. Drag inside the rectangle to move it, drag a corner
//! to zoom; each drag is one undo step.

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use inbetween_engine::project::{CameraMove, Card, CardId, Project, Viewport};
use inbetween_engine::render::picture_area;
use inbetween_engine::timeline::Edit;

use super::command::Command;
use super::theme;

/// Which end of a move is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveEnd {
    /// The card's first frame.
    Start,
    /// Its last frame.
    End,
}

impl MoveEnd {
    /// The end's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            MoveEnd::Start => "Start",
            MoveEnd::End => "End",
        }
    }

    /// The viewport of `m` at this end.
    pub fn of(self, m: &CameraMove) -> Viewport {
        match self {
            MoveEnd::Start => m.start,
            MoveEnd::End => m.end,
        }
    }

    /// `m` with this end's viewport replaced.
    pub fn with(self, m: &CameraMove, view: Viewport) -> CameraMove {
        let mut out = *m;
        match self {
            MoveEnd::Start => out.start = view,
            MoveEnd::End => out.end = view,
        }
        out
    }

    /// The card's frame this end is seen at.
    pub fn frame_in_card(self, card: &Card) -> i64 {
        match self {
            MoveEnd::Start => 0,
            MoveEnd::End => card.range_in_timeline.duration - 1,
        }
    }
}

/// A framing being edited on the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FramingEdit {
    /// The card.
    pub card: CardId,
    /// Which end.
    pub end: MoveEnd,
}

/// The project as the preview draws it while `edit` is open: the card
/// without its move, so the whole picture shows under the rectangle.
pub fn without_move(project: &Project, edit: FramingEdit) -> Project {
    let mut drawn = project.clone();
    if let Some(card) = drawn.card_mut(edit.card) {
        card.camera_move = None;
    }
    drawn
}

/// Where the camera's rectangle is on the screen: its centre, half its
/// width and height, and its turn (radians).
struct OnScreen {
    centre: Pos2,
    half: Vec2,
    turn: f32,
}

impl OnScreen {
    fn of(view: Viewport, area: Rect) -> Self {
        Self {
            centre: area.min + Vec2::new(view.centre[0], view.centre[1]) * area.size(),
            half: area.size() / (2.0 * view.zoom),
            turn: view.turn_degrees.to_radians(),
        }
    }

    /// The corners, clockwise from the top left.
    fn corners(&self) -> [Pos2; 4] {
        let (sin, cos) = self.turn.sin_cos();
        [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(sx, sy)| {
            let d = Vec2::new(sx * self.half.x, sy * self.half.y);
            self.centre + Vec2::new(cos * d.x - sin * d.y, sin * d.x + cos * d.y)
        })
    }
}

/// Draws the framing `edit` over the preview's picture (`picture`, the
/// film frame on the screen) and returns the edits its drags make.
pub fn framing_ui(
    ui: &mut Ui,
    picture: Rect,
    project: &Project,
    edit: FramingEdit,
) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(card) = project.card(edit.card) else {
        return out;
    };
    let Some(m) = card.camera_move else {
        return out;
    };
    let settings = &project.settings;
    let (w, h) = (settings.resolution.width, settings.resolution.height);
    let a = picture_area(w, h, settings.aspect);
    let scale = picture.width() / w.max(1) as f32;
    let area = Rect::from_min_size(
        picture.min + Vec2::new(a.x as f32, a.y as f32) * scale,
        Vec2::new(a.width as f32, a.height as f32) * scale,
    );
    let view = edit.end.of(&m);
    let shown = OnScreen::of(view, area);
    let painter = ui.painter_at(picture);
    // The other end, faintly, for where the move goes.
    let other = match edit.end {
        MoveEnd::Start => MoveEnd::End,
        MoveEnd::End => MoveEnd::Start,
    };
    let faint = OnScreen::of(other.of(&m), area).corners();
    painter.add(egui::Shape::closed_line(
        faint.to_vec(),
        Stroke::new(1.0, Color32::from_white_alpha(110)),
    ));
    let corners = shown.corners();
    painter.add(egui::Shape::closed_line(
        corners.to_vec(),
        Stroke::new(2.0, theme::SELECTED.color),
    ));
    painter.text(
        corners[0] + Vec2::new(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        format!("{} framing · {:.2}×", edit.end.label(), view.zoom),
        egui::FontId::proportional(13.0),
        theme::SELECTED.color,
    );
    let set = |view: Viewport| {
        Command::Edit(Edit::SetCameraMove {
            id: card.id,
            camera_move: Some(edit.end.with(&m, view.kept_inside())),
        })
    };
    // Inside the rectangle: drag to move it.
    let body_rect = Rect::from_center_size(shown.centre, shown.half * 2.0);
    let id = ui.scope_id().with(("framing", card.id.0, edit.end.label()));
    let body = ui
        .interact(body_rect.intersect(picture), id, Sense::drag())
        .on_hover_cursor(egui::CursorIcon::Move);
    let label = format!("{} framing rectangle", edit.end.label());
    body.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    gesture(&body, "Move framing", &mut out, || {
        let d = body.drag_delta() / area.size();
        let mut moved = view;
        moved.centre = [view.centre[0] + d.x, view.centre[1] + d.y];
        set(moved)
    });
    // A corner: drag to zoom about the centre.
    for (i, corner) in corners.into_iter().enumerate() {
        let handle = Rect::from_center_size(corner, Vec2::splat(12.0));
        painter.rect_filled(handle.shrink(2.0), 1.0, theme::SELECTED.color);
        let response = ui
            .interact(handle, id.with(i), Sense::drag())
            .on_hover_cursor(egui::CursorIcon::ResizeNwSe);
        let label = format!("{} framing corner {}", edit.end.label(), i + 1);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        gesture(&response, "Zoom framing", &mut out, || {
            let pointer = response.interact_pointer_pos().unwrap_or(corner);
            let reach = (pointer - shown.centre).length().max(1.0);
            let whole = (area.size() / 2.0).length();
            let mut zoomed = view;
            zoomed.zoom = whole / reach;
            set(zoomed)
        });
    }
    out
}

/// A drag on the framing: one undo step from press to release.
fn gesture(
    response: &egui::Response,
    label: &'static str,
    out: &mut Vec<Command>,
    edit: impl FnOnce() -> Command,
) {
    if response.drag_started() {
        out.push(Command::BeginGesture(label));
    }
    if response.dragged() && response.drag_delta() != Vec2::ZERO {
        out.push(edit());
    }
    if response.drag_stopped() {
        out.push(Command::EndGesture);
    }
}
