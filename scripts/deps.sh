#!/usr/bin/env bash
# Installs the system packages Inbetween needs, and only those that are missing.
#
#   scripts/deps.sh build   compilers, FFmpeg and ALSA headers (what `cargo build` links)
#   scripts/deps.sh run     build + the X11/Vulkan/GL libraries the window loads at run time
#   scripts/deps.sh test    run + the ffmpeg CLI and Xvfb/Mesa that the tests and CI use
#
# Debian and Ubuntu: installs with apt-get (through sudo when not root).
# macOS: prints the Homebrew line and stops. Anything else: prints what is needed.
set -euo pipefail

need="${1:-build}"

build_pkgs=(build-essential pkg-config clang libclang-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  libavfilter-dev libavdevice-dev libasound2-dev)
run_pkgs=(libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon-x11-0
  libfontconfig1 libvulkan1 mesa-vulkan-drivers libgl1-mesa-dri libegl1 libegl-mesa0
  fonts-dejavu-core fonts-noto-cjk)
test_pkgs=(ffmpeg xvfb xauth x11-utils xdotool imagemagick poppler-utils)

case "$need" in
  build) pkgs=("${build_pkgs[@]}") ;;
  run) pkgs=("${build_pkgs[@]}" "${run_pkgs[@]}") ;;
  test) pkgs=("${build_pkgs[@]}" "${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: scripts/deps.sh [build|run|test]" >&2; exit 2 ;;
esac

if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo is not on PATH. Install Rust 1.95 or newer from https://rustup.rs first." >&2
  exit 1
fi

case "$(uname -s)" in
  Darwin)
    if ! pkg-config --exists libavcodec 2>/dev/null; then
      echo "Inbetween needs FFmpeg and pkg-config. Install them with:" >&2
      echo "  brew install ffmpeg pkg-config llvm" >&2
      exit 1
    fi
    exit 0 ;;
  Linux) ;;
  *)
    echo "error: unsupported system $(uname -s); Inbetween needs: ${pkgs[*]}" >&2
    exit 1 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: this is not a Debian/Ubuntu system. Install the equivalents of:" >&2
  echo "  ${pkgs[*]}" >&2
  exit 1
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "error: missing packages (${missing[*]}) and neither root nor sudo is available." >&2
    exit 1
  fi
fi

echo "Installing system packages: ${missing[*]}" >&2
apt_opts=(-o DPkg::Lock::Timeout=900 -y --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq
"${sudo[@]}" apt-get "${apt_opts[@]}" install -qq "${missing[@]}" >/dev/null
