#!/usr/bin/env bash
# sweep_test.sh: end-to-end tests of `wijksim sweep`, `merge` and `sensitivity`, one case per
# invocation: bash tests/sweep_test.sh CASE
# Needs WIJKSIM, WS_SRC_DIR, WS_PY and SWEEP_REF_DIR in the environment (tests/sweep_cli.cmake
# registers the cases).
# The case `reference` writes the sweep of scenarios/sweep_demo.lua run in one process into
# $SWEEP_REF_DIR/ref.h5; the split cases compare their own files with it bit for bit.
set -uo pipefail
: "${WIJKSIM:?}" "${WS_SRC_DIR:?}" "${WS_PY:=/usr/bin/python3}" "${SWEEP_REF_DIR:?}"
demo="$WS_SRC_DIR/scenarios/sweep_demo.lua"
ref="$SWEEP_REF_DIR/ref.h5"
data="$WS_SRC_DIR/tests/data/sweep"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/test_lib.sh
. "$WS_SRC_DIR/tests/test_lib.sh"
same() { "$WS_PY" "$WS_SRC_DIR/tests/h5compare.py" "$ref" "$1" || fail "$2: datasets differ from the 1-process sweep"; }

# MPI ranks skip LeakSanitizer (in the sanitizer build): Open MPI keeps allocations of its own
# and of its dlopen'ed components until exit, which LeakSanitizer reports as leaks it cannot
# attribute. The ranks still run under ASan's other checks and UBSan, and every code path but
# the MPI transport runs with leak checking in the other cases.
MPI_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# mpirun as this machine allows: oversubscribe (ranks > cores), and as root only when told.
mpi() {
  local np=$1; shift
  local root=()
  [ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
  ASAN_OPTIONS="$MPI_ASAN" mpirun "${root[@]}" --oversubscribe -x ASAN_OPTIONS -np "$np" "$@"
}

# expect_bad FILE LINE KEY: `wijksim sweep` on tests/data/sweep/FILE is refused (test_lib.sh).
expect_bad() { expect_bad_input sweep "$data/$1" "$1:$2" "$3"; }

# Number of runs recorded in a journal: a 128-byte header (8 magic + 120; sim/sweep/sweep_journal.c)
# and fixed-size records.
journal_runs() {
  "$WS_PY" - "$1" "$2" <<'EOF'
import os, sys
size, rec = os.path.getsize(sys.argv[1]), int(sys.argv[2])
print(max(0, (size - 128) // rec))
EOF
}

# kill_and_resume SIGNAL: starts the demo sweep on one worker, kills it with SIGNAL once at least
# 3 runs are in the journal, checks nothing looks complete, then resumes and compares.
kill_and_resume() {
  local sig=$1 out="$tmp/k.h5"
  "$WIJKSIM" sweep "$demo" -o "$out" --threads 1 --quiet 2> "$tmp/stderr" &
  local pid=$!
  # record size: 16 + 8 * payload doubles + 8, payload = 45*10*(1+4) + 10*4 (areas stored)
  local rec=$((16 + 8 * (45 * 10 * 5 + 10 * 4) + 8)) n=0
  for _ in $(seq 1 600); do
    [ -f "$out.journal" ] && n=$(journal_runs "$out.journal" "$rec")
    [ "$n" -ge 3 ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ "$n" -ge 3 ] || fail "the sweep never recorded 3 runs"
  kill -"$sig" $pid
  wait $pid
  local rc=$?
  cat "$tmp/stderr"
  case $sig in
    INT|TERM) [ $rc -eq 130 ] || fail "SIG$sig: exit $rc, expected 130"
              grep -q -- "--resume" "$tmp/stderr" || fail "SIG$sig: no hint to resume" ;;
    KILL)     [ $rc -eq 137 ] || fail "SIGKILL: exit $rc" ;;
  esac
  [ ! -e "$out" ] || fail "SIG$sig: an output file exists after the sweep was killed"
  [ -f "$out.journal" ] || fail "SIG$sig: no journal kept"
  local kept
  kept=$(journal_runs "$out.journal" "$rec")
  [ "$kept" -lt 27 ] || fail "SIG$sig: the sweep finished before it was killed"
  "$WIJKSIM" sweep "$demo" -o "$out" --resume 2> "$tmp/resume" || { cat "$tmp/resume"; fail "resume"; }
  cat "$tmp/resume"
  grep -q "$kept already done" "$tmp/resume" || fail "resume did not keep the $kept finished runs"
  [ ! -e "$out.journal" ] || fail "journal left after a complete sweep"
  same "$out" "resume after SIG$sig"
  "$WIJKSIM" sweep "$demo" -o "$out" --resume 2> "$tmp/again" || fail "second resume"
  grep -q "nothing to resume" "$tmp/again" || fail "a complete sweep was run again"
}

case "${1:-}" in
reference)
  mkdir -p "$SWEEP_REF_DIR"
  "$WIJKSIM" sweep "$demo" -o "$ref" --threads 2 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "sweep"; }
  cat "$tmp/stderr"
  grep -q "27 runs" "$tmp/stderr" || fail "the demo is not 9 points x 3 replications"
  grep -q "bytes per run" "$tmp/stderr" || fail "no size report"
  [ -f "$ref" ] && [ ! -e "$ref.journal" ] && [ ! -e "$ref.tmp" ] || fail "output missing or journal left"
  "$WS_PY" "$WS_SRC_DIR/tests/sweep_check.py" "$ref" "$demo" || fail "h5py check"
  h5dump -H "$ref" > /dev/null || fail "h5dump -H" ;;
info)
  "$WIJKSIM" info "$ref" > "$tmp/info" || fail "info"
  cat "$tmp/info"
  grep -q "debt_budget" "$tmp/info" && grep -q "jobs_budget" "$tmp/info" || fail "info lacks the factors"
  grep -qi "grid" "$tmp/info" || fail "info lacks the design"
  grep -q "reference point 0 (debt_budget = 0, jobs_budget = 0)" "$tmp/info" || fail "info lacks the reference point"
  "$WIJKSIM" check "$demo" > "$tmp/check" || fail "check"
  grep -q "valid sweep" "$tmp/check" && grep -q "27 runs" "$tmp/check" || fail "check output" ;;
one_thread)
  "$WIJKSIM" sweep "$demo" -o "$tmp/t1.h5" --threads 1 --quiet || fail "sweep"
  same "$tmp/t1.h5" "1 thread" ;;
mpi2)
  mpi 2 "$WIJKSIM" sweep "$demo" -o "$tmp/m2.h5" --quiet || fail "mpirun -np 2"
  same "$tmp/m2.h5" "mpirun -np 2"
  "$WS_PY" -c "import h5py,sys; f=h5py.File(sys.argv[1]); sys.exit(0 if f.attrs['split'] in (b'mpi 2 ranks','mpi 2 ranks') else 1)" "$tmp/m2.h5" || fail "split attribute" ;;
mpi3)
  mpi 3 "$WIJKSIM" sweep "$demo" -o "$tmp/m3.h5" --quiet || fail "mpirun -np 3"
  same "$tmp/m3.h5" "mpirun -np 3" ;;
shards3)
  for i in 1 2 3; do
    "$WIJKSIM" sweep "$demo" --shard $i/3 -o "$tmp/part$i.h5" --quiet --threads 1 || fail "shard $i/3"
  done
  "$WIJKSIM" info "$tmp/part2.h5" > /dev/null || fail "info on a part"
  "$WIJKSIM" merge "$tmp/part3.h5" "$tmp/part1.h5" "$tmp/part2.h5" -o "$tmp/merged.h5" || fail "merge"
  same "$tmp/merged.h5" "3 shards merged"
  "$WIJKSIM" merge "$tmp/part1.h5" "$tmp/part2.h5" -o "$tmp/bad.h5" 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "missing" "$tmp/err" && [ ! -e "$tmp/bad.h5" ] || fail "merge with a part missing: exit $rc"
  "$WIJKSIM" merge "$tmp/part1.h5" "$tmp/part1.h5" "$tmp/part2.h5" "$tmp/part3.h5" -o "$tmp/bad.h5" 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "also in part" "$tmp/err" && [ ! -e "$tmp/bad.h5" ] || fail "merge with a part twice: exit $rc"
  "$WIJKSIM" merge "$ref" -o "$tmp/bad.h5" 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "not a part" "$tmp/err" || fail "merge of a whole sweep: exit $rc" ;;
resume_sigint)  kill_and_resume INT ;;
resume_sigterm) kill_and_resume TERM ;;
resume_sigkill) kill_and_resume KILL ;;
journal_guard)
  out="$tmp/g.h5"
  "$WIJKSIM" sweep "$demo" -o "$out" --quiet --threads 1 &
  pid=$!
  for _ in $(seq 1 300); do [ -s "$out.journal" ] && break; sleep 0.1; done
  kill -KILL $pid; wait $pid 2>/dev/null
  "$WIJKSIM" sweep "$demo" -o "$out" --quiet 2> "$tmp/err"; rc=$?
  cat "$tmp/err"
  [ $rc -eq 2 ] && grep -q -- "--resume" "$tmp/err" || fail "a journal was overwritten without --resume (exit $rc)"
  cp "$out.journal" "$tmp/other.h5.journal"
  "$WIJKSIM" sweep "$data/saltelli_inert.lua" -o "$tmp/other.h5" --resume --quiet 2> "$tmp/err"; rc=$?
  cat "$tmp/err"
  [ $rc -eq 2 ] && grep -q "another sweep" "$tmp/err" || fail "a journal of another sweep was accepted (exit $rc)" ;;
sensitivity_known)
  # Saltelli design over a budget that matters and a factor that cannot matter (a package that
  # starts after the horizon): the inert factor's indices must be exactly 0 (the model output
  # does not change with it, bit for bit), the active one's near 1.
  "$WIJKSIM" sweep "$data/saltelli_inert.lua" -o "$tmp/s.h5" --quiet || fail "sweep"
  "$WIJKSIM" sensitivity "$tmp/s.h5" --indicator work_employment_rate --year 2030 > "$tmp/table" || fail "sensitivity"
  cat "$tmp/table"
  "$WIJKSIM" sensitivity "$tmp/s.h5" --indicator work_employment_rate --year 2030 --csv > "$tmp/s.csv" || fail "sensitivity --csv"
  "$WS_PY" - "$tmp/s.csv" <<'EOF' || fail "indices"
import csv, sys
rows = {r["factor"]: r for r in csv.DictReader(open(sys.argv[1]))}
late, jobs = rows["late_budget"], rows["jobs_budget"]
f = {k: float(v) for k, v in late.items() if k not in ("factor", "param")}
assert f["ST"] == 0.0 and f["ST_lo"] == 0.0 and f["ST_hi"] == 0.0, f
assert f["S1"] == 0.0 and f["S1_lo"] == 0.0 and f["S1_hi"] == 0.0, f
g = {k: float(v) for k, v in jobs.items() if k not in ("factor", "param")}
# The output is a function of jobs_budget alone, so its true S1 and ST are 1. The estimates
# from N = 16 base rows must lie within 4 standard errors of 1, the standard error taken from the
# 95 % bootstrap interval (width / 3.92), as in sweep.sobol_ishigami.
for k in ("S1", "ST"):
    se = (g[k + "_hi"] - g[k + "_lo"]) / 3.92
    assert se > 0 and abs(g[k] - 1) <= 4 * se, (k, g)
print("inert factor: S1 = ST = 0 exactly; active factor: S1 = %.3f, ST = %.3f (truth 1)" % (g["S1"], g["ST"]))
EOF
  "$WIJKSIM" sensitivity "$SWEEP_REF_DIR/ref.h5" --indicator work_employment_rate --year 2030 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "saltelli" "$tmp/err" || fail "sensitivity on a grid sweep: exit $rc"
  "$WIJKSIM" sensitivity "$tmp/s.h5" --indicator no_such --year 2030 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] || fail "unknown indicator: exit $rc" ;;
cluster_scripts)
  # The Slurm scripts outside Slurm: the array tasks' environment set by hand, then the merge;
  # and the MPI batch script with this machine's mpirun.
  export WIJKSIM
  for i in 1 2 3; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 \
      bash "$WS_SRC_DIR/scripts/cluster/sweep_array.sbatch" "$demo" "$tmp/arr" 2> "$tmp/err" || { cat "$tmp/err"; fail "array task $i"; }
  done
  SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 bash "$WS_SRC_DIR/scripts/cluster/sweep_array.sbatch" "$demo" "$tmp/arr" | grep -q "complete" || fail "a finished task ran again"
  bash "$WS_SRC_DIR/scripts/cluster/sweep_merge.sbatch" "$tmp/arr" > "$tmp/merge.out" 2>&1 || { cat "$tmp/merge.out"; fail "merge script"; }
  same "$tmp/arr/sweep.h5" "Slurm array scripts"
  if command -v mpirun > /dev/null; then
    root=""; [ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
    ASAN_OPTIONS="$MPI_ASAN" MPIRUN="mpirun $root --oversubscribe -x ASAN_OPTIONS -np 2" \
      bash "$WS_SRC_DIR/scripts/cluster/sweep_mpi.sbatch" "$demo" "$tmp/mpi" 2> "$tmp/err" || { cat "$tmp/err"; fail "MPI batch script"; }
    same "$tmp/mpi/sweep.h5" "MPI batch script"
  fi
  bash -n "$WS_SRC_DIR/scripts/cluster/submit_sweep.sh" || fail "submit_sweep.sh syntax" ;;
bad_sweep_key)     expect_bad bad_key.lua 5 "replicatons" ;;
bad_factor_key)    expect_bad bad_factor_key.lua 7 "stpes" ;;
bad_design)        expect_bad bad_design.lua 4 "design" ;;
bad_param_range)   expect_bad bad_param_range.lua 6 "mort_hr_male" ;;
bad_point_scenario) expect_bad bad_point_scenario.lua 11 "rijk_eur_per_year" ;;
bad_constraint)    expect_bad bad_constraint.lua 8 "constraint" ;;
bad_frame)         expect_bad bad_frame.lua 7 "years" ;;
bad_reference)     expect_bad bad_reference.lua 6 "reference" ;;
bad_run_sweep)
  "$WIJKSIM" run "$demo" -o "$tmp/x.h5" 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] && grep -q "wijksim sweep" "$tmp/err" || fail "run on a sweep file: exit $rc"
  "$WIJKSIM" sweep "$demo" --shard 4/3 2> /dev/null; [ $? -eq 2 ] || fail "--shard 4/3"
  "$WIJKSIM" sweep "$demo" --shard x 2> /dev/null; [ $? -eq 2 ] || fail "--shard x"
  "$WIJKSIM" sweep 2> /dev/null; [ $? -eq 2 ] || fail "sweep without file" ;;
*) fail "unknown case '${1:-}'" ;;
esac
exit 0
