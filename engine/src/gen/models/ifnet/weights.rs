//! IFNet's weights: a `.safetensors` file in RIFE 4.x's layout, read and
//! checked tensor by tensor, so that a wrong file is refused with the first
//! tensor that is wrong named.
//!
//! The layout (`N` blocks, usually 4; block `i` of width `c`, with `h` = c/2;
//! `in` = 7 for block 0 and 12 for the others):
//!
//! | tensor | shape |
//! |---|---|
//! | `block{i}.conv0.0.0.weight`, `.bias` | [h, in, 3, 3], [h] |
//! | `block{i}.conv0.0.1.weight` (PReLU) | [h] |
//! | `block{i}.conv0.1.0.weight`, `.bias` | [c, h, 3, 3], [c] |
//! | `block{i}.conv0.1.1.weight` (PReLU) | [c] |
//! | `block{i}.convblock.{k}.0.weight`, `.bias`, k = 0..8 | [c, c, 3, 3], [c] |
//! | `block{i}.convblock.{k}.1.weight` (PReLU) | [c] |
//! | `block{i}.lastconv.weight`, `.bias` (transposed conv) | [c, 5, 4, 4], [5] |
//!
//! All F32. The PReLU slopes are all present or all absent; without them
//! the activation is a leaky ReLU of slope 0.2 (the later 4.x releases).
//! The widths are read from the file (RIFE 4.x: 192, 128, 96, 64), so a
//! network of any width loads. Other tensors in the file are ignored.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};

/// Convolutions in each block's residual stack.
pub const CONV_BLOCK_DEPTH: usize = 8;
/// Input channels of the first block: both frames and the time.
pub const FIRST_INPUTS: usize = 7;
/// Input channels of the later blocks: both warped frames, the time, the
/// mask so far, and (joined inside the block) the flow so far.
pub const LATER_INPUTS: usize = 8 + 4;
/// What the last (transposed) convolution gives: two flows and a mask.
pub const OUTPUTS: usize = 5;

/// The shape of the network a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetLayout {
    /// Each block's width, coarsest block first.
    pub widths: Vec<usize>,
    /// PReLU activations (RIFE 4.0–4.3); otherwise leaky ReLU (0.2).
    pub prelu: bool,
}

impl NetLayout {
    /// RIFE 4.x's widths, with PReLU.
    pub fn rife4() -> Self {
        Self {
            widths: vec![192, 128, 96, 64],
            prelu: true,
        }
    }

    /// Every tensor the network needs, with its shape, in checking order.
    pub fn tensors(&self) -> Vec<(String, Vec<usize>)> {
        let mut all = Vec::new();
        for (i, &c) in self.widths.iter().enumerate() {
            let inputs = if i == 0 { FIRST_INPUTS } else { LATER_INPUTS };
            let h = c / 2;
            let mut conv = |name: String, out: usize, inp: usize| {
                all.push((format!("{name}.0.weight"), vec![out, inp, 3, 3]));
                all.push((format!("{name}.0.bias"), vec![out]));
                if self.prelu {
                    all.push((format!("{name}.1.weight"), vec![out]));
                }
            };
            conv(format!("block{i}.conv0.0"), h, inputs);
            conv(format!("block{i}.conv0.1"), c, h);
            for k in 0..CONV_BLOCK_DEPTH {
                conv(format!("block{i}.convblock.{k}"), c, c);
            }
            all.push((format!("block{i}.lastconv.weight"), vec![c, OUTPUTS, 4, 4]));
            all.push((format!("block{i}.lastconv.bias"), vec![OUTPUTS]));
        }
        all
    }

    /// How many weights (numbers) the network has.
    pub fn parameters(&self) -> usize {
        self.tensors()
            .iter()
            .map(|(_, shape)| shape.iter().product::<usize>())
            .sum()
    }
}

/// Why a weights file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    /// The file could not be read.
    #[error("cannot read the IFNet weights {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Not a safetensors file (or its header is cut short).
    #[error("{} is not a safetensors file: {problem}", path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A tensor the network needs is not in the file.
    #[error("{} has no tensor {tensor} (IFNet needs RIFE 4.x's names: see scripts/convert-rife.py)", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
        /// The first tensor missing.
        tensor: String,
    },
    /// A tensor is not F32.
    #[error("{}: tensor {tensor} is {found}, but IFNet's weights must be F32", path.display())]
    DType {
        /// The file.
        path: PathBuf,
        /// The tensor.
        tensor: String,
        /// Its dtype in the file.
        found: String,
    },
    /// A tensor has the wrong shape for the network the file describes.
    #[error("{}: tensor {tensor} has shape {found:?}, expected {expected:?}", path.display())]
    Shape {
        /// The file.
        path: PathBuf,
        /// The tensor.
        tensor: String,
        /// The shape the network needs.
        expected: Vec<usize>,
        /// The shape in the file.
        found: Vec<usize>,
    },
    /// The tensors fit one by one but make no network (an odd width).
    #[error("cannot build IFNet from {}: {problem}", path.display())]
    Unusable {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The file ends before a tensor's data does.
    #[error("{} is cut short: the data of tensor {tensor} runs past the end of the file", path.display())]
    Truncated {
        /// The file.
        path: PathBuf,
        /// The first tensor whose data is not all there.
        tensor: String,
    },
}

/// One tensor's entry in a safetensors header.
#[derive(serde::Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// A checked weights file: the network's layout and its tensors by name.
pub struct Weights {
    /// The network the file holds.
    pub layout: NetLayout,
    /// Every tensor the layout needs (on the CPU).
    pub tensors: HashMap<String, Tensor>,
    /// A 32-bit fingerprint of the file's bytes (FNV-1a), so results made
    /// with other weights are never mistaken for these.
    pub fingerprint: u32,
}

impl Weights {
    /// Reads and checks `path`.
    pub fn read(path: &Path) -> Result<Self, WeightsError> {
        let bytes = std::fs::read(path).map_err(|source| WeightsError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &bytes)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Self, WeightsError> {
        let header_error = |problem: String| WeightsError::Header {
            path: path.to_owned(),
            problem,
        };
        let Some((length, rest)) = bytes.split_first_chunk::<8>() else {
            return Err(header_error(format!(
                "it is {} bytes long, shorter than the 8 bytes that give its header's length",
                bytes.len()
            )));
        };
        let length = u64::from_le_bytes(*length);
        let header = usize::try_from(length)
            .ok()
            .and_then(|n| rest.get(..n))
            .ok_or_else(|| {
                header_error(format!(
                    "its header should be {length} bytes long but only {} follow",
                    rest.len()
                ))
            })?;
        let mut entries: BTreeMap<String, serde_json::Value> = serde_json::from_slice(header)
            .map_err(|e| header_error(format!("its header is not a JSON object ({e})")))?;
        entries.remove("__metadata__");
        let data = &rest[header.len()..];
        let layout = infer_layout(path, &entries)?;
        let mut tensors = HashMap::new();
        for (name, expected) in layout.tensors() {
            let missing = || WeightsError::Missing {
                path: path.to_owned(),
                tensor: name.clone(),
            };
            let value = entries.get(&name).ok_or_else(missing)?;
            let entry: Entry = serde_json::from_value(value.clone())
                .map_err(|e| header_error(format!("the entry of {name} is malformed ({e})")))?;
            if entry.dtype != "F32" {
                return Err(WeightsError::DType {
                    path: path.to_owned(),
                    tensor: name,
                    found: entry.dtype,
                });
            }
            if entry.shape != expected {
                return Err(WeightsError::Shape {
                    path: path.to_owned(),
                    tensor: name,
                    expected,
                    found: entry.shape,
                });
            }
            let [start, end] = entry.data_offsets;
            let count: usize = expected.iter().product();
            if end.checked_sub(start) != Some(4 * count) {
                return Err(header_error(format!(
                    "the data offsets of {name} do not hold {count} F32 numbers"
                )));
            }
            let Some(raw) = data.get(start..end) else {
                return Err(WeightsError::Truncated {
                    path: path.to_owned(),
                    tensor: name,
                });
            };
            let values: Vec<f32> = raw
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            let tensor = Tensor::from_vec(values, expected, &Device::Cpu)
                .map_err(|e| header_error(format!("{name}: {e}")))?;
            tensors.insert(name, tensor);
        }
        Ok(Self {
            layout,
            tensors,
            fingerprint: fnv32(bytes),
        })
    }

    /// Writes `tensors` as a safetensors file (for tests, benches and the
    /// example that makes test weights).
    pub fn save(tensors: &HashMap<String, Tensor>, path: &Path) -> candle_core::Result<()> {
        candle_core::safetensors::save(tensors, path)
    }
}

/// The layout the file's names and shapes describe: how many blocks (those
/// named `block0.`, `block1.`, … in a row), each one's width (from its
/// second convolution), and whether it has PReLU slopes.
fn infer_layout(
    path: &Path,
    entries: &BTreeMap<String, serde_json::Value>,
) -> Result<NetLayout, WeightsError> {
    let has_block = |i: usize| {
        let prefix = format!("block{i}.");
        entries.keys().any(|k| k.starts_with(&prefix))
    };
    let blocks = (0..).take_while(|&i| has_block(i)).count().max(1);
    let mut widths = Vec::with_capacity(blocks);
    for i in 0..blocks {
        let name = format!("block{i}.conv0.1.0.weight");
        let shape = entries
            .get(&name)
            .and_then(|v| v.get("shape"))
            .and_then(|s| serde_json::from_value::<Vec<usize>>(s.clone()).ok())
            .ok_or_else(|| WeightsError::Missing {
                path: path.to_owned(),
                tensor: name.clone(),
            })?;
        let width = shape.first().copied().unwrap_or(0);
        if width < 2 || width % 2 != 0 {
            return Err(WeightsError::Unusable {
                path: path.to_owned(),
                problem: format!("{name} makes block {i} {width} wide; a width is even"),
            });
        }
        widths.push(width);
    }
    Ok(NetLayout {
        widths,
        prelu: entries.contains_key("block0.conv0.0.1.weight"),
    })
}

fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// Seeded random weights of `layout` (a small-scale initialisation, so the
/// network's output stays tame): what tests, benches and
/// `examples/ifnet_test_weights.rs` use, since the project ships no
/// trained weights.
pub fn random_weights(
    layout: &NetLayout,
    seed: u64,
) -> candle_core::Result<HashMap<String, Tensor>> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        // xorshift64*, mapped to [-1, 1).
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let bits = state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
        bits as f32 / (1u64 << 23) as f32 - 1.0
    };
    layout
        .tensors()
        .into_iter()
        .map(|(name, shape)| {
            let count: usize = shape.iter().product();
            let fan_in: usize = shape.iter().skip(1).product::<usize>().max(1);
            let values: Vec<f32> = if name.ends_with(".1.weight") {
                // PReLU slopes, near PyTorch's initial 0.25.
                (0..count).map(|_| 0.25 + 0.05 * next()).collect()
            } else {
                let scale = (1.0 / fan_in as f32).sqrt();
                (0..count).map(|_| scale * next()).collect()
            };
            Ok((name, Tensor::from_vec(values, shape, &Device::Cpu)?))
        })
        .collect()
}
