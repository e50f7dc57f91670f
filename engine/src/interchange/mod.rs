//! The cut handed to an editor: the project as an NLE timeline.
//!
//! - [`otio`]: OpenTimelineIO's JSON (`.otio`), as OTIO 0.18 writes it.
//! - [`edl`]: a CMX3600 EDL (`.edl`).
//!
//! A new format gets a file here that turns a [`crate::project::Project`]
//! into its text, and a line in the CLI's `export-timeline`.

pub mod edl;
pub mod otio;
