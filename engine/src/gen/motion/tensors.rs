//! Moving pictures between `image` and candle, and small tensor helpers.

use candle_core::{Device, Result, Tensor};
use image::RgbaImage;

/// RGB of an image as a (3, H, W) tensor in 0–1.
pub fn rgb(image: &RgbaImage) -> Result<Tensor> {
    let (w, h) = image.dimensions();
    let plane = (w * h) as usize;
    let mut data = vec![0f32; 3 * plane];
    for (i, p) in image.pixels().enumerate() {
        for c in 0..3 {
            data[c * plane + i] = f32::from(p[c]) / 255.0;
        }
    }
    Tensor::from_vec(data, (3, h as usize, w as usize), &Device::Cpu)
}

/// Luma (BT.601 weights) of a (3, H, W) tensor in 0–1, as (1, H, W) in 0–255,
/// the scale the TV-L1 parameters are tuned for.
pub fn luma(rgb: &Tensor) -> Result<Tensor> {
    let r = rgb.narrow(0, 0, 1)?;
    let g = rgb.narrow(0, 1, 1)?;
    let b = rgb.narrow(0, 2, 1)?;
    ((r * 0.299)? + (g * 0.587)? + (b * 0.114)?)?.affine(255.0, 0.0)
}

/// A (3, H, W) tensor in 0–1 back to an opaque image.
pub fn to_image(rgb: &Tensor) -> Result<RgbaImage> {
    let (_, h, w) = rgb.dims3()?;
    let data = rgb.clamp(0f32, 1f32)?.flatten_all()?.to_vec1::<f32>()?;
    let plane = h * w;
    let mut out = RgbaImage::new(w as u32, h as u32);
    for (i, p) in out.pixels_mut().enumerate() {
        for c in 0..3 {
            p[c] = (data[c * plane + i] * 255.0).round() as u8;
        }
        p[3] = 255;
    }
    Ok(out)
}

/// Resizes a (C, H, W) tensor bilinearly.
pub fn resize(t: &Tensor, h: usize, w: usize) -> Result<Tensor> {
    let (c, _, _) = t.dims3()?;
    t.unsqueeze(0)?
        .upsample_bilinear2d(h, w, false)?
        .reshape((c, h, w))
}

/// A flow (2, H, W) resized to (h, w), its vectors scaled with the picture.
pub fn resize_flow(flow: &Tensor, h: usize, w: usize) -> Result<Tensor> {
    let (_, fh, fw) = flow.dims3()?;
    let resized = resize(flow, h, w)?;
    let dx = (resized.narrow(0, 0, 1)? * (w as f64 / fw as f64))?;
    let dy = (resized.narrow(0, 1, 1)? * (h as f64 / fh as f64))?;
    Tensor::cat(&[dx, dy], 0)
}

/// Forward differences along x and y, zero at the far edge.
pub fn forward_gradient(u: &Tensor) -> Result<(Tensor, Tensor)> {
    let (_, h, w) = u.dims3()?;
    let dx = (u.narrow(2, 1, w - 1)? - u.narrow(2, 0, w - 1)?)?.pad_with_zeros(2, 0, 1)?;
    let dy = (u.narrow(1, 1, h - 1)? - u.narrow(1, 0, h - 1)?)?.pad_with_zeros(1, 0, 1)?;
    Ok((dx, dy))
}

/// The divergence matching [`forward_gradient`] (its negative adjoint).
pub fn divergence(px: &Tensor, py: &Tensor) -> Result<Tensor> {
    let (_, h, w) = px.dims3()?;
    let left = px.narrow(2, 0, w - 1)?.pad_with_zeros(2, 1, 0)?;
    let up = py.narrow(1, 0, h - 1)?.pad_with_zeros(1, 1, 0)?;
    (px - left)? + (py - up)?
}

/// Central differences along x and y, edges replicated.
pub fn central_gradient(i: &Tensor) -> Result<(Tensor, Tensor)> {
    let (_, h, w) = i.dims3()?;
    let padded_x = i.pad_with_same(2, 1, 1)?;
    let dx = ((padded_x.narrow(2, 2, w)? - padded_x.narrow(2, 0, w)?)? * 0.5)?;
    let padded_y = i.pad_with_same(1, 1, 1)?;
    let dy = ((padded_y.narrow(1, 2, h)? - padded_y.narrow(1, 0, h)?)? * 0.5)?;
    Ok((dx, dy))
}

/// A 5x5 median of each flow component (removes TV-L1's outliers).
pub fn median5(flow: &Tensor) -> Result<Tensor> {
    let (c, h, w) = flow.dims3()?;
    let data = flow.flatten_all()?.to_vec1::<f32>()?;
    let mut out = vec![0f32; data.len()];
    use rayon::prelude::*;
    out.par_chunks_mut(w).enumerate().for_each(|(row, dst)| {
        let (ch, y) = (row / h, row % h);
        let plane = &data[ch * h * w..(ch + 1) * h * w];
        let mut window = [0f32; 25];
        for (x, value) in dst.iter_mut().enumerate() {
            let mut n = 0;
            for yy in y.saturating_sub(2)..(y + 3).min(h) {
                for xx in x.saturating_sub(2)..(x + 3).min(w) {
                    window[n] = plane[yy * w + xx];
                    n += 1;
                }
            }
            let part = &mut window[..n];
            part.sort_unstable_by(f32::total_cmp);
            *value = part[n / 2];
        }
    });
    Tensor::from_vec(out, (c, h, w), flow.device())
}
