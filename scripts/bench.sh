#!/usr/bin/env bash
# bench.sh: the speed benchmark — the 20 NPLV areas at full scale (about 1.2 million persons)
# for 20 years, one replication, with 1 and with 2 threads. wijksim prints person-months per
# second, wall time, calibration time and peak memory per person for each.
#
# Usage: bash scripts/bench.sh [THREADS...]      (default: 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build > /dev/null
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for t in "${threads[@]}"; do
  echo "== $t thread(s)"
  /usr/bin/time -f "total wall %e s, max RSS %M KiB" \
    ./build/wijksim run scenarios/baseline.lua --replications 1 --scale 1 --threads "$t" \
    -o "$out/bench_$t.h5" 2>&1 | grep -E "^(performance|calibration|memory|total)"
done
