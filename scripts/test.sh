#!/usr/bin/env bash
# test.sh: installs what is missing, builds, and runs every test (ctest, all labels), then
# runs the functional tests again in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer: every label but `stat` (the long statistical runs test the
# model's numbers, not its memory use; the model code still runs under the sanitizers in the
# CLI tests, which simulate small scenarios, comparisons and hooks end to end).
#
# Usage: bash scripts/test.sh [ctest arguments...]   e.g. bash scripts/test.sh -L unit
# WS_NO_SANITIZE=1 skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@")
if [ -z "${WS_NO_SANITIZE:-}" ]; then
  cmake -S . -B build-asan -DWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build build-asan -j "$(nproc)" > /dev/null
  (cd build-asan && ctest --output-on-failure -j "$(nproc)" --timeout 900 -LE stat "$@")
fi
