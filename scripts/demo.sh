#!/usr/bin/env bash
# demo.sh: the main demo — installs what is missing, builds, runs the Rijksinzet comparison
# (no extra Rijksinzet against four options for the 20 NPLV areas, 2026-2045, on the shipped
# area data), prints the board table and writes the HTML board report.
#
# Usage: bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
mkdir -p results
# scale 0.1 and 8 replications (set in the scenario): a few minutes on 2 cores
./build/wijksim run scenarios/rijksinzet.lua -o results/rijksinzet.h5
./build/wijksim summary results/rijksinzet.h5
report=$(scripts/report results/rijksinzet.h5)
echo "demo: results in results/rijksinzet.h5 (wijksim info results/rijksinzet.h5 describes it)"
echo "demo: board report in $report (open it in a browser)"
