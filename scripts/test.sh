#!/usr/bin/env bash
# test.sh: installs what is missing, builds, and runs every test (ctest, all labels).
#
# Usage: bash scripts/test.sh [ctest arguments...]   e.g. bash scripts/test.sh -L unit
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
