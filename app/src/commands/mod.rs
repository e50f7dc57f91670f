//! The command-line commands other than opening the editor.

pub mod check;
pub mod fill;
pub mod frame;
pub mod interpolate;
mod job_progress;
mod png;
pub mod render;
mod time_arg;
