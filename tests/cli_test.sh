#!/usr/bin/env bash
# cli_test.sh: end-to-end tests of the wijksim command line, one case per invocation:
#   bash tests/cli_test.sh CASE
# Needs WIJKSIM (the binary), WS_SRC_DIR (source tree) and WS_PY (Debian's python3) in the
# environment; tests/CMakeLists.txt registers every case as its own ctest.
set -uo pipefail
: "${WIJKSIM:?}" "${WS_SRC_DIR:?}" "${WS_PY:=/usr/bin/python3}"
data="$WS_SRC_DIR/tests/data/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_bad SCENARIO LINE KEY: exit 2, one message naming file:line and key, no output file.
expect_bad() {
  local scen=$1 line=$2 key=$3 out="$tmp/out.h5"
  "$WIJKSIM" run "$data/$scen" -o "$out" --quiet > "$tmp/stdout" 2> "$tmp/stderr"
  local rc=$?
  cat "$tmp/stderr"
  [ $rc -eq 2 ] || fail "$scen: exit $rc, expected 2"
  grep -q "$line" "$tmp/stderr" || fail "$scen: message does not name '$line'"
  grep -q "$key" "$tmp/stderr" || fail "$scen: message does not name key '$key'"
  [ "$(wc -l < "$tmp/stderr")" -eq 1 ] || fail "$scen: expected one line of error"
  [ ! -e "$out" ] && [ ! -e "$out.tmp" ] || fail "$scen: an output file was left behind"
}

case "${1:-}" in
help)
  "$WIJKSIM" --help | grep -q "usage: wijksim COMMAND" || fail "--help"
  for c in run params info; do
    "$WIJKSIM" $c --help | grep -q "usage: wijksim $c" || fail "$c --help"
    "$WIJKSIM" help $c | grep -q "usage: wijksim $c" || fail "help $c"
  done ;;
version)
  "$WIJKSIM" --version | grep -Eq '^wijksim [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]+' || fail "--version" ;;
params)
  n=$(grep -c '^WS_PARAM(' "$WS_SRC_DIR/include/wijksim/params.def")
  m=$("$WIJKSIM" params --csv | tail -n +2 | wc -l)
  [ "$n" -eq "$m" ] || fail "params --csv lists $m of $n parameters"
  "$WIJKSIM" params > "$tmp/p.txt"; grep -q "mort_hr_poor_health" "$tmp/p.txt" || fail "params text"
  "$WIJKSIM" params --csv > "$tmp/p.csv"; head -1 "$tmp/p.csv" | grep -q '^name,type,default,min,max,unit,source,doc$' || fail "csv header" ;;
bad_usage)
  "$WIJKSIM" frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "unknown command"
  "$WIJKSIM" run 2>/dev/null; [ $? -eq 2 ] || fail "run without scenario"
  "$WIJKSIM" run "$data/small.lua" --threads abc 2>/dev/null; [ $? -eq 2 ] || fail "--threads abc"
  "$WIJKSIM" run "$data/small.lua" --scale 2 2>/dev/null; [ $? -eq 2 ] || fail "--scale 2"
  "$WIJKSIM" run "$data/small.lua" --seed -1 2>/dev/null; [ $? -eq 2 ] || fail "--seed -1"
  "$WIJKSIM" run "$data/small.lua" --bogus 2>/dev/null; [ $? -eq 2 ] || fail "--bogus"
  "$WIJKSIM" run "$tmp/nonexistent.lua" 2>/dev/null; rc=$?; [ $rc -eq 2 ] || [ $rc -eq 1 ] || fail "missing scenario: exit $rc"
  "$WIJKSIM" info 2>/dev/null; [ $? -eq 2 ] || fail "info without file"
  "$WIJKSIM" info "$tmp/none.h5" 2>/dev/null; [ $? -ne 0 ] || fail "info on a missing file" ;;
bad_key)     expect_bad bad_key.lua "bad_key.lua:4" "yeers" ;;
bad_area)    expect_bad bad_area.lua "bad_area.lua:5" "atlantis_noord" ;;
bad_range)   expect_bad bad_range.lua "bad_range.lua:5" "scale" ;;
bad_type)    expect_bad bad_type.lua "bad_type.lua:4" "replications" ;;
bad_syntax)  expect_bad bad_syntax.lua "bad_syntax.lua:4" "syntax\|expected\|near" ;;
bad_param)   expect_bad bad_param.lua "bad_param.lua:5" "mort_hr_poor_health" ;;
bad_csv_missing_column) expect_bad bad_csv_missing_column.lua "missing_column.csv:1" "dwellings" ;;
bad_csv_negative_count) expect_bad bad_csv_negative_count.lua "negative_count.csv:3" "residents" ;;
bad_csv_share_over_100) expect_bad bad_csv_share_over_100.lua "share_over_100.csv:4" "bijstand_hh" ;;
run_info_readback)
  out="$tmp/small.h5"
  "$WIJKSIM" run "$data/small.lua" -o "$out" --threads 2 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "run"; }
  grep -q "replication 2/2  year 2028 (3/3)" "$tmp/stderr" || fail "no progress per year"
  grep -q "person-months/s" "$tmp/stderr" || fail "no performance line"
  [ -f "$out" ] && [ ! -e "$out.tmp" ] || fail "output missing or temporary left"
  "$WIJKSIM" info "$out" > "$tmp/info" || fail "info"
  grep -q "work_employment_rate" "$tmp/info" || fail "info lacks indicators"
  grep -q "Vlaardingen" "$tmp/info" || fail "info lacks area names"
  h5dump -H "$out" > /dev/null || fail "h5dump -H"
  "$WS_PY" "$WS_SRC_DIR/tests/h5_readback.py" "$out" "$data/small.lua" || fail "h5py read-back" ;;
quiet)
  "$WIJKSIM" run "$data/small.lua" -o "$tmp/q.h5" --quiet > "$tmp/stdout" 2> "$tmp/stderr" || fail "run"
  [ ! -s "$tmp/stderr" ] && [ ! -s "$tmp/stdout" ] || fail "--quiet printed something" ;;
threads_identical)
  "$WIJKSIM" run "$data/small.lua" -o "$tmp/t1.h5" --threads 1 --quiet || fail "run 1 thread"
  "$WIJKSIM" run "$data/small.lua" -o "$tmp/t2.h5" --threads 2 --quiet || fail "run 2 threads"
  "$WS_PY" "$WS_SRC_DIR/tests/h5compare.py" "$tmp/t1.h5" "$tmp/t2.h5" || fail "datasets differ between 1 and 2 threads" ;;
overrides)
  "$WIJKSIM" run "$data/small.lua" -o "$tmp/o.h5" --quiet --replications 3 --seed 99 --scale 0.25 || fail "run"
  "$WS_PY" - "$tmp/o.h5" <<'PY' || fail "overrides not in the file"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["replications"] == 3, f.attrs["replications"]
assert f.attrs["seed"] == 99, f.attrs["seed"]
assert abs(f.attrs["scale"] - 0.25) < 1e-12, f.attrs["scale"]
assert f["/scenarios/small/indicators/population"].shape == (3, 3, 2)
PY
  ;;
interrupted)
  # SIGINT during the run: exit 130, no output file
  out="$tmp/int.h5"
  "$WIJKSIM" run "$data/small.lua" -o "$out" --replications 50 --quiet &
  pid=$!
  sleep 2
  kill -INT $pid
  wait $pid; rc=$?
  [ $rc -eq 130 ] || fail "interrupted run exited $rc, expected 130"
  [ ! -e "$out" ] && [ ! -e "$out.tmp" ] || fail "interrupted run left a file" ;;
*) fail "unknown case '${1:-}'" ;;
esac
echo "ok ${1}"
