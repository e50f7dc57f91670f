//! The media library: the files in the project's `media/` folder, which
//! cards use them, and what is missing. Drag a file onto the timeline (or
//! press "Add") to make a card of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui::{self, Ui};
use inbetween_engine::jobs::{Job, JobEvent, Waker};
use inbetween_engine::project::{MEDIA_FOLDER_NAME, Project};

use super::command::Command;
use super::import::MediaKind;

/// How often the folder is listed again (files copied in from outside).
const RESCAN: Duration = Duration::from_secs(3);
/// How soon after an edit the document's media is checked again.
const RELIST_AFTER_EDIT: Duration = Duration::from_millis(500);

/// A media file being dragged from the library.
#[derive(Debug, Clone, PartialEq)]
pub struct DraggedMedia(pub PathBuf);

/// What one look at the folder found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// The files in `media/`, sorted.
    pub files: Vec<PathBuf>,
    /// The media the document names that is not there: (who uses it, path).
    pub missing: Vec<(String, String)>,
    /// The stills that are there but are refused (too large, unreadable):
    /// (path, why).
    pub refused: Vec<(String, String)>,
}

/// The library of one project folder. The folder is listed, and the
/// document's media checked, on a worker: when the document changes and
/// every few seconds, never while drawing.
pub struct Library {
    folder: PathBuf,
    listing: Listing,
    /// The listing under way, and the document version it checks.
    running: Option<(u64, Job<Listing>)>,
    /// When the last listing started, and for which document version.
    listed: Option<(Instant, u64)>,
}

impl Library {
    /// The library of the project in `folder` (nothing listed yet).
    pub fn for_folder(folder: &Path) -> Self {
        Self {
            folder: folder.to_path_buf(),
            listing: Listing::default(),
            running: None,
            listed: None,
        }
    }

    /// True when the last listing found `media` (a path relative to the
    /// project) missing.
    pub fn is_missing(&self, media: &str) -> bool {
        self.listing.missing.iter().any(|(_, m)| m == media)
    }

    /// Why the last listing found the still `media` refused, if it did.
    pub fn refused(&self, media: &str) -> Option<&str> {
        self.listing
            .refused
            .iter()
            .find(|(m, _)| m == media)
            .map(|(_, why)| why.as_str())
    }

    /// Lists the project's media folder again soon.
    pub fn refresh(&mut self) {
        self.listed = None;
    }

    /// Picks up a finished listing; starts one when the document (at
    /// `version`) changed or the last is a few seconds old.
    pub fn poll(&mut self, project: &Project, version: u64, waker: &Waker) {
        if let Some((_, job)) = &self.running {
            while let Some(event) = job.try_recv() {
                if let JobEvent::Finished(listing) = event {
                    self.listing = listing;
                    self.running = None;
                    break;
                }
            }
        }
        // A changed document is looked at again soon, not on every step of
        // a drag; imports and relinks ask at once (`refresh`).
        let due = self.listed.is_none_or(|(at, seen)| {
            at.elapsed() >= RESCAN || (seen != version && at.elapsed() >= RELIST_AFTER_EDIT)
        });
        if self.running.is_some() || !due {
            return;
        }
        self.listed = Some((Instant::now(), version));
        let (folder, project) = (self.folder.clone(), project.clone());
        if let Ok(job) = Job::spawn("list media", Arc::clone(waker), move |_| {
            list(&folder, &project)
        }) {
            self.running = Some((version, job));
        }
    }

    /// Draws the library.
    pub fn ui(&self, ui: &mut Ui, project: &Project, playhead: i64) -> Vec<Command> {
        let mut out = Vec::new();
        ui.horizontal(|ui| {
            ui.heading("Media");
            if ui.button("Import…").clicked() {
                out.push(Command::ImportMedia);
            }
        });
        for (user, media) in &self.listing.missing {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Missing: {media} ({user})"),
            );
        }
        if self.listing.files.is_empty() {
            ui.label("No media yet. Import pictures and clips, or drop them on the timeline.");
        }
        let uses = project.media_uses();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for file in &self.listing.files {
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

/// Lists `folder/media/` and the media `project` names that is missing.
fn list(folder: &Path, project: &Project) -> Listing {
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
    let missing = project
        .missing_media(folder)
        .into_iter()
        .map(|(user, media)| (user, media.as_str().to_owned()))
        .collect();
    // Stills read from their headers only: a picture too large to decode
    // shows as refused, with why, before anything tries to draw it.
    let mut refused: Vec<(String, String)> = project
        .cards
        .iter()
        .filter_map(|c| match &c.content {
            inbetween_engine::project::CardContent::Image { media } => Some(media),
            _ => None,
        })
        .filter_map(|media| {
            inbetween_engine::media::picture_problem(&media.resolve(folder))
                .map(|e| (media.as_str().to_owned(), e.to_string()))
        })
        .collect();
    refused.dedup();
    Listing {
        files,
        missing,
        refused,
    }
}
