//! Moving pictures between `image` and candle, and small tensor helpers.

use candle_core::{Device, Result, Tensor};
use image::RgbaImage;

/// Luma (BT.601 weights, 0–255: the scale the TV-L1 parameters are tuned
/// for) of an image shrunk by the whole factor `shrink` (each value the mean
/// of a shrink×shrink block), as a (1, H / shrink, W / shrink) tensor. Never
/// holds more than the small picture, whatever the image's size.
pub fn luma(image: &RgbaImage, shrink: usize) -> Result<Tensor> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let shrink = shrink.max(1);
    let (sw, sh) = (w / shrink, h / shrink);
    let raw = image.as_raw();
    let mut data = vec![0f32; sw * sh];
    let area = (shrink * shrink) as f32;
    for (i, value) in data.iter_mut().enumerate() {
        let (sx, sy) = (i % sw, i / sw);
        let mut sum = 0f32;
        for y in sy * shrink..(sy + 1) * shrink {
            for x in sx * shrink..(sx + 1) * shrink {
                let p = 4 * (y * w + x);
                sum += 0.299 * f32::from(raw[p])
                    + 0.587 * f32::from(raw[p + 1])
                    + 0.114 * f32::from(raw[p + 2]);
            }
        }
        *value = sum / area;
    }
    Tensor::from_vec(data, (1, sh, sw), &Device::Cpu)
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
            let (_, median, _) = window[..n].select_nth_unstable_by(n / 2, f32::total_cmp);
            *value = *median;
        }
    });
    Tensor::from_vec(out, (c, h, w), flow.device())
}
