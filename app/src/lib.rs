//! Inbetween's application: the editor window and the command line, as a
//! library so that benchmarks can drive the editor; `main.rs` is the binary.
#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod editor;
