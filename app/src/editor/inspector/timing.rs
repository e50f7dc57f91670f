//! Timing typed in: a card's start and duration and a gap's length, each
//! read as frames (`48`), seconds (`2s`, `1.5s`) or timecode
//! (`00:00:02:00`) by the engine's [`parse_frames`], the parser the
//! command line uses. One "Ripple" switch says whether later cards move
//! along.

use eframe::egui::{self, Ui};
use inbetween_engine::time::{FrameRate, Timecode, parse_frames};
use inbetween_engine::timeline::Ripple;

use super::Inspector;

/// What the timing fields accept, shown on hover.
const FORMS: &str =
    "Type frames (48), seconds (2s, 1.5s) or timecode (00:00:02:00); Enter or click away to apply";

impl Inspector {
    /// A time field in a grid row: the value as timecode, with its frames and
    /// seconds beside it. Returns the frames typed once the field loses focus
    /// with a new value of at least `min`; a value it cannot read or below
    /// `min` is shown under the field until the next one.
    pub(super) fn timing_row(
        &mut self,
        ui: &mut Ui,
        name: &str,
        owner: &str,
        frames: i64,
        min: i64,
        rate: FrameRate,
    ) -> Option<i64> {
        let label = ui.label(name).on_hover_text(FORMS);
        let mut typed = None;
        ui.vertical(|ui| {
            let current = Timecode::from_frames(frames, rate).to_string();
            ui.horizontal(|ui| {
                typed = ui
                    .allocate_ui(egui::vec2(96.0, 20.0), |ui| {
                        self.text_field_rows(ui, label.id, owner, &current, 1, false)
                    })
                    .inner;
                ui.label(
                    egui::RichText::new(format!("{frames} f · {:.2} s", rate.seconds_at(frames)))
                        .small()
                        .weak(),
                );
            });
            if let Some(text) = typed.take() {
                match parse_frames(&text, rate) {
                    Ok(value) if value < min => {
                        self.timing_error = Some((
                            owner.to_owned(),
                            format!("{name} must be at least {min} frames"),
                        ));
                    }
                    Ok(value) => {
                        self.timing_error = None;
                        if value != frames {
                            typed = Some(value.to_string());
                        }
                    }
                    Err(e) => self.timing_error = Some((owner.to_owned(), e.to_string())),
                }
            }
            if let Some((_, message)) = self.timing_error.as_ref().filter(|(o, _)| o == owner) {
                let text = egui::RichText::new(message).color(ui.visuals().error_fg_color);
                ui.add(egui::Label::new(text).wrap());
            }
        });
        ui.end_row();
        typed.and_then(|v| v.parse().ok())
    }

    /// The "Ripple" switch of the timing fields, in a grid row.
    pub(super) fn ripple_row(&mut self, ui: &mut Ui) {
        ui.label("");
        let mut ripple = !self.timing_holds_later;
        ui.checkbox(&mut ripple, "Ripple: later cards move along")
            .on_hover_text(
                "On: a typed start, duration or gap length moves every later card by the change. \
                 Off: only this card changes, and it must fit in the free space",
            );
        self.timing_holds_later = !ripple;
        ui.end_row();
    }

    /// The ripple the timing fields apply.
    pub(super) fn timing_ripple(&self) -> Ripple {
        if self.timing_holds_later {
            Ripple::No
        } else {
            Ripple::Yes
        }
    }
}
