//! The command line: `inbetween [PROJECT]` and its subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Inbetween: a storyboard editor that fills the gaps between story cards
/// with frames generated on this computer.
#[derive(Debug, Parser)]
#[command(
    name = "inbetween",
    version,
    about = "Inbetween: a storyboard editor that fills the gaps between story cards on the device",
    long_about = "Inbetween: a storyboard editor that fills the gaps between story cards on the device.\n\n\
        Run with no command to open the editor, optionally on a project folder.\n\
        A project is a folder with project.json and media/.",
    after_help = "Examples:\n  \
        inbetween                       open the editor\n  \
        inbetween projects/demo         open the editor on the demo project\n  \
        inbetween check projects/demo   validate a project and print its summary\n\n\
        Exit status: 0 success, 1 the project or command failed, 2 bad arguments.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The project folder (or its project.json) to open in the editor.
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,

    /// What to do instead of opening the editor.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a project and print a summary: cards, gaps, duration, missing media.
    ///
    /// Exits with status 1 and a message naming the file and the problem when
    /// the project cannot be opened (invalid JSON, a schema from a newer
    /// Inbetween, overlapping cards, duplicate ids, negative durations, …).
    /// Missing media files are listed as warnings; the project still opens.
    Check {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// Also fail (status 1) on warnings and missing media.
        #[arg(long)]
        strict: bool,
    },
    /// Open the editor (the same as giving no command).
    Open {
        /// The project folder (or its project.json) to open.
        #[arg(value_name = "PROJECT")]
        project: Option<PathBuf>,
    },
}
