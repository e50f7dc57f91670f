//! The system's file dialogs (rfd), run on their own thread so the window
//! keeps drawing while one is open; the answer is picked up on a later frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};
use std::thread::JoinHandle;

use super::import::{CLIPS, SOUNDS, STILLS};

/// The filters of the Import Media dialog: everything it can import first,
/// then each kind alone.
pub fn import_filters() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "All supported media",
            [&STILLS[..], &CLIPS[..], &SOUNDS[..]].concat(),
        ),
        ("Pictures", STILLS.to_vec()),
        ("Clips", CLIPS.to_vec()),
        ("Sound", SOUNDS.to_vec()),
    ]
}

/// What a file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open a project folder.
    Open,
    /// Choose a folder for a new project.
    New,
    /// Choose a folder to save the project into.
    SaveAs,
    /// Choose media files to make cards of.
    Import,
    /// Choose the film file to export to.
    ExportTo,
    /// Choose the PDF the boards go to.
    BoardsTo,
    /// Choose the timeline file to export to.
    TimelineTo,
    /// Choose an OpenTimelineIO file to make a project of.
    ImportTimeline,
    /// Choose the (new or empty) folder that project goes in.
    ImportTimelineInto,
    /// Choose a picture or clip to show in this card instead.
    Replace(inbetween_engine::project::CardId),
    /// Choose the IFNet weights file.
    Weights,
}

/// The dialog that is open, if any, and its thread.
#[derive(Default)]
pub struct FileDialogs {
    pending: Option<(Purpose, Receiver<Vec<PathBuf>>)>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for FileDialogs {
    /// Joins the dialog's thread once it has answered. One still waiting
    /// for the user (the window closing under an open dialog) is left to
    /// end with the process: joining it would hold the window open.
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take()
            && thread.is_finished()
        {
            let _ = thread.join();
        }
    }
}

impl FileDialogs {
    /// Opens the dialog for `purpose`, starting in `folder`; `suggested` is
    /// the file name offered when saving. `waker` is called when it closes.
    pub fn ask(
        &mut self,
        purpose: Purpose,
        folder: Option<PathBuf>,
        suggested: Option<String>,
        waker: impl Fn() + Send + 'static,
    ) {
        if self.pending.is_some() {
            return;
        }
        // One answer per dialog.
        let (send, receive) = sync_channel(1);
        if let Some(done) = self.thread.take() {
            let _ = done.join();
        }
        let spawned = std::thread::Builder::new()
            .name("file dialog".into())
            .spawn(move || {
                let pictures_and_clips = [&STILLS[..], &CLIPS[..]].concat();
                let mut dialog = rfd::FileDialog::new();
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                let chosen: Vec<PathBuf> = match purpose {
                    Purpose::Open => dialog
                        .set_title("Open a project folder")
                        .pick_folder()
                        .into_iter()
                        .collect(),
                    Purpose::New => dialog
                        .set_title("Choose an empty folder for the new project")
                        .pick_folder()
                        .into_iter()
                        .collect(),
                    Purpose::SaveAs => dialog
                        .set_title("Save the project into a folder")
                        .pick_folder()
                        .into_iter()
                        .collect(),
                    Purpose::Replace(_) => dialog
                        .set_title("Replace the card's media")
                        .add_filter("Pictures and clips", &pictures_and_clips)
                        .pick_file()
                        .into_iter()
                        .collect(),
                    Purpose::Import => import_filters()
                        .iter()
                        .fold(dialog.set_title("Import media"), |d, (name, kinds)| {
                            d.add_filter(*name, kinds)
                        })
                        .pick_files()
                        .unwrap_or_default(),
                    Purpose::Weights => dialog
                        .set_title("Choose IFNet weights")
                        .add_filter("RIFE weights", &["pkl", "pth", "pt", "safetensors"])
                        .pick_file()
                        .into_iter()
                        .collect(),
                    Purpose::BoardsTo => dialog
                        .set_title("Export the boards")
                        .add_filter("PDF", &["pdf"])
                        .set_file_name("boards.pdf")
                        .save_file()
                        .into_iter()
                        .collect(),
                    Purpose::TimelineTo => dialog
                        .set_title("Export the timeline")
                        .add_filter("OpenTimelineIO", &["otio"])
                        .add_filter("Final Cut Pro XML (DaVinci Resolve)", &["fcpxml"])
                        .add_filter("CMX3600 EDL", &["edl"])
                        .set_file_name("cut.otio")
                        .save_file()
                        .into_iter()
                        .collect(),
                    Purpose::ImportTimeline => dialog
                        .set_title("Import a timeline")
                        .add_filter("OpenTimelineIO", &["otio"])
                        .pick_file()
                        .into_iter()
                        .collect(),
                    Purpose::ImportTimelineInto => dialog
                        .set_title("Choose a new or empty folder for the imported project")
                        .pick_folder()
                        .into_iter()
                        .collect(),
                    Purpose::ExportTo => dialog
                        .set_title("Export the film")
                        .add_filter("MP4 film", &["mp4"])
                        .set_file_name(suggested.unwrap_or_else(|| "film.mp4".into()))
                        .save_file()
                        .into_iter()
                        .collect(),
                };
                let _ = send.send(chosen);
                waker();
            });
        if let Ok(thread) = spawned {
            self.pending = Some((purpose, receive));
            self.thread = Some(thread);
        }
    }

    /// The answer, once the dialog has closed: what was chosen (empty when
    /// it was cancelled or no dialog could be shown).
    pub fn poll(&mut self) -> Option<(Purpose, Vec<PathBuf>)> {
        let (purpose, receive) = self.pending.as_ref()?;
        let purpose = *purpose;
        match receive.try_recv() {
            Ok(chosen) => {
                self.pending = None;
                Some((purpose, chosen))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                Some((purpose, Vec::new()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_dialog_shows_every_kind_of_media_at_first() {
        let filters = import_filters();
        let (name, all) = &filters[0];
        assert_eq!(*name, "All supported media");
        for ext in ["png", "jpg", "mp4", "mov", "wav", "ogg", "mp3"] {
            assert!(all.contains(&ext), "{ext} is in the first filter");
        }
        let names: Vec<_> = filters.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["All supported media", "Pictures", "Clips", "Sound"]);
    }
}
