//! The board view: the cards as a grid of boards in film order (picture,
//! shot number, duration, the first lines of the notes), shown in the
//! timeline's place (View ▸ Board view) and sharing its selection. Drag a
//! board to another place to reorder the story (the track ripples, each gap
//! keeps its place and settings); New text card, Duplicate and Delete act
//! on the selection.

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use inbetween_engine::project::{Card, CardContent, CardId};
use inbetween_engine::timeline::Edit;

use super::command::{Command, Selection};
use super::theme;
use super::timeline::TimelineContext;

/// A board's width and its picture's height, in points.
const BOARD_WIDTH: f32 = 196.0;
const PICTURE_HEIGHT: f32 = BOARD_WIDTH * 9.0 / 16.0;
/// The text under the picture: shot and duration, then two lines of notes.
const TEXT_HEIGHT: f32 = 58.0;
const SPACING: f32 = 12.0;

/// The board being dragged, kept in egui's memory between frames.
#[derive(Clone, Copy)]
struct Dragged(CardId);

/// Draws the boards of `cx`'s project; what the user asked of them.
pub fn board_view_ui(ui: &mut Ui, cx: &TimelineContext<'_>) -> Vec<Command> {
    let mut out = Vec::new();
    let project = cx.project;
    let selected: Vec<CardId> = match cx.selection {
        Selection::Cards(ids) => ids.clone(),
        _ => Vec::new(),
    };
    ui.horizontal(|ui| {
        // A new board goes right after the last selected one, the later
        // ones moving along (as T does on a card), or at the end.
        let after = selected
            .iter()
            .filter_map(|id| project.card(*id))
            .map(|c| c.range_in_timeline.end() - 1)
            .max()
            .unwrap_or_else(|| project.duration_frames());
        if ui
            .button("New text card")
            .on_hover_text("A text card after the selected board (T at the playhead)")
            .clicked()
        {
            out.push(Command::NewTextCard(Some(after)));
        }
        let any = !selected.is_empty();
        if ui
            .add_enabled(any, egui::Button::new("Duplicate"))
            .on_hover_text("A copy of each selected board, right after it")
            .clicked()
        {
            out.push(Command::Duplicate);
        }
        if ui
            .add_enabled(any, egui::Button::new("Delete"))
            .on_hover_text("Take the selected boards out; the ones after close up")
            .clicked()
        {
            out.push(Command::RippleDelete);
        }
        ui.separator();
        ui.weak(
            "Drag a board to reorder · Ctrl-click to select several · double-click to go to it",
        );
    });
    ui.add_space(4.0);
    let drag_id = egui::Id::unique("board view drag");
    let dragged: Option<Dragged> = ui.ctx().data(|d| d.get_temp(drag_id));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let columns = ((ui.available_width() + SPACING) / (BOARD_WIDTH + SPACING))
                .floor()
                .max(1.0) as usize;
            let size = Vec2::new(BOARD_WIDTH, PICTURE_HEIGHT + TEXT_HEIGHT);
            let rows = project.cards.len().div_ceil(columns);
            let height = rows as f32 * (size.y + SPACING);
            let (area, _) = ui.allocate_exact_size(
                Vec2::new(ui.available_width(), height.max(size.y)),
                Sense::hover(),
            );
            let place = |i: usize| {
                let (row, column) = (i / columns, i % columns);
                Rect::from_min_size(
                    area.min
                        + Vec2::new(
                            column as f32 * (size.x + SPACING),
                            row as f32 * (size.y + SPACING),
                        ),
                    size,
                )
            };
            let pointer = ui.ctx().pointer_latest_pos();
            // Where a board dropped at the pointer would go: before the
            // board it is over (after it, on its right half).
            let target = |pos: Pos2| -> usize {
                (0..project.cards.len())
                    .find_map(|i| {
                        let r = place(i).expand(SPACING / 2.0);
                        r.contains(pos)
                            .then(|| if pos.x > r.center().x { i + 1 } else { i })
                    })
                    .unwrap_or(project.cards.len())
            };
            for (i, card) in project.cards.iter().enumerate() {
                let rect = place(i);
                let response = ui.interact(
                    rect,
                    egui::Id::unique(("board", card.id.0)),
                    Sense::click_and_drag(),
                );
                let label = format!("Board {}", card.id.0);
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                let is_selected = selected.contains(&card.id);
                let lifted = dragged.is_some_and(|d| d.0 == card.id);
                draw_board(ui, rect, card, cx, is_selected, lifted);
                if response.double_clicked() {
                    out.push(Command::Seek(card.range_in_timeline.start));
                } else if response.clicked() {
                    let modifiers = ui.input(|i| i.modifiers);
                    out.push(if modifiers.command || modifiers.shift {
                        Command::ToggleInSelection(card.id)
                    } else {
                        Command::Select(Selection::Cards(vec![card.id]))
                    });
                }
                if response.drag_started() {
                    ui.ctx()
                        .data_mut(|d| d.insert_temp(drag_id, Dragged(card.id)));
                }
                if response.drag_stopped() {
                    ui.ctx().data_mut(|d| d.remove::<Dragged>(drag_id));
                    if let Some(pos) = pointer {
                        let to = target(pos);
                        // Its place once it has left its own.
                        let to_index = if to > i { to - 1 } else { to };
                        if to_index != i {
                            out.push(Command::Edit(Edit::ReorderCard {
                                id: card.id,
                                to_index,
                            }));
                            out.push(Command::Select(Selection::Cards(vec![card.id])));
                        }
                    }
                }
            }
            // Where the dragged board would land.
            if let (Some(_), Some(pos)) = (dragged, pointer) {
                let to = target(pos);
                let x = if to < project.cards.len() {
                    place(to).left() - SPACING / 2.0
                } else {
                    project
                        .cards
                        .len()
                        .checked_sub(1)
                        .map_or(area.left(), |last| place(last).right() + SPACING / 2.0)
                };
                let row = place(to.min(project.cards.len().saturating_sub(1)));
                ui.painter().line_segment(
                    [Pos2::new(x, row.top()), Pos2::new(x, row.bottom())],
                    Stroke::new(3.0, theme::SELECTED.color),
                );
            }
        });
    out
}

/// One board: picture, shot and duration, the first lines of the notes.
fn draw_board(
    ui: &Ui,
    rect: Rect,
    card: &Card,
    cx: &TimelineContext<'_>,
    selected: bool,
    lifted: bool,
) {
    let painter = ui.painter_at(rect.expand(2.0));
    let fill = match card.content {
        CardContent::Text => theme::TEXT_CARD,
        CardContent::Image { .. } => theme::IMAGE_CARD,
        CardContent::Clip { .. } => theme::CLIP_CARD,
    };
    painter.rect_filled(rect, theme::CARD_RADIUS, fill.gamma_multiply(0.45));
    let picture = Rect::from_min_size(rect.min, Vec2::new(rect.width(), PICTURE_HEIGHT));
    match (cx.thumbnails.get(&card.id), &card.content) {
        (Some(texture), _) => {
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter.image(*texture, picture, uv, Color32::WHITE);
        }
        (None, CardContent::Text) => {
            // A title: its words, as the film shows them.
            painter.rect_filled(picture, 0.0, Color32::BLACK);
            let galley = painter.layout(
                card.prompt.clone(),
                egui::FontId::proportional(13.0),
                Color32::WHITE,
                picture.width() - 16.0,
            );
            let at = picture.center() - galley.size() / 2.0;
            painter.galley(at, galley, Color32::WHITE);
        }
        (None, _) => {
            painter.rect_filled(picture, 0.0, Color32::BLACK);
        }
    }
    let rate = cx.project.settings.frame_rate;
    let text = |pos: Pos2, align, words: String, size: f32, colour: Color32| {
        painter.text(pos, align, words, egui::FontId::proportional(size), colour);
    };
    let top = picture.bottom() + 4.0;
    text(
        Pos2::new(rect.left() + 6.0, top),
        egui::Align2::LEFT_TOP,
        format!("Shot {}", card.board.shot),
        14.0,
        theme::CARD_TEXT,
    );
    let mut duration = format!("{:.2} s", rate.seconds_at(card.range_in_timeline.duration));
    if card.camera_move.is_some() {
        duration = format!("move · {duration}");
    }
    text(
        Pos2::new(rect.right() - 6.0, top),
        egui::Align2::RIGHT_TOP,
        duration,
        13.0,
        theme::RULER_TEXT,
    );
    // The notes' first lines (the prompt when there are none).
    let words = if card.board.notes.trim().is_empty() {
        &card.prompt
    } else {
        &card.board.notes
    };
    let galley = painter.layout(
        words.clone(),
        egui::FontId::proportional(12.0),
        theme::RULER_TEXT,
        rect.width() - 12.0,
    );
    let lines: Vec<_> = galley.rows.iter().take(2).collect();
    let shown: String = lines
        .iter()
        .map(|row| row.text())
        .collect::<Vec<_>>()
        .join("");
    let shown = if galley.rows.len() > 2 {
        format!("{}…", shown.trim_end())
    } else {
        shown
    };
    let galley = painter.layout(
        shown,
        egui::FontId::proportional(12.0),
        theme::RULER_TEXT,
        rect.width() - 12.0,
    );
    painter.galley(
        Pos2::new(rect.left() + 6.0, top + 20.0),
        galley,
        theme::RULER_TEXT,
    );
    if selected {
        painter.rect_stroke(
            rect,
            theme::CARD_RADIUS,
            theme::SELECTED,
            egui::StrokeKind::Inside,
        );
    }
    if lifted {
        painter.rect_filled(rect, theme::CARD_RADIUS, Color32::from_white_alpha(30));
    }
}
