//! The OpenTimelineIO reader on any bytes: a timeline or an error naming
//! the item, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = inbetween_engine::interchange::otio_read::read_otio(text, Path::new("/fuzz/cut.otio"));
    }
});
