//! The story track: cards (thumbnail, title, selection, trim handles,
//! menu) and the gaps between them (mode, generation state, menu).

use eframe::egui::{
    self, Align2, Color32, CursorIcon, FontId, Id, Pos2, Rect, Sense, Stroke, Ui, Vec2,
};
use inbetween_engine::project::{Card, CardContent, GapKey, GapMode, GapSettings};
use inbetween_engine::timeline::{Edit, Ripple};

use super::super::command::{Command, Selection};
use super::super::generation::GapStatus;
use super::super::theme;
use super::drag::DragKind;
use super::{TimelineContext, TimelineView};
use super::{card_label, gap_label};

impl TimelineView {
    pub(super) fn gap_ui(
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
        let state = if likely_to_ghost(settings.mode, (cx.gap_clean)(key)) {
            "may ghost".to_owned()
        } else {
            state
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
                match (settings.mode, (cx.gap_choice)(key)) {
                    // What Auto chose: "Auto: Camera move".
                    (GapMode::Auto, Some(choice)) => {
                        format!("Auto: {}\n{state}", choice.mode.label())
                    }
                    (mode, _) => format!("{}\n{state}", mode.label()),
                },
                FontId::proportional(10.0),
                theme::CARD_TEXT,
            );
        }
        // Likely to ghost: an orange frame, and the inspector offers takes.
        if likely_to_ghost(settings.mode, (cx.gap_clean)(key)) {
            painter.rect_stroke(
                rect.shrink(1.0),
                2.0,
                Stroke::new(2.0, theme::GAP_GHOSTS),
                egui::StrokeKind::Inside,
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

    pub(super) fn card_ui(
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
            // The shot number first, larger, as a board's panel shows it.
            let mut job = egui::text::LayoutJob::default();
            job.wrap.max_width = text_rect.width();
            job.append(
                &card.board.shot,
                0.0,
                egui::TextFormat::simple(FontId::proportional(13.0), Color32::WHITE),
            );
            job.append(
                &title,
                6.0,
                egui::TextFormat::simple(FontId::proportional(11.0), theme::CARD_TEXT),
            );
            let galley = painter.layout_job(job);
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
}

fn card_menu(ui: &mut Ui, card: &Card, cx: &TimelineContext<'_>, out: &mut Vec<Command>) {
    if ui.button("Duplicate").clicked() {
        // Right after it, as Edit ▸ Duplicate does.
        out.push(Command::Select(Selection::Cards(vec![card.id])));
        out.push(Command::Duplicate);
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

/// True when a generated gap in a mode meant to move measured as likely to
/// ghost (a Dissolve is a mix by design).
pub fn likely_to_ghost(mode: GapMode, clean: Option<f32>) -> bool {
    matches!(mode, GapMode::Auto | GapMode::Motion | GapMode::CameraMove)
        && clean.is_some_and(|c| c < inbetween_engine::r#gen::confidence::FLAG_BELOW)
}
