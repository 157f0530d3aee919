#!/usr/bin/env bash
# test.sh: installs what is missing, builds, and runs every test (ctest, all labels), then
# runs the functional tests again in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer: every label but `stat` (the long statistical runs test the
# model's numbers, not its memory use; the model code still runs under the sanitizers in the
# CLI tests, which simulate small scenarios, comparisons, hooks and sweeps end to end) and
# `report` (Python reading files; the files themselves are made by the instrumented binary in
# the cli and sweep tests).
#
# Usage: bash scripts/test.sh [ctest arguments...]   e.g. bash scripts/test.sh -L unit
# WS_NO_SANITIZE=1 skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
# what the tests use besides the build: a real browser for the report, and the readers the
# README shows (xarray with both netCDF engines, R's hdf5r)
WS_EXTRA_PKGS="chromium python3-xarray python3-h5netcdf python3-netcdf4 r-cran-hdf5r" \
  bash scripts/setup.sh build
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@")
if [ -z "${WS_NO_SANITIZE:-}" ]; then
  cmake -S . -B build-asan -DWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build build-asan -j "$(nproc)" > /dev/null
  (cd build-asan && ctest --output-on-failure -j "$(nproc)" --timeout 900 -LE 'stat|report' "$@")
fi
