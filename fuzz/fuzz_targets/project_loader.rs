//! The project loader on any bytes: parse, upgrade, typed parse and the
//! document's rules. It must answer (a project or an error), never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let file = Path::new("/fuzz/project.json");
        if let Ok(loaded) = inbetween_engine::project::from_text(text, file, Path::new("/fuzz")) {
            // What loads must also save and load back the same.
            let again = inbetween_engine::project::to_json(&loaded.project).unwrap();
            let back = inbetween_engine::project::from_text(&again, file, Path::new("/fuzz"));
            assert_eq!(back.map(|b| b.project).ok(), Some(loaded.project));
        }
    }
});
