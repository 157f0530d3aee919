#!/usr/bin/env bash
# setup.sh: installs the Debian packages wijksim needs (only those missing) and builds it.
#
# Usage: bash scripts/setup.sh [BUILD_DIR]      (default build dir: build)
# Runs as root on Debian 12 (apt-get); as another user it only checks (and stops with exit 1
# when a package is missing) and builds.
# WS_EXTRA_PKGS="pkg ..." adds packages to install (scripts/test.sh: the browser and readers the
# tests use).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

pkgs=(build-essential cmake pkg-config
      libgsl-dev libhdf5-dev hdf5-tools liblua5.4-dev librandom123-dev
      libopenmpi-dev openmpi-bin
      python3 python3-h5py python3-numpy python3-matplotlib time git)
# shellcheck disable=SC2206 # a space-separated list on purpose
pkgs+=(${WS_EXTRA_PKGS:-})
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages and not root; run as root or install them: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build.cmake.log" 2>&1 || {
  cat "$build.cmake.log" >&2; exit 1; }
rm -f "$build.cmake.log"
cmake --build "$build" -j "$(nproc)"
echo "setup: built $build/wijksim ($("$build"/wijksim --version))"
