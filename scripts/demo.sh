#!/usr/bin/env bash
# demo.sh: the main demo — installs what is missing, builds, runs the 20-area baseline on the
# shipped area data and describes the results file it wrote.
#
# Usage: bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
mkdir -p results
# 20 areas x 20 years, 4 replications at 10 % of households: a few minutes on 2 cores.
./build/wijksim run scenarios/baseline.lua --scale 0.1 --replications 4 -o results/baseline.h5
./build/wijksim info results/baseline.h5
echo "demo: results in results/baseline.h5"
