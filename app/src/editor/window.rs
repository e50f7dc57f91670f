//! Each frame of the window: the panels (status bar, timeline, library,
//! inspector, preview), keyboard shortcuts, and the question about unsaved
//! changes when the window closes. The menu bar and the dialogs are in
//! `menu_bar.rs` and `dialogs.rs`.

use std::time::Duration;

use eframe::egui::{self, Ui};

use super::board_view::board_view_ui;
use super::command::{Command, SHORTCUTS};
use super::documents::Then;
use super::export_dialog::Ask;
use super::files::Purpose;
use super::framing::framing_ui;
use super::gap_models::{SCALE_KEY, UPGRADE_KEY, WEIGHTS_KEY};
use super::generation::GapStatus;
use super::inspector::InspectorContext;
use super::preview::{Transport, transport_ui};
use super::timeline::TimelineContext;
use super::{EditorApp, NOTICE_SECONDS, RECENT_KEY, Selection};
use inbetween_engine::project::AutoChoice;
use inbetween_engine::timeline::Layout;

/// What every view reads in one frame, computed once at its start.
struct FrameInputs {
    /// The playhead.
    playhead: i64,
    /// The story track's layout (empty with no project).
    layout: Layout,
}

impl eframe::App for EditorApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, WEIGHTS_KEY, &self.models.weights);
        eframe::set_value(storage, SCALE_KEY, &self.models.scale);
        eframe::set_value(storage, UPGRADE_KEY, &self.models.upgrades);
    }

    fn on_exit(&mut self) {
        // For scripts/bench-xvfb-playback: what playback achieved.
        if std::env::var_os("INBETWEEN_PLAYBACK_STATS").is_some() {
            eprintln!(
                "playback stats: {} frames shown while playing, {} dropped",
                self.stats.frames_played,
                self.dropped_frames()
            );
        }
        // Closed with nothing unsaved: no recovery copy is needed.
        if let Some(session) = &self.session
            && !session.document.is_dirty()
        {
            inbetween_engine::project::discard_recovery(session.folder());
        }
    }

    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        self.ensure_workers(&ctx);
        if let Some(session) = &mut self.session {
            session.settle_framing();
        }
        self.sync_workers();
        self.sync_sound();
        let upload = self.update_preview(&ctx, frame);
        if let Some((purpose, chosen)) = self.files.poll() {
            self.file_chosen(purpose, chosen);
        }
        if let Some(ask) = self.export.poll() {
            self.export_ask(ask);
        }
        for ask in [self.boards.poll(), self.timeline_export.poll()]
            .into_iter()
            .flatten()
        {
            // Their answers are notices: the file is chosen in their own way.
            self.export_ask(ask);
        }
        let mut saved_as = None;
        if let (Some(session), Some(waker)) = (&mut self.session, &self.waker) {
            session.autosave();
            session.poll_beats();
            session.poll_takes();
            session.poll_imports();
            saved_as = session.poll_save_as();
            let version = session.document.version();
            session
                .library
                .poll(&session.document.project, version, waker);
        }
        if let Some(folder) = saved_as {
            self.remember_recent(&folder);
        }
        self.collect_notices();
        let inputs = self.frame_inputs();
        let mut commands = Vec::new();
        self.close_request(&ctx);
        if !ctx.egui_wants_keyboard_input() {
            // Every press counts: several can arrive in one frame.
            for (command, shortcut) in &SHORTCUTS {
                let presses = ctx.input_mut(|i| {
                    i.count_and_consume_key(shortcut.modifiers, shortcut.logical_key)
                });
                commands.extend(std::iter::repeat_n(command.clone(), presses));
            }
            // The windowing layer turns Ctrl+X/C/V into these events.
            ctx.input(|i| {
                for event in &i.events {
                    match event {
                        egui::Event::Cut => commands.push(Command::Cut),
                        egui::Event::Copy => commands.push(Command::Copy),
                        egui::Event::Paste(_) => commands.push(Command::Paste),
                        _ => {}
                    }
                }
            });
        }
        egui::Panel::top("menu bar").show(ui, |ui| self.menu_bar(ui, &mut commands));
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar(ui, &inputs));
        if let Some(session) = &self.session {
            // The board view takes the timeline's place, taller.
            let (id, size) = if session.board_view {
                ("board view", 330.0)
            } else {
                ("timeline", 175.0)
            };
            egui::Panel::bottom(id)
                .resizable(true)
                .default_size(size)
                .min_size(110.0)
                .show(ui, |ui| self.timeline_panel(ui, &inputs, &mut commands));
            egui::Panel::left("media library")
                .resizable(true)
                .default_size(190.0)
                .min_size(120.0)
                .show(ui, |ui| {
                    // The panel keeps its width whatever it shows.
                    ui.set_min_width(ui.available_width());
                    self.library_panel(ui, &inputs, &mut commands);
                });
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(300.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    // The same width for every selection, so the preview
                    // never jumps; long texts wrap or shorten instead.
                    ui.set_min_width(ui.available_width());
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| self.inspector_panel(ui, &inputs, &mut commands));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_panel(ui, &inputs, &mut commands));
        self.dialogs(&ctx);
        let changed = !commands.is_empty();
        for command in commands {
            self.execute(command);
        }
        self.sync_sound();
        if let Some(text) = self.clipboard_text.take() {
            ctx.copy_text(text);
        }
        if changed {
            ctx.request_repaint();
        }
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if let Some(session) = &self.session
            && session.playback.is_playing()
        {
            let (rate, _) = session.film_clock();
            ctx.request_repaint_after(session.playback.next_frame_in(rate));
        }
        self.stats.ui_time = started.elapsed().saturating_sub(upload);
        self.stats.upload_time = upload;
        self.notices
            .retain(|n| n.at.elapsed() < Duration::from_secs(NOTICE_SECONDS));
        if let Some(first) = self.notices.first() {
            let left = Duration::from_secs(NOTICE_SECONDS).saturating_sub(first.at.elapsed());
            ctx.request_repaint_after(left);
        }
    }
}

impl EditorApp {
    /// With unsaved changes, closing the window asks first.
    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Then::Close);
        }
    }

    pub(super) fn export_ask(&mut self, ask: Ask) {
        match ask {
            Ask::ChooseFile => self.ask_file(Purpose::ExportTo),
            Ask::Notice(text, error) => self.notify(text, error),
        }
    }

    /// What every view of this frame reads, computed once: the playhead and
    /// the story track's layout (so no two panels see different frames).
    fn frame_inputs(&mut self) -> FrameInputs {
        let playhead = self.playhead();
        let layout = self
            .session
            .as_ref()
            .map(|s| Layout::of(s.project()))
            .unwrap_or_default();
        FrameInputs { playhead, layout }
    }

    fn status_bar(&mut self, ui: &mut Ui, inputs: &FrameInputs) {
        ui.horizontal(|ui| {
            if let Some(notice) = self.notices.last() {
                let colour = if notice.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(colour, &notice.text);
                ui.separator();
            }
            let Some(session) = &mut self.session else {
                return;
            };
            if session.saving_as() {
                ui.spinner();
                ui.label("Copying the media for Save As…");
                ui.separator();
            }
            if let Some(done) = session.importing() {
                ui.add(
                    egui::ProgressBar::new(done as f32)
                        .desired_width(120.0)
                        .text("Importing"),
                );
                ui.separator();
            }
            let summary = super::generation::Summary::of(session, &inputs.layout);
            let Some(workers) = &mut session.workers else {
                return;
            };
            if let Some(error) = workers.frames.error() {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot draw {error}"));
                ui.separator();
            }
            let generator = &mut workers.generator;
            if let Some((key, done)) = generator.running() {
                ui.add(
                    egui::ProgressBar::new(done)
                        .desired_width(140.0)
                        .text(format!("Generating {}", super::timeline::gap_label(key))),
                );
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop generating; gaps keep their drafts")
                    .clicked()
                {
                    generator.cancel();
                }
            }
            if let Some((key, done)) = generator.upgrading() {
                ui.add(
                    egui::ProgressBar::new(done)
                        .desired_width(140.0)
                        .text(format!("Improving {}", super::timeline::gap_label(key))),
                )
                .on_hover_text(
                    "Making this gap again with the fused model (motion + IFNet); \
                     it shows the faster version until then",
                );
                if ui
                    .button("Stop")
                    .on_hover_text("Stop improving gaps; they keep what they show")
                    .clicked()
                {
                    generator.cancel();
                }
            }
            ui.label(summary.text());
            if generator.running().is_none()
                && generator.upgrading().is_none()
                && generator.paused
                && generator.queued() + generator.upgrades_queued() > 0
                && ui.button("Resume").clicked()
            {
                generator.paused = false;
            }
        });
    }

    fn timeline_panel(&mut self, ui: &mut Ui, inputs: &FrameInputs, out: &mut Vec<Command>) {
        let playhead = inputs.playhead;
        let Some(session) = &mut self.session else {
            return;
        };
        let mut thumbnails = std::collections::HashMap::new();
        if let Some(workers) = &mut session.workers {
            workers.thumbnails.poll(ui.ctx());
            for card in &session.document.project.cards {
                if let Some(texture) = workers.thumbnails.get(card, &workers.project) {
                    thumbnails.insert(card.id, texture);
                }
            }
        }
        let workers = &session.workers;
        let statuses = |key| -> Option<GapStatus> {
            workers
                .as_ref()
                .and_then(|w| w.generator.status(key).cloned())
        };
        let choices = |key| -> Option<AutoChoice> {
            workers
                .as_ref()
                .and_then(|w| w.generator.choice(key).cloned())
        };
        let cleans = |key| workers.as_ref().and_then(|w| w.generator.clean(key));
        let cx = TimelineContext {
            waveforms: &session.waveforms,
            thumbnails: &thumbnails,
            project: &session.document.project,
            layout: &inputs.layout,
            selection: &session.selection,
            playhead,
            marks: (session.playback.mark_in, session.playback.mark_out),
            gap_status: &statuses,
            gap_choice: &choices,
            gap_clean: &cleans,
        };
        if session.board_view {
            out.extend(board_view_ui(ui, &cx));
        } else {
            out.extend(session.timeline.ui(ui, &cx));
        }
    }

    fn library_panel(&mut self, ui: &mut Ui, inputs: &FrameInputs, out: &mut Vec<Command>) {
        let Some(session) = &self.session else { return };
        out.extend(session.library.ui(ui, session.project(), inputs.playhead));
    }

    fn inspector_panel(&mut self, ui: &mut Ui, inputs: &FrameInputs, out: &mut Vec<Command>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let (status, choice, clean) = match &session.selection {
            Selection::Gap(key) => (
                session.gap_status(*key),
                session.gap_choice(*key),
                session.gap_clean(*key),
            ),
            _ => (None, None, None),
        };
        let available = self.models.available();
        let cx = InspectorContext {
            project: &session.document.project,
            layout: &inputs.layout,
            library: &session.library,
            selection: &session.selection,
            gap_status: status,
            gap_choice: choice,
            gap_clean: clean,
            available: &available,
            framing: session.framing,
        };
        out.extend(session.inspector.ui(ui, &cx, &mut session.takes));
    }

    fn central_panel(&mut self, ui: &mut Ui, inputs: &FrameInputs, out: &mut Vec<Command>) {
        if let Some(error) = &self.open_error {
            ui.heading("The project could not be opened");
            ui.add_space(8.0);
            ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            return;
        }
        let playhead = inputs.playhead;
        let Some(session) = &self.session else {
            ui.heading("No project is open");
            ui.label("Use File > New… or File > Open…, or start Inbetween with a project folder: inbetween projects/demo");
            return;
        };
        let settings = &session.project().settings;
        let playback = &session.playback;
        let transport = Transport {
            frame: playhead,
            film_end: session.project().duration_frames(),
            rate: settings.frame_rate,
            playing: playback.is_playing(),
            speed: playback.speed(),
            looping: playback.looping,
            dropped: playback.dropped,
            no_sound: match &self.sound {
                Some(sound) => sound.unavailable.clone(),
                None => Some("The sound output is not open yet".into()),
            },
        };
        let film_size = (settings.resolution.width, settings.resolution.height);
        egui::Panel::bottom("transport")
            .show_separator_line(false)
            .show(ui, |ui| {
                out.extend(transport_ui(ui, &transport, &mut self.preview));
            });
        let framing = session.framing;
        egui::CentralPanel::default().show(ui, |ui| {
            let picture = self.preview.picture_ui(ui, film_size);
            if let Some(edit) = framing {
                out.extend(framing_ui(ui, picture, session.project(), edit));
            }
        });
    }
}
