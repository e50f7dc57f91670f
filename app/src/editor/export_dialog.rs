//! The Export film dialog: where, what size, which frames; then the export
//! runs as a job with a progress bar, the time left, and Cancel; at the end
//! the file can be shown in its folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use eframe::egui::{self, Ui};
use inbetween_engine::export::{
    self, ExportError, ExportFormat, ExportReport, ExportRequest, Preset,
};
use inbetween_engine::jobs::{Job, JobEvent, Waker};
use inbetween_engine::media::VideoCodecSettings;
use inbetween_engine::project::Project;
use inbetween_engine::render::Compositor;
use inbetween_engine::time::{TimeRange, Timecode};

/// The frame size to export at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The project's resolution.
    Project,
    /// A standard size of the project's shape.
    Preset(Preset),
}

/// What the dialog asks the editor to do.
pub enum Ask {
    /// Show the save-file dialog.
    ChooseFile,
    /// Show a notice in the status bar.
    Notice(String, bool),
}

type ExportJob = Job<Result<ExportReport, ExportError>>;

/// The dialog's state.
pub struct ExportDialog {
    /// Shown?
    pub open: bool,
    /// The film file to write.
    pub path: String,
    /// The frame size.
    pub size: Size,
    /// MP4 or a folder of PNGs.
    pub format: ExportFormat,
    /// Only the frames between the in and out points.
    pub marked_only: bool,
    job: Option<(ExportJob, Instant)>,
    progress: (f32, String),
    /// The last export's result.
    pub result: Option<Result<ExportReport, String>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: String::new(),
            size: Size::Project,
            format: ExportFormat::Mp4,
            marked_only: false,
            job: None,
            progress: (0.0, String::new()),
            result: None,
        }
    }
}

impl ExportDialog {
    /// Opens the dialog, suggesting `<folder>/<name>.mp4` the first time.
    pub fn show_for(&mut self, folder: &Path, name: &str) {
        suggest_path(&mut self.path, folder, name, ".mp4");
        self.open = true;
    }

    /// True while exporting.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Starts the export of `project` with `compositor`.
    pub fn start(
        &mut self,
        project: &Project,
        compositor: Arc<Compositor>,
        marks: (Option<i64>, Option<i64>),
        waker: Waker,
    ) -> Result<(), String> {
        let resolution = project.settings.resolution;
        let (width, height) = match self.size {
            Size::Project => (resolution.width, resolution.height),
            Size::Preset(p) => p.frame_size(resolution),
        };
        let frames = if self.marked_only {
            let start = marks.0.unwrap_or(0);
            let end = marks.1.unwrap_or(project.duration_frames());
            (end > start).then(|| TimeRange::from_start_end(start, end))
        } else {
            None
        };
        if self.path.trim().is_empty() {
            return Err("choose where to write the film".into());
        }
        let request = ExportRequest {
            output: PathBuf::from(self.path.trim()),
            format: self.format,
            width,
            height,
            frames,
            codec: VideoCodecSettings::default(),
        };
        let project = project.clone();
        let job = Job::spawn("export", waker, move |ctx| {
            export::export(&project, &compositor, &request, ctx)
        })
        .map_err(|e| format!("cannot start the export ({e})"))?;
        self.job = Some((job, Instant::now()));
        self.progress = (0.0, "Starting".into());
        self.result = None;
        Ok(())
    }

    /// Reads the job's events (never blocks).
    pub fn poll(&mut self) -> Option<Ask> {
        let (job, _) = self.job.as_ref()?;
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
            Ok(report) => Ask::Notice(format!("Exported {}", report.output.display()), false),
            Err(ExportError::Cancelled) => Ask::Notice("Export cancelled".into(), false),
            Err(e) => Ask::Notice(format!("Export failed: {e}"), true),
        };
        self.result = Some(result.map_err(|e| e.to_string()));
        Some(ask)
    }

    /// Draws the dialog; what the editor must do for it comes back.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        marks: (Option<i64>, Option<i64>),
    ) -> (Vec<Ask>, bool) {
        let mut asks = Vec::new();
        let mut start = false;
        let running = self.is_running();
        let format_before = self.format;
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("export grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Output");
                    ui.horizontal(|ui| {
                        ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(300.0))
                            .labelled_by(label.id);
                        if ui.button("Choose…").clicked() {
                            asks.push(Ask::ChooseFile);
                        }
                    });
                    ui.end_row();
                    let label = ui.label("Format");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.format, ExportFormat::Mp4, "MP4 (H.264 + AAC)");
                        ui.radio_value(
                            &mut self.format,
                            ExportFormat::PngSequence,
                            "PNG frames (a folder)",
                        );
                        ui.radio_value(
                            &mut self.format,
                            ExportFormat::Wav,
                            "WAV (the sound alone)",
                        );
                    })
                    .response
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Size");
                    let resolution = project.settings.resolution;
                    let name = |size: Size| match size {
                        Size::Project => {
                            format!("{}×{} (the project's)", resolution.width, resolution.height)
                        }
                        Size::Preset(p) => {
                            let (w, h) = p.frame_size(resolution);
                            format!("{w}×{h}")
                        }
                    };
                    egui::ComboBox::from_id_salt("export size")
                        .selected_text(name(self.size))
                        .show_ui(ui, |ui| {
                            for size in sizes_offered(resolution) {
                                ui.selectable_value(&mut self.size, size, name(size));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Frames");
                    let rate = project.settings.frame_rate;
                    let has_marks = marks.0.is_some() || marks.1.is_some();
                    ui.vertical(|ui| {
                        ui.radio_value(&mut self.marked_only, false, "The whole film");
                        let start = marks.0.unwrap_or(0);
                        let end = marks.1.unwrap_or(project.duration_frames());
                        ui.add_enabled_ui(has_marks, |ui| {
                            ui.radio_value(
                                &mut self.marked_only,
                                true,
                                format!(
                                    "In to out ({} – {})",
                                    Timecode::from_frames(start, rate),
                                    Timecode::from_frames(end, rate)
                                ),
                            )
                            .on_disabled_hover_text(
                                "Mark in (I) and out (O) on the timeline first",
                            );
                        });
                    })
                    .response
                    .labelled_by(label.id);
                    ui.end_row();
                });
        });
        if self.format != format_before {
            // Keep the name's ending in step with the format.
            let path = PathBuf::from(self.path.trim());
            self.path = match self.format {
                ExportFormat::Mp4 => path.with_extension("mp4"),
                ExportFormat::Wav => path.with_extension("wav"),
                ExportFormat::PngSequence => path.with_extension(""),
            }
            .display()
            .to_string();
        }
        ui.add_space(8.0);
        if let Some((job, started)) = &self.job {
            let (done, stage) = &self.progress;
            let elapsed = started.elapsed().as_secs_f32();
            let left = if *done > 0.02 {
                format!(", about {:.0} s left", elapsed * (1.0 - done) / done)
            } else {
                String::new()
            };
            ui.add(
                egui::ProgressBar::new(*done).text(format!("{stage} {:.0}%{left}", done * 100.0)),
            );
            if ui.button("Cancel").clicked() {
                job.cancel();
            }
        } else {
            ui.horizontal(|ui| {
                if ui.button("Export").clicked() {
                    start = true;
                }
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
            match &self.result {
                Some(Ok(report)) => {
                    ui.label(format!(
                        "Wrote {} ({} frames, {:.1} s).",
                        report.output.display(),
                        report.frames,
                        report.seconds
                    ));
                    if ui.button("Show in folder").clicked()
                        && let Err(e) = show_in_folder(&report.output)
                    {
                        asks.push(Ask::Notice(e, true));
                    }
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {}
            }
        }
        (asks, start)
    }
}

/// Fills an empty output path with `<folder>/<name><suffix>`, the project's
/// name made usable as a file name; a path the user chose is kept.
pub(super) fn suggest_path(path: &mut String, folder: &Path, name: &str, suffix: &str) {
    if path.is_empty() {
        *path = folder
            .join(format!("{}{suffix}", file_stem(name)))
            .display()
            .to_string();
    }
}

/// A name usable as a file name.
fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        "film".into()
    } else {
        trimmed.to_owned()
    }
}

/// Opens the system's file browser on the folder holding `path`.
pub(super) fn show_in_folder(path: &Path) -> Result<(), String> {
    let folder = path.parent().unwrap_or(path);
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(folder)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open {} with {program} ({e})", folder.display()))
}

/// The sizes the dialog offers: the project's, then each preset that
/// gives a different frame size (a 720p project is not offered 720p twice).
fn sizes_offered(resolution: inbetween_engine::project::Resolution) -> Vec<Size> {
    let project = (resolution.width, resolution.height);
    let mut sizes = vec![Size::Project];
    let mut seen = vec![project];
    for preset in [Preset::P720, Preset::P1080] {
        let size = preset.frame_size(resolution);
        if !seen.contains(&size) {
            seen.push(size);
            sizes.push(Size::Preset(preset));
        }
    }
    sizes
}

#[cfg(test)]
mod size_tests {
    use super::*;
    use inbetween_engine::project::Resolution;

    #[test]
    fn no_frame_size_is_offered_twice() {
        let hd = Resolution {
            width: 1280,
            height: 720,
        };
        assert_eq!(
            sizes_offered(hd),
            [Size::Project, Size::Preset(Preset::P1080)]
        );
        let small = Resolution {
            width: 640,
            height: 360,
        };
        assert_eq!(sizes_offered(small).len(), 3);
    }
}
