//! The command-line commands other than opening the editor.

pub mod check;
pub mod frame;
pub mod interpolate;
pub mod render;
mod time_arg;
