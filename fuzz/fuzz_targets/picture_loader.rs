//! A still on any bytes, as the compositor reads it: its header checked
//! against the budget, then decoded whole and shown small (a JPEG through
//! the scaled decoder): a picture or an error naming the file, never a
//! panic or an abort.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One file per fuzzing process, written again for each input.
fn scratch() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| std::env::temp_dir().join(format!("inbetween-fuzz-{}.pic", std::process::id())))
}

/// Pictures past this many pixels are only checked, not decoded: what the
/// budget allows (16384²) takes seconds and a gigabyte, which the hostile
/// input tests cover; the fuzzer looks for what breaks, quickly.
const DECODE_MAX_PIXELS: u64 = 4 << 20;

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    use inbetween_engine::media;
    if media::picture_problem(path).is_some() {
        return;
    }
    let size = image::ImageReader::new(std::io::Cursor::new(data))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    let Some((w, h)) = size else { return };
    if u64::from(w) * u64::from(h) > DECODE_MAX_PIXELS {
        return;
    }
    // Shown at an eighth (the scaled decoder for a JPEG), then whole.
    let _ = media::load_picture_for(path, |(w, h)| (w / 8, h / 8));
    let _ = media::load_picture(path);
});
