#!/usr/bin/env python3
"""Convert a RIFE 4.x PyTorch checkpoint into the .safetensors file
Inbetween's IFNet gap model loads.

    python3 scripts/convert-rife.py flownet.pkl rife.safetensors
    inbetween interpolate --model ifnet --weights rife.safetensors A.png B.png -o mid.png

Needs PyTorch to read the checkpoint (`pip install torch`); the
.safetensors file is written by this script itself (no other package).
Inbetween ships no weights: use a checkpoint you are allowed to use.

What it does:
  * reads the checkpoint on the CPU (a bare state dict, or one under
    "state_dict" or "model"), strips DataParallel's "module." prefix;
  * keeps the intermediate-flow blocks `block0.`, `block1.`, ... (their
    `conv0`, `convblock` and `lastconv` tensors) and drops the rest (the
    teacher block `block_tea`, context and refinement networks of older
    versions), saying what it dropped;
  * checks every tensor against the layout the engine expects (see
    engine/src/gen/ifnet/weights.rs: 7 inputs to block 0, 12 to the others,
    two stride-2 convolutions, 8 residual convolutions, a 4x4 transposed
    convolution to 5 channels; PReLU slopes all present or all absent) and
    stops at the first tensor that does not fit, naming it;
  * writes every kept tensor as little-endian F32.

RIFE versions whose blocks differ (4.6 and later: a PixelShuffle after
`lastconv`, a feature encoder) do not fit this layout and are refused with
the offending tensor named.

`--self-test OUT` writes small seeded random weights in the same layout
without PyTorch, through the same writer: a check of the writer and the
names (`inbetween interpolate --model ifnet --weights OUT ...` loads it).
"""

import json
import random
import re
import struct
import sys
from array import array

CONV_BLOCK_DEPTH = 8
FIRST_INPUTS = 7
LATER_INPUTS = 12
OUTPUTS = 5
BLOCK = re.compile(r"^block(\d+)\.(conv0|convblock|lastconv)\.")


def expected_layout(widths, prelu):
    """Every tensor the engine needs, with its shape, in its checking order."""
    tensors = []
    for i, c in enumerate(widths):
        inputs = FIRST_INPUTS if i == 0 else LATER_INPUTS
        h = c // 2

        def conv(name, out, inp):
            tensors.append((f"{name}.0.weight", [out, inp, 3, 3]))
            tensors.append((f"{name}.0.bias", [out]))
            if prelu:
                tensors.append((f"{name}.1.weight", [out]))

        conv(f"block{i}.conv0.0", h, inputs)
        conv(f"block{i}.conv0.1", c, h)
        for k in range(CONV_BLOCK_DEPTH):
            conv(f"block{i}.convblock.{k}", c, c)
        tensors.append((f"block{i}.lastconv.weight", [c, OUTPUTS, 4, 4]))
        tensors.append((f"block{i}.lastconv.bias", [OUTPUTS]))
    return tensors


def check(shapes):
    """The widths and activation of the network `shapes` (name -> shape)
    describes, or SystemExit naming the first tensor that does not fit."""
    blocks = 0
    while any(name.startswith(f"block{blocks}.") for name in shapes):
        blocks += 1
    if blocks == 0:
        sys.exit("error: the checkpoint has no block0.* tensors: is it a RIFE IFNet?")
    widths = []
    for i in range(blocks):
        name = f"block{i}.conv0.1.0.weight"
        if name not in shapes:
            sys.exit(f"error: the checkpoint has no tensor {name}")
        widths.append(shapes[name][0])
    prelu = "block0.conv0.0.1.weight" in shapes
    for name, shape in expected_layout(widths, prelu):
        if name not in shapes:
            sys.exit(f"error: the checkpoint has no tensor {name}")
        if list(shapes[name]) != shape:
            sys.exit(
                f"error: tensor {name} has shape {list(shapes[name])}, expected {shape} "
                "(a RIFE version whose blocks differ from 4.0-4.3's?)"
            )
    return widths, prelu


def write_safetensors(path, tensors):
    """Writes [(name, shape, f32 little-endian bytes)] as a .safetensors file."""
    header, offset = {}, 0
    for name, shape, data in tensors:
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for _, _, data in tensors:
            out.write(data)


def f32_bytes(values):
    data = array("f", values)
    if sys.byteorder != "little":
        data.byteswap()
    return data.tobytes()


def convert(source, target):
    try:
        import torch
    except ImportError:
        sys.exit("error: reading a PyTorch checkpoint needs PyTorch (pip install torch)")
    state = torch.load(source, map_location="cpu", weights_only=True)
    for key in ("state_dict", "model"):
        if isinstance(state, dict) and key in state and isinstance(state[key], dict):
            state = state[key]
    kept, dropped = {}, []
    for name, tensor in state.items():
        name = name[len("module."):] if name.startswith("module.") else name
        if BLOCK.match(name):
            kept[name] = tensor
        else:
            dropped.append(name)
    widths, prelu = check({name: list(t.shape) for name, t in kept.items()})
    order = [name for name, _ in expected_layout(widths, prelu)]
    extra = sorted(set(kept) - set(order))
    if extra:
        sys.exit(f"error: tensor {extra[0]} is not part of the layout Inbetween implements")
    tensors = []
    for name in order:
        t = kept[name].detach().to(torch.float32).contiguous()
        data = t.numpy().astype("<f4").tobytes()
        tensors.append((name, list(t.shape), data))
    write_safetensors(target, tensors)
    if dropped:
        print(f"dropped {len(dropped)} tensors outside the flow blocks (e.g. {dropped[0]})")
    print(
        f"wrote {target}: {len(widths)} blocks, widths {'/'.join(map(str, widths))}, "
        f"{'PReLU' if prelu else 'leaky ReLU'}"
    )


def self_test(target):
    widths, prelu = [16, 12, 8, 8], True
    rng = random.Random(1)
    tensors = []
    for name, shape in expected_layout(widths, prelu):
        count = 1
        for n in shape:
            count *= n
        fan_in = max(1, count // shape[0])
        if name.endswith(".1.weight"):
            values = [0.25] * count
        else:
            scale = (1.0 / fan_in) ** 0.5
            values = [scale * rng.uniform(-1, 1) for _ in range(count)]
        tensors.append((name, shape, f32_bytes(values)))
    check({name: shape for name, shape, _ in tensors})
    write_safetensors(target, tensors)
    print(f"wrote {target}: random test weights, widths {'/'.join(map(str, widths))}")


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        self_test(argv[2])
    elif len(argv) == 3 and not argv[1].startswith("-"):
        convert(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
