//! The editor window.
//!
//! For now the window opens a project and shows what `inbetween check`
//! reports about it (or why it could not be opened). The timeline, preview
//! and inspector come with the editor issue.

use std::path::Path;

use eframe::egui;
use inbetween_engine::project::{self, LoadedProject};

use crate::commands::check;

/// Opens the editor window on `project` (or on nothing) and runs until it closes.
pub fn run(project: Option<&Path>) -> anyhow::Result<()> {
    let app = EditorApp::open(project);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.window_title())
            .with_inner_size([1100.0, 700.0])
            .with_min_inner_size([480.0, 320.0]),
        ..Default::default()
    };
    eframe::run_native("Inbetween", options, Box::new(move |_cc| Ok(Box::new(app))))
        .map_err(|e| anyhow::anyhow!("cannot open the editor window ({e})"))
}

/// The editor's state: the open document, or why there is none.
pub struct EditorApp {
    document: Option<LoadedProject>,
    /// Why the project given on the command line could not be opened.
    open_error: Option<String>,
}

impl EditorApp {
    /// The editor on the project at `path`, or empty. A project that fails to
    /// load leaves the editor open and empty, showing why.
    pub fn open(path: Option<&Path>) -> Self {
        match path.map(project::load) {
            None => Self {
                document: None,
                open_error: None,
            },
            Some(Ok(loaded)) => Self {
                document: Some(loaded),
                open_error: None,
            },
            Some(Err(e)) => Self {
                document: None,
                open_error: Some(e.to_string()),
            },
        }
    }

    /// "Inbetween — The Big Rabbit Wakes".
    pub fn window_title(&self) -> String {
        match &self.document {
            Some(doc) => format!("Inbetween — {}", doc.project.settings.name),
            None => "Inbetween".to_owned(),
        }
    }

    fn document_ui(ui: &mut egui::Ui, doc: &LoadedProject) {
        ui.heading(&doc.project.settings.name);
        ui.add_space(8.0);
        let report = check::report(doc);
        egui::ScrollArea::both().show(ui, |ui| {
            ui.label(egui::RichText::new(report.text).monospace());
        });
    }

    fn error_ui(ui: &mut egui::Ui, error: &str) {
        ui.heading("The project could not be opened");
        ui.add_space(8.0);
        ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
    }
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(error) = &self.open_error {
                Self::error_ui(ui, error);
            } else if let Some(doc) = &self.document {
                Self::document_ui(ui, doc);
            } else {
                ui.heading("No project is open");
                ui.label("Start Inbetween with a project folder: inbetween projects/demo");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn demo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects/demo")
    }

    fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
        let mut harness = Harness::builder()
            .with_size(egui::vec2(900.0, 600.0))
            .build_eframe(|_cc| app);
        harness.run();
        harness
    }

    #[test]
    fn the_window_shows_the_open_project() {
        let app = EditorApp::open(Some(&demo()));
        assert_eq!(app.window_title(), "Inbetween — The Big Rabbit Wakes");
        let harness = harness(app);
        harness.get_by_label("The Big Rabbit Wakes");
        harness.get_by_label_contains("5 cards, 4 gaps");
    }

    #[test]
    fn a_broken_project_opens_an_empty_editor_that_says_why() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("project.json"), "{ \"schema_version\": 1,").unwrap();
        let app = EditorApp::open(Some(dir.path()));
        assert_eq!(app.window_title(), "Inbetween");
        let harness = harness(app);
        harness.get_by_label("The project could not be opened");
        harness.get_by_label_contains("not valid JSON at line 1");
    }

    #[test]
    fn no_project_says_how_to_open_one() {
        let harness = harness(EditorApp::open(None));
        harness.get_by_label("No project is open");
    }
}
