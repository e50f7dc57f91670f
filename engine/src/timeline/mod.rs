//! The story track as a film: layout (what is at frame t) and the editorial
//! edits that change it.
//!
//! Every edit is an [`Edit`] value applied in one place, [`Edit::apply`],
//! which either changes the project and keeps its rules (cards in order, no
//! overlaps, every card at least one frame long, nothing before frame 0) or
//! returns an [`EditError`] and leaves the project exactly as it was.

mod edit;
mod edit_error;
mod insert;
mod layout;
mod move_card;
mod remove;
mod reorder;
mod set;
mod sound;
mod split;
mod track;
mod trim;

pub use edit::Edit;
pub use edit_error::EditError;
pub use layout::{At, Gap, Layout};
pub use track::Ripple;
