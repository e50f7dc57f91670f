//! Still images (PNG, JPEG, WebP) through the `image` crate.

use std::io::BufReader;
use std::path::Path;

use image::metadata::Orientation;
use image::{
    DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage, RgbaImage,
};

use super::MediaError;

/// The longest side of a picture Inbetween decodes (a still or a video's
/// frame): 16384, so a 16384×16384 still (1 GiB as RGBA) is the largest.
/// The size is read from the file's header and checked before decoding.
pub const PICTURE_MAX_SIDE: u32 = 16384;

/// The most the image decoder may allocate for one picture: a 16384²
/// RGBA picture and a little.
const DECODE_MAX_BYTES: u64 = 1100 << 20;

/// Refuses a picture of `width`×`height` from `path` when it is empty or
/// larger than [`PICTURE_MAX_SIDE`].
pub fn check_picture_size(path: &Path, width: u32, height: u32) -> Result<(), MediaError> {
    if width == 0 || height == 0 || width > PICTURE_MAX_SIDE || height > PICTURE_MAX_SIDE {
        return Err(MediaError::TooLarge {
            path: path.to_path_buf(),
            width,
            height,
        });
    }
    Ok(())
}

/// Why the still at `path` would be refused, from its header alone (its
/// size beyond the budget, or a header that cannot be read); None when it
/// can be loaded, or is not there (that is "missing", said elsewhere).
pub fn picture_problem(path: &Path) -> Option<MediaError> {
    if !path.is_file() {
        return None;
    }
    match header_size(path) {
        Ok((width, height)) => check_picture_size(path, width, height).err(),
        Err(message) => Some(MediaError::Open {
            path: path.to_path_buf(),
            message,
        }),
    }
}

/// The size a still's header declares (as stored, before its EXIF
/// orientation), or why it cannot be read.
fn header_size(path: &Path) -> Result<(u32, u32), String> {
    ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| e.to_string())
        .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
}

/// The size a still's header declares, reading nothing else; None when it
/// cannot be read.
pub fn picture_size(path: &Path) -> Option<(u32, u32)> {
    header_size(path).ok()
}

/// Loads an image as RGBA, turned upright by its EXIF orientation.
pub fn load_image(path: &Path) -> Result<RgbaImage, MediaError> {
    Ok(load_picture(path)?.into_rgba8())
}

/// Loads an image as it is stored (RGB stays RGB: a quarter smaller than
/// RGBA while it is scaled), upright, within the picture budget.
pub fn load_picture(path: &Path) -> Result<DynamicImage, MediaError> {
    load_picture_for(path, |size| size)
}

/// As [`load_picture`], for a picture that will be shown at `shown(size)`
/// (given its upright size): a JPEG is decoded straight to the smallest of
/// ½, ¼ or ⅛ of its size that is still at least that (DCT scaling), so a
/// large photograph shown small never holds its full size. Other formats,
/// and JPEGs the scaling decoder cannot read, are decoded whole.
pub fn load_picture_for(
    path: &Path,
    shown: impl FnOnce((u32, u32)) -> (u32, u32),
) -> Result<DynamicImage, MediaError> {
    if !path.is_file() {
        return Err(MediaError::Missing {
            path: path.to_path_buf(),
        });
    }
    let open_error = |message: String| MediaError::Open {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| open_error(e.to_string()))?;
    let format = reader.format();
    // The sides are checked below, with a message naming them; the
    // decoder's own limit bounds what it allocates besides.
    let mut limits = Limits::default();
    limits.max_alloc = Some(DECODE_MAX_BYTES);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| open_error(e.to_string()))?;
    // The header's size, before a byte of the picture is decoded.
    let (width, height) = decoder.dimensions();
    check_picture_size(path, width, height)?;
    let orientation = decoder
        .orientation()
        .map_err(|e| open_error(e.to_string()))?;
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let upright = if turned {
        (height, width)
    } else {
        (width, height)
    };
    let (shown_w, shown_h) = shown(upright);
    let wanted = if turned {
        (shown_h, shown_w)
    } else {
        (shown_w, shown_h)
    };
    let scaled = (format == Some(ImageFormat::Jpeg)
        && u64::from(wanted.0) * 2 <= u64::from(width)
        && u64::from(wanted.1) * 2 <= u64::from(height))
    .then(|| decode_jpeg_scaled(path, wanted))
    .flatten();
    let mut image = match scaled {
        Some(image) => image,
        None => DynamicImage::from_decoder(decoder).map_err(|e| open_error(e.to_string()))?,
    };
    image.apply_orientation(orientation);
    Ok(image)
}

/// The JPEG at `path` decoded at the smallest DCT scale giving at least
/// `wanted` (stored orientation); None where that decoder cannot (a format
/// it does not scale, CMYK, damaged data), and the whole decode is used.
fn decode_jpeg_scaled(path: &Path, wanted: (u32, u32)) -> Option<DynamicImage> {
    let file = std::fs::File::open(path).ok()?;
    let mut decoder = jpeg_decoder::Decoder::new(BufReader::new(file));
    decoder.set_max_decoding_buffer_size(DECODE_MAX_BYTES as usize);
    decoder.read_info().ok()?;
    let side = |v: u32| u16::try_from(v.max(1)).unwrap_or(u16::MAX);
    let (w, h) = decoder.scale(side(wanted.0), side(wanted.1)).ok()?;
    let format = decoder.info()?.pixel_format;
    // A decoder of a second crate on a hostile file: should it panic, the
    // picture is decoded the ordinary way instead.
    let pixels = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decoder.decode()))
        .ok()?
        .ok()?;
    let (w, h) = (u32::from(w), u32::from(h));
    match format {
        jpeg_decoder::PixelFormat::RGB24 => RgbImage::from_raw(w, h, pixels).map(Into::into),
        jpeg_decoder::PixelFormat::L8 => GrayImage::from_raw(w, h, pixels).map(Into::into),
        jpeg_decoder::PixelFormat::L16 | jpeg_decoder::PixelFormat::CMYK32 => None,
    }
}
