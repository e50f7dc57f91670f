//! The media library: the files in the project's `media/` folder, which
//! cards use them, and what is missing. Drag a file onto the timeline (or
//! press "Add") to make a card of it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui::{self, Ui};
use inbetween_engine::project::{MEDIA_FOLDER_NAME, Project};

use super::command::Command;
use super::import::MediaKind;

/// How often the folder is listed again (files copied in from outside).
const RESCAN: Duration = Duration::from_secs(3);

/// A media file being dragged from the library.
#[derive(Debug, Clone, PartialEq)]
pub struct DraggedMedia(pub PathBuf);

/// What the library shows, listed now and then.
#[derive(Default)]
pub struct Library {
    files: Vec<PathBuf>,
    listed: Option<Instant>,
}

impl Library {
    /// Lists the project's media folder again soon.
    pub fn refresh(&mut self) {
        self.listed = None;
    }

    fn list(&mut self, folder: &Path) {
        if self.listed.is_some_and(|at| at.elapsed() < RESCAN) {
            return;
        }
        self.listed = Some(Instant::now());
        let media = folder.join(MEDIA_FOLDER_NAME);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&media)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        self.files = files;
    }

    /// Draws the library.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        folder: &Path,
        playhead: i64,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        self.list(folder);
        ui.horizontal(|ui| {
            ui.heading("Media");
            if ui.button("Import…").clicked() {
                out.push(Command::ImportMedia);
            }
        });
        let missing = project.missing_media(folder);
        for (user, media) in &missing {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Missing: {} ({user})", media.as_str()),
            );
        }
        if self.files.is_empty() {
            ui.label("No media yet. Import pictures and clips, or drop them on the timeline.");
        }
        let uses = project.media_uses();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for file in &self.files {
                let name = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_owned();
                let relative = format!("{MEDIA_FOLDER_NAME}/{name}");
                let used = uses.iter().filter(|(_, m)| m.as_str() == relative).count();
                let kind = MediaKind::by_name(file);
                ui.horizontal(|ui| {
                    let id = egui::Id::unique(("library", &name));
                    ui.dnd_drag_source(id, DraggedMedia(file.clone()), |ui| {
                        ui.label(&name);
                    })
                    .response
                    .on_hover_text(format!(
                        "{}; {}. Drag it onto the timeline to make a card.",
                        kind.label(),
                        match used {
                            0 => "not used yet".to_owned(),
                            1 => "used by 1 card".to_owned(),
                            n => format!("used by {n} cards"),
                        }
                    ));
                    if kind != MediaKind::Other
                        && ui
                            .small_button("Add")
                            .on_hover_text("Add a card of it at the playhead")
                            .clicked()
                    {
                        out.push(Command::Import(vec![file.clone()], playhead));
                    }
                });
            }
        });
        out
    }
}
