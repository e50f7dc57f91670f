//! The Inbetween engine: everything that is not GUI.
//!
//! Modules, bottom to top (see `ARCHITECTURE.md`): [`time`] (exact rates,
//! frames, ranges, timecode), [`project`] (the document and its file),
//! [`timeline`] (layout and editorial edits) and [`history`] (undo/redo).
//! The engine never depends on egui, eframe, winit or rfd; CI checks that.

pub mod audio;
pub mod boards;
pub mod cache;
pub mod export;
pub mod r#gen;
pub mod history;
pub mod interchange;
pub mod jobs;
pub mod media;
pub mod project;
pub mod render;
pub mod time;
pub mod timeline;
