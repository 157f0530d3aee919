#!/usr/bin/env bash
# bench_sweep.sh: the sweep scaling benchmark — scenarios/sweep_bench.lua (200 small runs) with
# one process on one thread, one process on all cores (runs in parallel), and `mpirun -np 2`
# (one thread per rank). Prints wall time, runs per minute and parallel efficiency against the
# single-thread run (speed-up / cores used), and checks the files are identical.
#
# Usage: bash scripts/bench_sweep.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sweep=scenarios/sweep_bench.lua
runs=$(./build/wijksim check "$sweep" | sed -n 's/.* = \([0-9]*\) runs.*/\1/p')
cores=$(nproc)
root=(); [ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
declare -A wall
bench() { # name cores_used command...
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" -o "$out/$name.h5" --quiet
  t1=$(date +%s.%N)
  wall[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
}
bench one_thread ./build/wijksim sweep "$sweep" --threads 1
bench one_process ./build/wijksim sweep "$sweep" --threads "$cores"
bench mpi_np2 mpirun "${root[@]}" -np 2 --bind-to core ./build/wijksim sweep "$sweep"
base=${wall[one_thread]}
printf "%-44s %9s %10s %9s %11s\n" "sweep of $runs runs" "wall s" "runs/min" "speed-up" "efficiency"
row() { # name label cores
  awk -v w="${wall[$1]}" -v b="$base" -v n="$runs" -v c="$3" -v l="$2" \
    'BEGIN { printf "%-44s %9.1f %10.1f %9.2f %10.0f%%\n", l, w, n / w * 60, b / w, 100 * b / w / c }'
}
row one_thread "1 process, 1 thread" 1
row one_process "1 process, $cores threads (runs in parallel)" "$cores"
row mpi_np2 "mpirun -np 2 (1 thread per rank)" 2
for f in one_process mpi_np2; do
  /usr/bin/python3 tests/h5compare.py "$out/one_thread.h5" "$out/$f.h5" > /dev/null ||
    { echo "bench_sweep: $f differs from the 1-thread sweep" >&2; exit 1; }
done
echo "all three files hold identical datasets"
