//! The boards and the cut for editorial, from the File menu: Export boards…
//! (a PDF of the panels) and Export timeline… (OpenTimelineIO, FCPXML or an
//! EDL, with the titles and gaps as media files if asked). Each is a small
//! dialog whose work runs as a job, with progress and Cancel; the result
//! (and any warning) shows in the dialog and the status bar.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Ui};
use inbetween_engine::boards::{self, BoardsRequest, Grid, Orientation, Paper};
use inbetween_engine::interchange::TimelineFormat;
use inbetween_engine::interchange::with_media::with_media;
use inbetween_engine::jobs::{Job, JobEvent, Waker};
use inbetween_engine::project::{Project, atomic_write};
use inbetween_engine::render::Compositor;

use super::export_dialog::{Ask, show_in_folder, suggest_path};

/// What a finished job made.
#[derive(Debug, Clone)]
pub struct Done {
    /// The file written.
    pub output: PathBuf,
    /// One line about it ("3 pages, 9 panels").
    pub summary: String,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

type DeliverableJob = Job<Result<Done, String>>;

/// The running job of a dialog, its progress and its last result.
#[derive(Default)]
struct Running {
    job: Option<DeliverableJob>,
    progress: (f32, String),
    result: Option<Result<Done, String>>,
}

impl Running {
    fn start(
        &mut self,
        name: &str,
        waker: Waker,
        work: impl FnOnce(&dyn inbetween_engine::jobs::ProgressSink) -> Result<Done, String>
        + Send
        + 'static,
    ) -> Result<(), String> {
        let job = Job::spawn(name, waker, move |ctx| work(ctx))
            .map_err(|e| format!("cannot start ({e})"))?;
        self.job = Some(job);
        self.progress = (0.0, "Starting".into());
        self.result = None;
        Ok(())
    }

    /// Reads the job's events; the notice for the status bar when it ends.
    fn poll(&mut self, what: &str) -> Option<Ask> {
        let job = self.job.as_ref()?;
        let mut finished = None;
        while let Some(event) = job.try_recv() {
            match event {
                JobEvent::Progress(p) => self.progress = (p.fraction() as f32, p.stage),
                JobEvent::Finished(result) => finished = Some(result),
            }
        }
        let result = finished?;
        self.job = None;
        let ask = match &result {
            Ok(done) if done.warnings.is_empty() => {
                Ask::Notice(format!("Exported {}", done.output.display()), false)
            }
            Ok(done) => Ask::Notice(
                format!(
                    "Exported {} ({})",
                    done.output.display(),
                    done.warnings.join("; ")
                ),
                true,
            ),
            Err(e) if e == "cancelled" => Ask::Notice(format!("{what} cancelled"), false),
            Err(e) => Ask::Notice(format!("{what} failed: {e}"), true),
        };
        self.result = Some(result);
        Some(ask)
    }

    /// The progress bar and Cancel, or Export and Close with the last
    /// result; true when Export was pressed.
    fn footer(&mut self, ui: &mut Ui, open: &mut bool, asks: &mut Vec<Ask>) -> bool {
        ui.add_space(8.0);
        if let Some(job) = &self.job {
            let (done, stage) = &self.progress;
            ui.add(egui::ProgressBar::new(*done).text(format!("{stage} {:.0}%", done * 100.0)));
            if ui.button("Cancel").clicked() {
                job.cancel();
            }
            return false;
        }
        let mut start = false;
        ui.horizontal(|ui| {
            start = ui.button("Export").clicked();
            if ui.button("Close").clicked() {
                *open = false;
            }
        });
        match &self.result {
            Some(Ok(done)) => {
                ui.label(format!(
                    "Wrote {} ({}).",
                    done.output.display(),
                    done.summary
                ));
                for warning in &done.warnings {
                    ui.colored_label(ui.visuals().warn_fg_color, warning);
                }
                if ui.button("Show in folder").clicked()
                    && let Err(e) = show_in_folder(&done.output)
                {
                    asks.push(Ask::Notice(e, true));
                }
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
        start
    }
}

/// Export boards…: where, which layout, which paper.
pub struct BoardsDialog {
    /// Shown?
    pub open: bool,
    /// The PDF to write.
    pub path: String,
    /// Index into [`Grid::NAMED`].
    pub layout: usize,
    /// The paper.
    pub paper: Paper,
    /// Which way up.
    pub orientation: Orientation,
    /// Gaps as small panels between the cards.
    pub gaps: bool,
    running: Running,
}

impl Default for BoardsDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: String::new(),
            layout: 0,
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            gaps: false,
            running: Running::default(),
        }
    }
}

impl BoardsDialog {
    /// Opens the dialog, suggesting `<folder>/<name> boards.pdf` the first time.
    pub fn show_for(&mut self, folder: &Path, name: &str) {
        suggest_path(&mut self.path, folder, name, " boards.pdf");
        self.open = true;
    }

    /// True while the boards are being made.
    pub fn is_running(&self) -> bool {
        self.running.job.is_some()
    }

    /// The last result.
    #[cfg(test)]
    pub fn result(&self) -> Option<&Result<Done, String>> {
        self.running.result.as_ref()
    }

    /// Draws the dialog; what the editor must do for it, and whether to start.
    pub fn ui(&mut self, ui: &mut Ui) -> (Vec<Ask>, bool) {
        let mut asks = Vec::new();
        ui.add_enabled_ui(!self.is_running(), |ui| {
            egui::Grid::new("boards grid")
                .num_columns(2)
                .show(ui, |ui| {
                    output_row(ui, &mut self.path, &mut asks);
                    let label = ui.label("Layout");
                    egui::ComboBox::from_id_salt("boards layout")
                        .selected_text(layout_name(self.layout))
                        .show_ui(ui, |ui| {
                            for i in 0..Grid::NAMED.len() {
                                ui.selectable_value(&mut self.layout, i, layout_name(i));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Paper");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.paper, Paper::A4, "A4");
                        ui.radio_value(&mut self.paper, Paper::Letter, "Letter");
                        ui.separator();
                        ui.radio_value(&mut self.orientation, Orientation::Landscape, "Landscape");
                        ui.radio_value(&mut self.orientation, Orientation::Portrait, "Portrait");
                    })
                    .response
                    .labelled_by(label.id);
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(
                        &mut self.gaps,
                        "Gaps between the cards (their middle frame)",
                    );
                    ui.end_row();
                });
        });
        let start = self.running.footer(ui, &mut self.open, &mut asks);
        (asks, start)
    }

    /// Starts making the boards of `project`.
    pub fn start(
        &mut self,
        project: &Project,
        compositor: Arc<Compositor>,
        waker: Waker,
    ) -> Result<(), String> {
        let output = chosen_path(&self.path, "pdf")?;
        let request = BoardsRequest {
            grid: Grid::NAMED
                .get(self.layout)
                .map_or(Grid::NAMED[0].1, |(_, g)| *g),
            paper: self.paper,
            orientation: self.orientation,
            gaps: self.gaps,
            date: boards::today(),
        };
        let project = project.clone();
        self.running.start("boards", waker, move |progress| {
            let made = boards::boards(&project, &compositor, &request, progress)
                .map_err(|e| e.to_string())?;
            atomic_write(&output, &made.pdf)
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            Ok(Done {
                summary: format!("{} panels on {} pages", made.panels, made.pages),
                output,
                warnings: made.warnings,
            })
        })
    }

    /// Reads the job's events (never blocks).
    pub fn poll(&mut self) -> Option<Ask> {
        self.running.poll("Boards")
    }
}

/// Export timeline…: where, which format, with the media or not.
pub struct TimelineDialog {
    /// Shown?
    pub open: bool,
    /// The timeline file to write.
    pub path: String,
    /// Its format.
    pub format: TimelineFormat,
    /// Titles and gaps as media files beside it.
    pub with_media: bool,
    running: Running,
}

impl Default for TimelineDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: String::new(),
            format: TimelineFormat::Otio,
            with_media: false,
            running: Running::default(),
        }
    }
}

impl TimelineDialog {
    /// Opens the dialog, suggesting `<folder>/<name>.otio` the first time.
    pub fn show_for(&mut self, folder: &Path, name: &str) {
        let suffix = format!(".{}", self.format.extension());
        suggest_path(&mut self.path, folder, name, &suffix);
        self.open = true;
    }

    /// True while the timeline is being written.
    pub fn is_running(&self) -> bool {
        self.running.job.is_some()
    }

    /// The last result.
    #[cfg(test)]
    pub fn result(&self) -> Option<&Result<Done, String>> {
        self.running.result.as_ref()
    }

    /// Draws the dialog; what the editor must do for it, and whether to start.
    pub fn ui(&mut self, ui: &mut Ui) -> (Vec<Ask>, bool) {
        let mut asks = Vec::new();
        let before = self.format;
        ui.add_enabled_ui(!self.is_running(), |ui| {
            egui::Grid::new("timeline grid").num_columns(2).show(ui, |ui| {
                output_row(ui, &mut self.path, &mut asks);
                let label = ui.label("Format");
                ui.vertical(|ui| {
                    for format in TimelineFormat::ALL {
                        ui.radio_value(&mut self.format, format, format.label());
                    }
                })
                .response
                .labelled_by(label.id);
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut self.with_media,
                    "With media: the titles and gaps as files beside it, so the editor sees what the film shows",
                );
                ui.end_row();
            });
        });
        if self.format != before {
            self.path = PathBuf::from(self.path.trim())
                .with_extension(self.format.extension())
                .display()
                .to_string();
        }
        let start = self.running.footer(ui, &mut self.open, &mut asks);
        (asks, start)
    }

    /// Starts writing the timeline of `project` (its media in `folder`).
    pub fn start(
        &mut self,
        project: &Project,
        folder: &Path,
        compositor: Arc<Compositor>,
        waker: Waker,
    ) -> Result<(), String> {
        let output = chosen_path(&self.path, self.format.extension())?;
        let format = self.format;
        let media = self.with_media;
        let project = project.clone();
        let folder = folder.to_path_buf();
        self.running.start("timeline", waker, move |progress| {
            let mut project = project;
            let mut warnings = Vec::new();
            let mut summary = format.label().to_owned();
            if media {
                let dir = TimelineFormat::media_dir(&output);
                let made =
                    with_media(&project, &compositor, &dir, progress).map_err(|e| e.to_string())?;
                if !made.drafts.is_empty() {
                    warnings.push(format!(
                        "gaps {} are not generated yet: their files are the draft",
                        made.drafts.join(", ")
                    ));
                }
                summary = format!(
                    "{summary}, {} media files in {}",
                    made.files.len(),
                    dir.display()
                );
                project = made.project;
            }
            let (text, left_out) = format.write(&project, &folder);
            warnings.extend(left_out);
            atomic_write(&output, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            Ok(Done {
                output,
                summary,
                warnings,
            })
        })
    }

    /// Reads the job's events (never blocks).
    pub fn poll(&mut self) -> Option<Ask> {
        self.running.poll("Timeline export")
    }
}

fn output_row(ui: &mut Ui, path: &mut String, asks: &mut Vec<Ask>) {
    let label = ui.label("Output");
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(path).desired_width(300.0))
            .labelled_by(label.id);
        if ui.button("Choose…").clicked() {
            asks.push(Ask::ChooseFile);
        }
    });
    ui.end_row();
}

fn layout_name(index: usize) -> String {
    let (name, grid) = Grid::NAMED.get(index).copied().unwrap_or(Grid::NAMED[0]);
    format!("{name}: {} across, {} down", grid.columns, grid.rows)
}

/// The path typed in, which must end in `.extension`.
fn chosen_path(text: &str, extension: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text.trim());
    if text.trim().is_empty() {
        return Err("choose where to write it".into());
    }
    let ends = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if ends {
        Ok(path)
    } else {
        Err(format!(
            "{}: the name must end in .{extension}",
            path.display()
        ))
    }
}
