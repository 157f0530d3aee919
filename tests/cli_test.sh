#!/usr/bin/env bash
# cli_test.sh: end-to-end tests of the wijksim command line, one case per invocation:
#   bash tests/cli_test.sh CASE
# Needs WIJKSIM (the binary), WS_SRC_DIR (source tree) and WS_PY (Debian's python3) in the
# environment; tests/cli.cmake registers every case as its own ctest.
set -uo pipefail
: "${WIJKSIM:?}" "${WS_SRC_DIR:?}" "${WS_PY:=/usr/bin/python3}"
data="$WS_SRC_DIR/tests/data/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/test_lib.sh
. "$WS_SRC_DIR/tests/test_lib.sh"

# expect_bad SCENARIO LINE KEY: `wijksim run` on tests/data/cli/SCENARIO is refused (test_lib.sh).
expect_bad() { expect_bad_input run "$data/$1" "$2" "$3"; }

case "${1:-}" in
help)
  "$WIJKSIM" --help | grep -q "usage: wijksim COMMAND" || fail "--help"
  # every command in the general usage has its own help, both ways
  cmds=$("$WIJKSIM" --help | sed -n '/^commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}' | grep -v '^help$')
  [ "$(echo "$cmds" | wc -l)" -ge 10 ] || fail "--help lists $(echo "$cmds" | wc -l) commands"
  for c in $cmds; do
    "$WIJKSIM" $c --help | grep -q "usage: wijksim $c" || fail "$c --help"
    "$WIJKSIM" help $c | grep -q "usage: wijksim $c" || fail "help $c"
  done
  "$WIJKSIM" help frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "help of an unknown command"
  "$WIJKSIM" help > /dev/null || fail "help without a command" ;;
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
compare_run)
  # a comparison end to end: progress per scenario, the file, info, readback
  out="$tmp/cmp.h5"
  "$WIJKSIM" run "$data/compare.lua" -o "$out" --threads 2 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "run"; }
  cat "$tmp/stderr"
  grep -q "comparison 'debt counselling test'" "$tmp/stderr" || fail "no comparison header"
  grep -q "scenario 1/2 'base'  replication 3/3  year 2028 (3/3)" "$tmp/stderr" || fail "no baseline progress"
  grep -q "scenario 2/2 'debt_help'  replication 3/3  year 2028 (3/3)" "$tmp/stderr" || fail "no option progress"
  grep -q "person-months/s" "$tmp/stderr" || fail "no performance line"
  grep -q "shared by 2 scenarios" "$tmp/stderr" || fail "calibration not shared"
  [ -f "$out" ] && [ ! -e "$out.tmp" ] || fail "output missing or temporary left"
  "$WIJKSIM" info "$out" > "$tmp/info" || fail "info"
  grep -q "file_kind *comparison" "$tmp/info" || fail "info: file_kind"
  grep -q "1 intervention: debt_counselling" "$tmp/info" || fail "info lacks the intervention"
  h5dump -H "$out" > /dev/null || fail "h5dump -H"
  "$WS_PY" "$WS_SRC_DIR/tests/h5_readback.py" "$out" "$data/compare.lua" || fail "h5py read-back"
  "$WS_PY" - "$out" <<'PY' || fail "comparison contents"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f.attrs["file_kind"] == "comparison"
assert list(f.attrs["scenarios"]) == ["base", "debt_help"], f.attrs["scenarios"]
assert f.attrs["baseline"] == "base"
assert f.attrs["comparison_name"] == "debt counselling test"
assert "interventions" not in f["scenarios/base"]
iv = f["scenarios/debt_help/interventions"]
assert list(iv["intervention"].asstr()[()]) == ["debt_counselling"]
sp = iv["spend"][()]
assert sp.shape == (3, 3, 2, 1, 4), sp.shape
# 400 places per area per year at EUR 3,500, shared 70/30 Rijk/municipality
assert sp.sum() > 0 and np.allclose(sp[..., 1].sum() / sp.sum(), 0.3), sp.sum(axis=(0, 1, 2, 3))
assert sp[..., 2:].sum() == 0
assert iv["participants"][()].sum() > 0
# common random numbers: an indicator the programme cannot touch is identical
a = f["scenarios/base/indicators/safety_crime_per_1000"][()]
b = f["scenarios/debt_help/indicators/safety_crime_per_1000"][()]
assert np.array_equal(a, b)
d = f["summary/debt_help/work_problem_debt_households/diff_mean"][()]
assert d[-1, -1] < 0, d   # fewer households in problem debt in the last year
ce = f["summary/debt_help/cost_effectiveness"][()]
row = [r for r in ce if r["indicator"].decode() == "work_problem_debt_households"][0]
assert row["distinguishable"] == 1 and row["eur_per_unit_total_mean"] > 0, row
assert abs(row["spend_total"] - sp.sum() / 3) < 1e-6 * sp.sum()
PY
  ;;
compare_summary)
  out="$tmp/cmp.h5"
  "$WIJKSIM" run "$data/compare.lua" -o "$out" --quiet || fail "run"
  "$WIJKSIM" summary "$out" > "$tmp/board" || fail "summary"
  cat "$tmp/board"
  grep -q 'option "debt_help" vs baseline "base"' "$tmp/board" || fail "no option block"
  grep -q "work_problem_debt_households" "$tmp/board" || fail "no headline"
  grep -q "not distinguishable from zero" "$tmp/board" || fail "no 'not distinguishable'"
  grep -q "household-year out of problematic debt" "$tmp/board" || fail "no CE unit"
  "$WIJKSIM" summary "$out" --years 2027,2028 --area delft_west > "$tmp/b2" || fail "--years --area"
  grep -q "Delft West" "$tmp/b2" || fail "--area not shown"
  [ "$(grep -c ' 2027 ' "$tmp/b2")" -ge 9 ] || fail "--years 2027 not shown"
  "$WIJKSIM" summary "$out" --years 1999 2> /dev/null; [ $? -eq 2 ] || fail "--years 1999 exit"
  "$WIJKSIM" summary "$out" --area atlantis 2> /dev/null; [ $? -eq 2 ] || fail "--area atlantis exit"
  "$WIJKSIM" summary "$out" --years x 2> /dev/null; [ $? -eq 2 ] || fail "--years x exit"
  "$WIJKSIM" summary 2> /dev/null; [ $? -eq 2 ] || fail "summary without file"
  "$WIJKSIM" summary "$tmp/none.h5" 2> /dev/null; [ $? -eq 1 ] || fail "summary on a missing file"
  # the CSV repeats the numbers in /summary exactly (%.17g)
  for args in "" "--area vlaardingen_west --years 2026,2028"; do
    "$WIJKSIM" summary "$out" --csv $args > "$tmp/board.csv" || fail "summary --csv $args"
    "$WS_PY" - "$out" "$tmp/board.csv" <<'PY' || fail "summary --csv $args differs from /summary"
import csv, sys, h5py, math
f = h5py.File(sys.argv[1], "r")
rows = list(csv.DictReader(open(sys.argv[2])))
assert rows, "no rows"
years = list(f["year"][()])
areas = list(f["summary/area"].asstr()[()])
ce = {r["indicator"].decode(): r for r in f["summary/debt_help/cost_effectiveness"][()]}
def same(text, value):
    if text == "":
        return math.isnan(value)
    return float(text) == float(value)
n = 0
for r in rows:
    y, a = years.index(int(r["year"])), areas.index(r["area"])
    g = "summary/%s/" + r["indicator"] + "/%s"
    for col, scen, stat in [("baseline_mean", "base", "mean"), ("option_mean", "debt_help", "mean"),
                            ("diff_mean", "debt_help", "diff_mean"), ("diff_p05", "debt_help", "diff_p05"),
                            ("diff_p95", "debt_help", "diff_p95")]:
        v = f[g % (scen, stat)][y, a]
        assert same(r[col], v), (r["indicator"], col, r[col], v)
        n += 1
    c = ce.get(r["indicator"])
    if c is None:
        assert r["ce_status"] == "n/a", r
        continue
    for col, field in [("improvement_mean", "improvement_mean"), ("improvement_p05", "improvement_p05"),
                       ("improvement_p95", "improvement_p95"), ("spend_total_eur", "spend_total"),
                       ("spend_rijk_eur", "spend_rijk"), ("eur_per_unit_total", "eur_per_unit_total_mean"),
                       ("eur_per_unit_rijk_p95", "eur_per_unit_rijk_p95")]:
        assert same(r[col], c[field]), (r["indicator"], col, r[col], c[field])
        n += 1
    want = {1: "ok", 0: "not distinguishable from zero", -1: "worse"}[int(c["distinguishable"])]
    assert r["ce_status"] == want, (r["ce_status"], want)
print("summary --csv matches /summary: %d rows, %d values" % (len(rows), n))
PY
  done
  # a plain run file: the scenario's means with bands
  "$WIJKSIM" run "$data/small.lua" -o "$tmp/small.h5" --quiet || fail "run small"
  "$WIJKSIM" summary "$tmp/small.h5" > "$tmp/b3" || fail "summary of a run"
  cat "$tmp/b3"
  grep -q 'scenario "small" (no options)' "$tmp/b3" || fail "run summary header"
  "$WIJKSIM" summary "$tmp/small.h5" --csv | head -1 | grep -q '^scenario,indicator,units,year,area,mean,p05,p95$' || fail "run csv header" ;;
compare_interrupted)
  out="$tmp/int.h5"
  "$WIJKSIM" run "$data/compare.lua" -o "$out" --replications 50 --quiet &
  pid=$!
  sleep 3
  kill -TERM $pid
  wait $pid; rc=$?
  [ $rc -eq 130 ] || fail "interrupted comparison exited $rc, expected 130"
  [ ! -e "$out" ] && [ ! -e "$out.tmp" ] || fail "interrupted comparison left a file" ;;
hook_run)
  # a yearly policy hook moves the safety envelope towards the area with the most youth offending
  out="$tmp/hook.h5"
  "$WIJKSIM" run "$data/hook.lua" -o "$out" --threads 2 --quiet 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "run with a hook"; }
  cat "$tmp/stderr"
  [ "$(grep -c '^hook 20' "$tmp/stderr")" -eq 6 ] || fail "hook not called after each year of each replication"
  grep -q '^hook 2026: .* -> weight ' "$tmp/stderr" || fail "hook output"
  [ -f "$out" ] || fail "no output file"
  "$WIJKSIM" run "$data/hook.lua" -o "$tmp/hook1.h5" --threads 1 --quiet 2> /dev/null || fail "run with 1 thread"
  "$WS_PY" "$WS_SRC_DIR/tests/h5compare.py" "$out" "$tmp/hook1.h5" || fail "hook results depend on the thread count" ;;
hook_error)
  expect_bad hook_error.lua "hook_error.lua:9" "hook" ;;
readme_examples)
  # every Lua example in the README that returns a scenario or comparison must validate
  cp -r "$WS_SRC_DIR/scenarios" "$tmp/scenarios"
  "$WS_PY" - "$WS_SRC_DIR/README.md" "$tmp/scenarios" <<'PY' || fail "extracting examples"
import re, sys
text = open(sys.argv[1]).read()
blocks = [b for b in re.findall(r"```lua\n(.*?)```", text, re.S) if "return wijksim." in b]
assert len(blocks) >= 3, len(blocks)
for k, b in enumerate(blocks):
    open(f"{sys.argv[2]}/readme_example_{k}.lua", "w").write(b)
print(len(blocks), "examples")
PY
  for f in "$tmp"/scenarios/readme_example_*.lua; do
    "$WIJKSIM" check "$f" > "$tmp/check.out" 2>&1 || { cat "$tmp/check.out"; fail "README example $(basename "$f") does not validate"; }
  done
  # every shipped scenario (catalogue.lua is the module they require)
  n=0
  for f in "$WS_SRC_DIR"/scenarios/*.lua; do
    [ "$(basename "$f")" = catalogue.lua ] && continue
    "$WIJKSIM" check "$f" > /dev/null || fail "$f does not validate"
    n=$((n + 1))
  done
  [ "$n" -ge 8 ] || fail "only $n shipped scenarios found" ;;
check)
  "$WIJKSIM" check "$data/compare.lua" > "$tmp/c.out" || fail "check on a valid comparison"
  grep -q "valid. 2 scenario(s)" "$tmp/c.out" || fail "check output"
  "$WIJKSIM" check "$data/bad_key.lua" 2> "$tmp/c.err"; [ $? -eq 2 ] || fail "check on a bad file must exit 2"
  grep -q "bad_key.lua:4" "$tmp/c.err" || fail "check names file:line" ;;
budget_shortfall)
  # a package that pays half its plan from 2028: check and run warn, naming the package, the
  # interventions, the payer and the years; the file holds planned and funded places
  "$WIJKSIM" check "$data/shortfall.lua" > "$tmp/c.out" || fail "check on shortfall.lua"
  want="package 'werk' pays only 50 % of what coaching, more coaching plan to spend from the rijk budget in 2028-2029"
  grep -qF "warning: scenario 'short': $want" "$tmp/c.out" || { cat "$tmp/c.out"; fail "check warning"; }
  "$WIJKSIM" run "$data/shortfall.lua" -o "$tmp/s.h5" 2> "$tmp/r.err" > /dev/null || fail "run"
  grep -qF "$want" "$tmp/r.err" || fail "run warning"
  "$WS_PY" - "$tmp/s.h5" <<'PY' || fail "planned vs places in the file"
import sys, h5py, numpy as np
g = h5py.File(sys.argv[1], "r")["scenarios/short/interventions"]
planned = g["planned"][0].sum(axis=1)  # [year, intervention], both areas
places = g["places"][0].sum(axis=1)
assert np.allclose(planned[:, 0], 400) and np.allclose(planned[2:, 1], 400), planned
assert np.allclose(places[:2], planned[:2]), (places, planned)   # 2026-27: funded
assert np.allclose(places[2:].sum(axis=1), 400), places          # 2028-29: half of 800
print("planned", planned.tolist(), "places", places.tolist())
PY
  # the shipped scenarios pay what they plan
  for f in nprz nprz_parts rijksinzet; do
    "$WIJKSIM" check "$WS_SRC_DIR/scenarios/$f.lua" > "$tmp/$f.out" || fail "check $f"
    ! grep -q "warning" "$tmp/$f.out" || { cat "$tmp/$f.out"; fail "$f has a budget shortfall"; }
  done ;;
decompose)
  # nprz_parts.lua splits nprz.lua into its interventions: each alone plans exactly the places or
  # amounts it plans inside the package; scripts/decompose.py tabulates option - baseline with
  # 90 % bands that contain their estimates, and refuses an ambiguous area
  (cd "$WS_SRC_DIR/scenarios" && "$WIJKSIM" run nprz_parts.lua --scale 0.01 --replications 3 \
     -o "$tmp/parts.h5" --quiet) || fail "run nprz_parts.lua"
  "$WS_PY" - "$tmp/parts.h5" <<'PY' || fail "parts plan what the package plans"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
whole = f["scenarios/NPRZ/interventions"]
names = [n.decode() if isinstance(n, bytes) else n for n in whole["intervention"][:]]
assert len(names) == 12, names
for k, n in enumerate(names):
    typ = whole["definitions"]["type"][k]
    typ = typ.decode() if isinstance(typ, bytes) else typ
    alone = f[f"scenarios/{typ} alone/interventions/planned"][:, :, :, 0]
    assert np.array_equal(alone, whole["planned"][:, :, :, k]), (n, alone[0, :3], whole["planned"][0, :3, :, k])
print(len(names), "parts plan as in the package")
PY
  "$WS_PY" "$WS_SRC_DIR/scripts/decompose.py" "$tmp/parts.h5" > "$tmp/d.txt" || fail "decompose.py"
  cat "$tmp/d.txt"
  [ "$(tail -n +4 "$tmp/d.txt" | wc -l)" -eq 13 ] || fail "13 options expected"
  grep -q "(few replications)" "$tmp/d.txt" || fail "3 replications not flagged as few"
  "$WS_PY" - "$tmp/d.txt" <<'PY' || fail "an estimate outside its band"
import re, sys
cells = re.findall(r"([+-][0-9.]+) \[([+-][0-9.]+), ([+-][0-9.]+)\]", open(sys.argv[1]).read())
assert len(cells) >= 13 * 5, len(cells)
for m, lo, hi in cells:
    assert float(lo) <= float(m) <= float(hi), (m, lo, hi)
PY
  "$WS_PY" "$WS_SRC_DIR/scripts/decompose.py" "$tmp/parts.h5" --area nowhere 2> "$tmp/e.txt"
  [ $? -ne 0 ] && grep -q "no area 'nowhere'" "$tmp/e.txt" || fail "decompose.py --area nowhere" ;;
*) fail "unknown case '${1:-}'" ;;
esac
echo "ok ${1}"
