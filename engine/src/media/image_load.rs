//! Still images (PNG, JPEG, WebP) through the `image` crate.

use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbaImage};

use super::MediaError;

/// Loads an image as RGBA, turned upright by its EXIF orientation.
pub fn load_image(path: &Path) -> Result<RgbaImage, MediaError> {
    if !path.is_file() {
        return Err(MediaError::Missing {
            path: path.to_path_buf(),
        });
    }
    let open_error = |message: String| MediaError::Open {
        path: path.to_path_buf(),
        message,
    };
    let reader = ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| open_error(e.to_string()))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| open_error(e.to_string()))?;
    let orientation = decoder
        .orientation()
        .map_err(|e| open_error(e.to_string()))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| open_error(e.to_string()))?;
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}
