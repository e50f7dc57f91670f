//! Writing a PNG the way the project writes its files: encoded in memory,
//! then replaced atomically, so a failure never leaves a broken image.

use std::io::Cursor;
use std::path::Path;

use anyhow::Context;
use image::RgbaImage;
use inbetween_engine::project::atomic_write;

/// Writes `image` to `output` as a PNG, atomically.
pub fn write_png(image: &RgbaImage, output: &Path) -> anyhow::Result<()> {
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .context("cannot encode the PNG")?;
    atomic_write(output, bytes.get_ref())
        .with_context(|| format!("cannot write the frame: {}", output.display()))
}
