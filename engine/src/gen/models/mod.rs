//! The gap models, one folder each (as candle lays out its models). Each
//! implements [`super::GapModel`] and has a line in the catalogue
//! ([`super::CATALOGUE`]); what several share (pixels, warps, framing, scene
//! detection) lives beside this folder in `gen/`.
//!
//! - [`auto`]: the default mode's; looks at the two sides and holds, cuts,
//!   moves the camera or measures motion, saying why.
//! - [`motion`]: measured optical flow, frames at any t.
//! - [`ifnet`]: RIFE 4.x's network, from weights the user supplies.
//! - [`fused`]: motion and IFNet both, each pixel from the one that
//!   doubts it less.
//! - [`dissolve`] (and the fades through black or white), [`camera`] (a
//!   move between two framings of one picture) and [`hold`] (hold and
//!   cut): the designed transitions.

pub mod auto;
pub mod camera;
pub mod dissolve;
pub mod fused;
pub mod hold;
pub mod ifnet;
pub mod motion;
