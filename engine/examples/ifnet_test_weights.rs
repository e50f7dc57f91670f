//! Writes seeded random IFNet weights in RIFE 4.x's layout, for trying the
//! `ifnet` model without a trained checkpoint (its frames are not good
//! interpolations: the weights are random).
//!
//!     cargo run -p inbetween-engine --example ifnet_test_weights -- W.safetensors [WIDTH...]
//!
//! Without widths the blocks are 16, 12, 8 and 8 wide (the tests' size);
//! `192 128 96 64` gives RIFE 4.x's full width.

#![allow(clippy::print_stdout, missing_docs)]

use std::path::PathBuf;
use std::process::ExitCode;

use inbetween_engine::r#gen::ifnet::{NetLayout, Weights, random_weights};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: ifnet_test_weights OUTPUT.safetensors [WIDTH...]");
        return ExitCode::from(2);
    };
    let widths: Result<Vec<usize>, _> = args.map(|w| w.parse::<usize>()).collect();
    let widths = match widths {
        Ok(w) if w.is_empty() => vec![16, 12, 8, 8],
        Ok(w) if w.iter().all(|w| *w >= 2 && w % 2 == 0) => w,
        _ => {
            eprintln!("the widths must be even numbers, at least 2");
            return ExitCode::from(2);
        }
    };
    let layout = NetLayout {
        widths,
        prelu: true,
        generation: inbetween_engine::r#gen::ifnet::Generation::Rife4,
    };
    let saved = random_weights(&layout, 1).and_then(|w| Weights::save(&w, &path));
    match saved {
        Ok(()) => {
            println!(
                "Wrote {} ({} weights, widths {:?})",
                path.display(),
                layout.parameters(),
                layout.widths
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
