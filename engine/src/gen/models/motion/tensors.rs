//! Moving pictures between `image` and candle, and small tensor helpers.

use candle_core::{Device, Result, Tensor};

use crate::r#gen::pixels::Pixels;

/// A picture as the motion is measured on it: a (3, H, W) tensor of luma
/// (BT.601 weights, 0–255: the scale the TV-L1 parameters are tuned for),
/// then the blue and red differences B − Y and R − Y. TV-L1 follows the
/// luma alone; the searches match all three, so that a grey car on grey
/// asphalt or green leaves on a green lawn still tell apart. The motion
/// model gives it the frames already shrunk to the flow's size
/// ([`Pixels::shrunk`]), so it never holds more than the small picture,
/// whatever the frames' size.
pub fn luma_and_colour(picture: &Pixels) -> Result<Tensor> {
    let plane = picture.data.len();
    let mut data = vec![0f32; 3 * plane];
    for (i, p) in picture.data.iter().enumerate() {
        let luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        data[i] = luma;
        data[plane + i] = p[2] - luma;
        data[2 * plane + i] = p[0] - luma;
    }
    Tensor::from_vec(data, (3, picture.height, picture.width), &Device::Cpu)
}

/// The mean of each value's neighbours within `r` in both directions (a box
/// filter over `values` in rows of `w`; at the edges, over the neighbours
/// there are).
pub fn box_mean(values: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let mut rows = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let (lo, hi) = (x.saturating_sub(r), (x + r).min(w - 1));
            let sum: f32 = values[y * w + lo..=y * w + hi].iter().sum();
            rows[y * w + x] = sum / (hi - lo + 1) as f32;
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let (lo, hi) = (y.saturating_sub(r), (y + r).min(h - 1));
        for x in 0..w {
            let sum: f32 = (lo..=hi).map(|yy| rows[yy * w + x]).sum();
            out[y * w + x] = sum / (hi - lo + 1) as f32;
        }
    }
    out
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
///
/// Inside the picture, eight pixels at a time go through a median-selection
/// network (branch-free, so it vectorises); the two-pixel border, where the
/// window is cut short, takes the median of what it has.
pub fn median5(flow: &Tensor) -> Result<Tensor> {
    let (c, h, w) = flow.dims3()?;
    let data = flow.flatten_all()?.to_vec1::<f32>()?;
    let mut out = vec![0f32; data.len()];
    use rayon::prelude::*;
    out.par_chunks_mut(w).enumerate().for_each(|(row, dst)| {
        let (ch, y) = (row / h, row % h);
        let plane = &data[ch * h * w..(ch + 1) * h * w];
        let mut x = 0;
        if (2..h.saturating_sub(2)).contains(&y) {
            while x < 2 {
                dst[x] = border_median(plane, x, y, w, h);
                x += 1;
            }
            while x + LANES + 2 <= w {
                let mut window = [[0f32; LANES]; 25];
                for (k, lanes) in window.iter_mut().enumerate() {
                    let start = (y + k / 5 - 2) * w + x + k % 5 - 2;
                    lanes.copy_from_slice(&plane[start..start + LANES]);
                }
                dst[x..x + LANES].copy_from_slice(&median25(&mut window));
                x += LANES;
            }
        }
        while x < w {
            dst[x] = border_median(plane, x, y, w, h);
            x += 1;
        }
    });
    Tensor::from_vec(out, (c, h, w), flow.device())
}

/// Pixels the network handles at once.
const LANES: usize = 8;

/// The median of the (possibly cut short) 5x5 window around (x, y).
fn border_median(plane: &[f32], x: usize, y: usize, w: usize, h: usize) -> f32 {
    let mut window = [0f32; 25];
    let mut n = 0;
    for yy in y.saturating_sub(2)..(y + 3).min(h) {
        for xx in x.saturating_sub(2)..(x + 3).min(w) {
            window[n] = plane[yy * w + xx];
            n += 1;
        }
    }
    let (_, median, _) = window[..n].select_nth_unstable_by(n / 2, f32::total_cmp);
    *median
}

/// Devillard's 99 compare-exchanges that leave the median of 25 values in
/// the 13th (checked for every 0/1 input, which proves it for all inputs).
const MEDIAN25: [(usize, usize); 99] = [
    (0, 1),
    (3, 4),
    (2, 4),
    (2, 3),
    (6, 7),
    (5, 7),
    (5, 6),
    (9, 10),
    (8, 10),
    (8, 9),
    (12, 13),
    (11, 13),
    (11, 12),
    (15, 16),
    (14, 16),
    (14, 15),
    (18, 19),
    (17, 19),
    (17, 18),
    (21, 22),
    (20, 22),
    (20, 21),
    (23, 24),
    (2, 5),
    (3, 6),
    (0, 6),
    (0, 3),
    (4, 7),
    (1, 7),
    (1, 4),
    (11, 14),
    (8, 14),
    (8, 11),
    (12, 15),
    (9, 15),
    (9, 12),
    (13, 16),
    (10, 16),
    (10, 13),
    (20, 23),
    (17, 23),
    (17, 20),
    (21, 24),
    (18, 24),
    (18, 21),
    (19, 22),
    (8, 17),
    (9, 18),
    (0, 18),
    (0, 9),
    (10, 19),
    (1, 19),
    (1, 10),
    (11, 20),
    (2, 20),
    (2, 11),
    (12, 21),
    (3, 21),
    (3, 12),
    (13, 22),
    (4, 22),
    (4, 13),
    (14, 23),
    (5, 23),
    (5, 14),
    (15, 24),
    (6, 24),
    (6, 15),
    (7, 16),
    (7, 19),
    (13, 21),
    (15, 23),
    (7, 13),
    (7, 15),
    (1, 9),
    (3, 11),
    (5, 17),
    (11, 17),
    (9, 17),
    (4, 10),
    (6, 12),
    (7, 14),
    (4, 6),
    (4, 7),
    (12, 14),
    (10, 14),
    (6, 7),
    (10, 12),
    (6, 10),
    (6, 17),
    (12, 17),
    (7, 17),
    (7, 10),
    (12, 18),
    (7, 12),
    (10, 18),
    (12, 20),
    (10, 20),
    (10, 12),
];

/// The medians of 25 values in each of `LANES` lanes (the window is used up).
fn median25(window: &mut [[f32; LANES]; 25]) -> [f32; LANES] {
    for &(a, b) in &MEDIAN25 {
        let (low, high) = (window[a], window[b]);
        for l in 0..LANES {
            let (p, q) = (low[l], high[l]);
            window[a][l] = if p < q { p } else { q };
            window[b][l] = if p < q { q } else { p };
        }
    }
    window[12]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The network against sorting, on random windows and on ties.
    #[test]
    fn the_median_network_finds_the_median() {
        let mut seed = 12345u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for round in 0..2000 {
            let mut window = [[0f32; LANES]; 25];
            for lanes in window.iter_mut() {
                for v in lanes.iter_mut() {
                    // Some rounds draw from few values, so ties are common.
                    let range = if round % 2 == 0 { 1000 } else { 3 };
                    *v = (next() % range) as f32 - 1.5;
                }
            }
            let mut sorted: Vec<Vec<f32>> = (0..LANES)
                .map(|l| window.iter().map(|lanes| lanes[l]).collect())
                .collect();
            let got = median25(&mut window);
            for (l, values) in sorted.iter_mut().enumerate() {
                values.sort_by(f32::total_cmp);
                assert_eq!(got[l], values[12], "round {round}, lane {l}");
            }
        }
    }

    /// The vectorised inside and the border agree with a plain 5x5 median.
    #[test]
    fn median5_matches_a_plain_median_everywhere() {
        let (h, w) = (13usize, 29usize);
        let data: Vec<f32> = (0..2 * h * w)
            .map(|i| ((i * 7919) % 101) as f32 * 0.37)
            .collect();
        let t = Tensor::from_vec(data.clone(), (2, h, w), &Device::Cpu).unwrap();
        let got = median5(&t)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        for ch in 0..2 {
            let plane = &data[ch * h * w..(ch + 1) * h * w];
            for y in 0..h {
                for x in 0..w {
                    assert_eq!(
                        got[ch * h * w + y * w + x],
                        border_median(plane, x, y, w, h),
                        "({x}, {y}) of plane {ch}"
                    );
                }
            }
        }
    }

    fn mean_of(values: &[f32], w: usize) -> Vec<f32> {
        box_mean(values, w, values.len() / w, 2)
    }

    #[test]
    fn the_mean_around_a_pixel_spreads_over_its_box_and_stays_inside() {
        let (w, h) = (13, 11);
        let mut values = vec![0f32; w * h];
        values[5 * w + 6] = 25.0;
        let mean = mean_of(&values, w);
        for y in 0..h {
            for x in 0..w {
                let near = x.abs_diff(6) <= 2 && y.abs_diff(5) <= 2;
                assert_eq!(mean[y * w + x], if near { 1.0 } else { 0.0 }, "({x}, {y})");
            }
        }
        // At a corner the box holds only the 3x3 pixels inside the picture.
        let ones = mean_of(&vec![1.0; w * h], w);
        assert!(ones.iter().all(|&v| (v - 1.0).abs() < 1e-6));
        let mut corner = vec![0f32; w * h];
        corner[0] = 9.0;
        assert_eq!(mean_of(&corner, w)[0], 1.0);
    }
}
