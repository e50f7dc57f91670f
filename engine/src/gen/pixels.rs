//! Pictures as f32 RGBA pixels and their sharp (Catmull-Rom) sampling,
//! shared by the models that move pictures: motion and camera move.

use image::RgbaImage;

/// A picture as RGBA f32 pixels (0–255), the layout the synthesis samples
/// fastest: one pixel is one 4-lane vector (16 bytes a pixel: 530 MB for an
/// 8K frame; bytes were measured 15% slower at 720p).
pub(crate) struct Pixels {
    pub(crate) data: Vec<[f32; 4]>,
    pub(crate) width: usize,
    pub(crate) height: usize,
}

impl From<&RgbaImage> for Pixels {
    fn from(image: &RgbaImage) -> Self {
        Self {
            data: image.pixels().map(|p| p.0.map(f32::from)).collect(),
            width: image.width() as usize,
            height: image.height() as usize,
        }
    }
}

impl Pixels {
    /// The picture shrunk by a whole factor, each pixel the mean of a
    /// `shrink`×`shrink` block (a remainder at the right or bottom is left
    /// out): what the motion model measures motion on. Never holds more
    /// than the small picture, whatever the image's size.
    pub(crate) fn shrunk(image: &RgbaImage, shrink: usize) -> Self {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let shrink = shrink.max(1);
        let (sw, sh) = (w / shrink, h / shrink);
        let raw = image.as_raw();
        let area = (shrink * shrink) as f32;
        let data = (0..sw * sh)
            .map(|i| {
                let (sx, sy) = (i % sw, i / sw);
                let mut sum = [0f32; 4];
                for y in sy * shrink..(sy + 1) * shrink {
                    for x in sx * shrink..(sx + 1) * shrink {
                        let p = 4 * (y * w + x);
                        for c in 0..4 {
                            sum[c] += f32::from(raw[p + c]);
                        }
                    }
                }
                sum.map(|v| v / area)
            })
            .collect();
        Self {
            data,
            width: sw,
            height: sh,
        }
    }
}

/// A bilinear tap along one axis: the two neighbours and the weight of the
/// second, edges clamped (as `warp::Tap` does in both axes at once).
#[derive(Clone, Copy)]
pub(crate) struct Axis {
    pub(crate) i0: usize,
    pub(crate) i1: usize,
    pub(crate) a: f32,
}

impl Axis {
    /// The taps of `out` output positions over `n` flow positions (pixel
    /// centres: output i sits at (i + ½)·n/out − ½).
    pub(crate) fn all(out: usize, n: usize) -> Vec<Axis> {
        let scale = out as f32 / n as f32;
        let max = (n - 1) as f32;
        (0..out)
            .map(|i| {
                let at = if out == n {
                    i as f32
                } else {
                    ((i as f32 + 0.5) / scale - 0.5).clamp(0.0, max)
                };
                // Non-negative, so truncation is the floor.
                let i0 = at as usize;
                Axis {
                    i0,
                    i1: (i0 + 1).min(n - 1),
                    a: at - i0 as f32,
                }
            })
            .collect()
    }
}

/// A plane of a `fw`-wide picture read bilinearly between the taps of one
/// output column and one output row.
#[inline]
pub(crate) fn read_between(plane: &[f32], fw: usize, column: Axis, row: Axis) -> f32 {
    let (top, bottom) = (row.i0 * fw, row.i1 * fw);
    let upper = plane[top + column.i0] * (1.0 - column.a) + plane[top + column.i1] * column.a;
    let lower = plane[bottom + column.i0] * (1.0 - column.a) + plane[bottom + column.i1] * column.a;
    upper * (1.0 - row.a) + lower * row.a
}

/// The RGB of an RGBA picture at (x, y) by Catmull-Rom interpolation (sharper
/// than bilinear: a warped picture keeps its fine texture), edges clamped;
/// 0–255, possibly a little outside that range.
#[inline]
pub(crate) fn sample_rgb(image: &[[f32; 4]], x: f32, y: f32, w: usize, h: usize) -> [f32; 4] {
    let cx = x.clamp(0.0, (w - 1) as f32);
    let cy = y.clamp(0.0, (h - 1) as f32);
    // Non-negative after the clamp, so truncation is the floor.
    let (x0, y0) = (cx as usize, cy as usize);
    let (wx, wy) = (catmull_rom(cx - x0 as f32), catmull_rom(cy - y0 as f32));
    let column = |k: usize| (x0 + k).saturating_sub(1).min(w - 1);
    let columns = [column(0), column(1), column(2), column(3)];
    let inside = x0 >= 1 && x0 + 2 < w;
    let mut rgb = [0f32; 4];
    for (j, wy) in wy.iter().enumerate() {
        let row = (y0 + j).saturating_sub(1).min(h - 1) * w;
        let mut across = [0f32; 4];
        if inside {
            // The common case: four neighbouring pixels, no clamping.
            let start = row + x0 - 1;
            for (px, wx) in image[start..start + 4].iter().zip(wx) {
                for c in 0..4 {
                    across[c] += wx * px[c];
                }
            }
        } else {
            for (&col, wx) in columns.iter().zip(wx) {
                for c in 0..4 {
                    across[c] += wx * image[row + col][c];
                }
            }
        }
        for c in 0..4 {
            rgb[c] += wy * across[c];
        }
    }
    rgb
}

/// The RGB of a `w`×`h` RGBA picture at (x, y) by bilinear interpolation,
/// as if it were zero-padded on the right and bottom to `pw`×`ph` and the
/// position clamped to that: PyTorch's `grid_sample` (bilinear,
/// `padding_mode="border"`, `align_corners=True`) on the padded frame,
/// which is RIFE's warp.
#[inline]
pub(crate) fn sample_bilinear_padded(
    image: &[[f32; 4]],
    [x, y]: [f32; 2],
    (w, h): (usize, usize),
    (pw, ph): (usize, usize),
) -> [f32; 4] {
    let cx = x.clamp(0.0, (pw - 1) as f32);
    let cy = y.clamp(0.0, (ph - 1) as f32);
    let (x0, y0) = (cx as usize, cy as usize);
    let (ax, ay) = (cx - x0 as f32, cy - y0 as f32);
    let (x1, y1) = ((x0 + 1).min(pw - 1), (y0 + 1).min(ph - 1));
    let at = |x: usize, y: usize| {
        if x < w && y < h {
            image[y * w + x]
        } else {
            [0.0; 4]
        }
    };
    let (p00, p01, p10, p11) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
    std::array::from_fn(|c| {
        let upper = p00[c] * (1.0 - ax) + p01[c] * ax;
        let lower = p10[c] * (1.0 - ax) + p11[c] * ax;
        upper * (1.0 - ay) + lower * ay
    })
}

/// The four Catmull-Rom weights for a sample `a` (0–1) past the second tap.
#[inline]
fn catmull_rom(a: f32) -> [f32; 4] {
    let (a2, a3) = (a * a, a * a * a);
    [
        0.5 * (-a3 + 2.0 * a2 - a),
        0.5 * (3.0 * a3 - 5.0 * a2 + 2.0),
        0.5 * (-3.0 * a3 + 4.0 * a2 + a),
        0.5 * (a3 - a2),
    ]
}
