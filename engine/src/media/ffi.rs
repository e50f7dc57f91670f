//! The one place in Inbetween that calls C directly.
//!
//! ffmpeg-next has no safe setter for swscale's colour-space tables, and
//! swscale's default is BT.601: without this, HD video would decode and encode
//! with shifted colours. Everything else goes through ffmpeg-next's safe API.
#![allow(unsafe_code)]

use ffmpeg_next::ffi;
use ffmpeg_next::software::scaling;

/// Which YUV matrix a video uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YuvMatrix {
    /// HD and newer (BT.709).
    Bt709,
    /// SD (BT.601 / SMPTE 170M / BT.470BG).
    Bt601,
}

impl YuvMatrix {
    // bindgen types these constants differently across FFmpeg versions.
    #[allow(clippy::unnecessary_cast)]
    fn swscale_id(self) -> i32 {
        match self {
            YuvMatrix::Bt709 => ffi::SWS_CS_ITU709 as i32,
            YuvMatrix::Bt601 => ffi::SWS_CS_ITU601 as i32,
        }
    }
}

/// Tells `scaler` which YUV matrix and ranges to use: `yuv_full_range` is the
/// YUV side's range (false: 16–235 "tv"); RGB is always full range.
pub(crate) fn set_yuv_matrix(
    scaler: &mut scaling::Context,
    matrix: YuvMatrix,
    yuv_full_range: bool,
    yuv_is_source: bool,
) {
    let yuv_range = i32::from(yuv_full_range);
    let (src_range, dst_range) = if yuv_is_source {
        (yuv_range, 1)
    } else {
        (1, yuv_range)
    };
    // SAFETY: `scaler` owns a valid, initialised SwsContext for its whole
    // lifetime (ffmpeg-next frees it only on drop, and we hold `&mut`, so no
    // other call uses it concurrently). `sws_getCoefficients` returns a
    // pointer into a static table inside libswscale, valid for the life of the
    // process, and `sws_setColorspaceDetails` only reads the four ints from
    // it. Brightness 0, contrast and saturation 1.0 in 16.16 fixed point are
    // the documented neutral values. The return value only reports whether
    // the conversion supports colour details; it never leaves the context
    // invalid, so it is ignored.
    unsafe {
        let coefficients = ffi::sws_getCoefficients(matrix.swscale_id());
        ffi::sws_setColorspaceDetails(
            scaler.as_mut_ptr(),
            coefficients,
            src_range,
            coefficients,
            dst_range,
            0,
            1 << 16,
            1 << 16,
        );
    }
}
