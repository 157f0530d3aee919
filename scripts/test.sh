#!/usr/bin/env bash
# test.sh: installs what is missing, builds, and runs every test (ctest, all labels), then
# runs them again in a build with AddressSanitizer and UndefinedBehaviorSanitizer (all but
# the 20-year stability run, which tests the model's numbers, not its memory use).
#
# Usage: bash scripts/test.sh [ctest arguments...]   e.g. bash scripts/test.sh -L unit
# WS_NO_SANITIZE=1 skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@")
if [ -z "${WS_NO_SANITIZE:-}" ]; then
  cmake -S . -B build-asan -DWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
  cmake --build build-asan -j "$(nproc)" > /dev/null
  (cd build-asan && ctest --output-on-failure -j "$(nproc)" --timeout 900 \
     -E 'model\.baseline_stability_20y' "$@")
fi
