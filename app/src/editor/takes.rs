//! Takes of a gap: the gap made in each way that applies (Auto, Motion,
//! Camera move, IFNet when loaded, Dissolve) on a worker, shown side by side
//! in the inspector; each plays while the pointer is over it, and Use makes
//! it the gap's (one undoable edit). Every take stays in the cache.

use std::sync::Arc;
use std::time::Instant;

use eframe::egui::{self, ColorImage, TextureHandle, Ui};
use inbetween_engine::cache::GapCache;
use inbetween_engine::r#gen::{Registry, Take, fill_take, takes_for};
use inbetween_engine::jobs::{Job, JobEvent, ProgressSink, Waker};
use inbetween_engine::project::{GapKey, GapSettings, Project};
use inbetween_engine::render::Compositor;
use inbetween_engine::timeline::{Edit, Layout};

use super::command::Command;

/// How wide a take's preview is, in pixels.
const PREVIEW_WIDTH: u32 = 192;

/// One take made: its frames, small, or why it could not be made.
struct Made {
    take: Take,
    frames: Result<Vec<ColorImage>, String>,
}

/// A take on screen.
struct Shown {
    take: Take,
    frames: Result<Vec<TextureHandle>, String>,
}

type TakesJob = Job<Vec<Made>>;

/// The takes of one gap: being made, or made.
pub struct Takes {
    /// The gap.
    pub key: GapKey,
    job: Option<TakesJob>,
    progress: (f32, String),
    made: Option<Vec<Made>>,
    shown: Vec<Shown>,
    /// The film's rate, to play the takes at.
    fps: f64,
    started: Instant,
}

/// Progress of one take, reported as part of all of them.
struct TakeProgress<'a> {
    inner: &'a dyn ProgressSink,
    index: u64,
    count: u64,
    label: &'static str,
}

impl ProgressSink for TakeProgress<'_> {
    fn progress(&self, done: u64, total: u64, stage: &str) {
        let total = total.max(1);
        let stage = format!(
            "Take {} of {} ({}): {stage}",
            self.index + 1,
            self.count,
            self.label
        );
        self.inner.progress(
            self.index * total + done.min(total),
            self.count * total,
            &stage,
        );
    }

    fn is_cancelled(&self) -> bool {
        self.inner.is_cancelled()
    }
}

impl Takes {
    /// Starts making the takes of the gap `key` of `project` on a worker.
    pub fn start(
        project: Arc<Project>,
        key: GapKey,
        compositor: Arc<Compositor>,
        cache: GapCache,
        models: Arc<Registry>,
        waker: Waker,
    ) -> std::io::Result<Self> {
        let fps = project.settings.frame_rate.as_f64();
        let job = Job::spawn("generate takes", waker, move |ctx| {
            let Some(gap) = Layout::of(&project)
                .gaps()
                .iter()
                .find(|g| g.key == key)
                .copied()
            else {
                return Vec::new();
            };
            let takes = takes_for(&project.gap_settings(key), &models);
            let count = takes.len() as u64;
            let mut made = Vec::new();
            for (index, take) in takes.into_iter().enumerate() {
                if ctx.is_cancelled() {
                    break;
                }
                let sink = TakeProgress {
                    inner: ctx,
                    index: index as u64,
                    count,
                    label: take.label,
                };
                let frames = fill_take(&project, &compositor, &gap, &take, &cache, &models, &sink)
                    .map_err(|e| e.to_string())
                    .map(|filled| {
                        (0..gap.range_in_timeline.duration)
                            .filter_map(|i| cache.frame(&filled.recipe.key, i))
                            .map(|frame| small(&frame))
                            .collect()
                    });
                made.push(Made { take, frames });
            }
            made
        })?;
        Ok(Self {
            key,
            job: Some(job),
            progress: (0.0, "Starting".into()),
            made: None,
            shown: Vec::new(),
            fps,
            started: Instant::now(),
        })
    }

    /// Reads the worker's news; never blocks.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        while let Some(event) = job.try_recv() {
            match event {
                JobEvent::Progress(p) => self.progress = (p.fraction() as f32, p.stage),
                JobEvent::Finished(made) => self.made = Some(made),
            }
        }
        if self.made.is_some() {
            self.job = None;
        }
    }

    /// True while the takes are being made.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The takes in the inspector: each with its name, its preview (playing
    /// while the pointer is over it) and Use (or "shown" for the gap's own).
    pub fn ui(&mut self, ui: &mut Ui, settings: &GapSettings, out: &mut Vec<Command>) {
        if let Some(made) = self.made.take() {
            self.shown = made
                .into_iter()
                .enumerate()
                .map(|(i, m)| Shown {
                    frames: m.frames.map(|frames| {
                        frames
                            .into_iter()
                            .enumerate()
                            .map(|(k, image)| {
                                ui.ctx().load_texture(
                                    format!("take {i} frame {k}"),
                                    image,
                                    egui::TextureOptions::LINEAR,
                                )
                            })
                            .collect()
                    }),
                    take: m.take,
                })
                .collect();
        }
        if self.is_running() {
            ui.add(
                egui::ProgressBar::new(self.progress.0)
                    .text(self.progress.1.clone())
                    .show_percentage(),
            );
            return;
        }
        let key = self.key;
        let now = self.started.elapsed().as_secs_f64();
        // Two across, as wide as the inspector allows.
        let width = ((ui.available_width() - 12.0) / 2.0).clamp(80.0, PREVIEW_WIDTH as f32);
        egui::Grid::new("takes").num_columns(2).show(ui, |ui| {
            for (i, shown) in self.shown.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.strong(shown.take.label);
                    match &shown.frames {
                        Ok(frames) if !frames.is_empty() => {
                            // The middle frame; every frame in turn under the pointer.
                            let middle = frames.len() / 2;
                            let full = frames[middle].size_vec2();
                            let size = full * (width / full.x);
                            let (rect, response) =
                                ui.allocate_exact_size(size, egui::Sense::hover());
                            let index = if response.hovered() {
                                ui.ctx().request_repaint();
                                (now * self.fps) as usize % frames.len()
                            } else {
                                middle
                            };
                            ui.painter().image(
                                frames[index].id(),
                                rect,
                                egui::Rect::from_min_max(
                                    egui::pos2(0.0, 0.0),
                                    egui::pos2(1.0, 1.0),
                                ),
                                egui::Color32::WHITE,
                            );
                            response.on_hover_text("Playing this take");
                        }
                        Ok(_) => {
                            ui.label("(no frames)");
                        }
                        Err(reason) => {
                            ui.add(egui::Label::new(format!("Could not be made: {reason}")).wrap());
                        }
                    }
                    if shown.take.is_shown_by(settings) {
                        ui.label("Shown in the film");
                    } else if shown.frames.is_ok()
                        && ui
                            .button(format!("Use {}", shown.take.label))
                            .on_hover_text("Make this take the gap's (undoable)")
                            .clicked()
                    {
                        out.push(Command::Edit(Edit::SetGapSettings {
                            key,
                            settings: GapSettings {
                                mode: shown.take.settings.mode,
                                model: shown.take.settings.model.clone(),
                                ..settings.clone()
                            },
                        }));
                    }
                });
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    }
}

/// A frame shrunk to the preview's width.
fn small(frame: &image::RgbaImage) -> ColorImage {
    let height = (f64::from(frame.height()) * f64::from(PREVIEW_WIDTH) / f64::from(frame.width()))
        .round()
        .max(1.0) as u32;
    let shrunk = image::imageops::resize(
        frame,
        PREVIEW_WIDTH,
        height,
        image::imageops::FilterType::Triangle,
    );
    ColorImage::from_rgba_unmultiplied(
        [shrunk.width() as usize, shrunk.height() as usize],
        shrunk.as_raw(),
    )
}
