#!/usr/bin/env bash
# fields_cli_test.sh: the intervention keys end to end, one case per invocation:
#   bash tests/fields_cli_test.sh CASE
# `wijksim interventions` (help, listing, bad usage), `wijksim check` on generated files with a
# bad key (exit 2, one line naming file:line and the key), and the README's key tables against
# `wijksim interventions --markdown` (so against include/wijksim/intervention_fields.def).
# Needs WIJKSIM, WS_SRC_DIR and WS_PY in the environment (tests/fields.cmake).
set -uo pipefail
: "${WIJKSIM:?}" "${WS_SRC_DIR:?}" "${WS_PY:=/usr/bin/python3}"
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
. "$WS_SRC_DIR/tests/test_lib.sh" # fail
def="$WS_SRC_DIR/include/wijksim"

# expect_check FILE LINE KEY: `wijksim check FILE` exits 2 with one line naming FILE:LINE and
# key 'KEY'.
expect_check() {
  local file=$1 line=$2 key=$3
  "$WIJKSIM" check "$file" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  cat "$tmp/err"
  [ $rc -eq 2 ] || fail "$(basename "$file"): exit $rc, expected 2"
  grep -q "$(basename "$file"):$line: key '$key': " "$tmp/err" || fail "$(basename "$file"): no $line: key '$key'"
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "$(basename "$file"): expected one line of error"
}

case "${1:-}" in
interventions_help)
  "$WIJKSIM" interventions --help > "$tmp/h" || fail "interventions --help exit"
  grep -q "usage: wijksim interventions" "$tmp/h" || fail "interventions --help text"
  "$WIJKSIM" --help | grep -q "^  interventions " || fail "wijksim --help lists interventions" ;;
interventions_list)
  "$WIJKSIM" interventions > "$tmp/list" || fail "interventions exit"
  # every transition, place target, selectable state and key of the declarations is listed
  for name in $(grep -o '^WS_TRANSITION([A-Z_]*, "[a-z_]*"' "$def/transitions.def" | cut -d'"' -f2) \
              $(grep -o '^WS_PLACE_[A-Z]*([A-Z_]*, "[a-z_]*"' "$def/place_targets.def" | cut -d'"' -f2) \
              $(grep -o '^WS_[A-Z_]*([A-Z_]*, "[a-z_.]*"' "$def/intervention_fields.def" | cut -d'"' -f2) \
              $(grep -o '^    X([A-Z]*, "[a-z_]*"' "$def/states.h" | cut -d'"' -f2); do
    grep -qE "^ +$name( |$)" "$tmp/list" || fail "'$name' is not listed"
  done
  n=$(grep -c '^WS_IV_FIELD(' "$def/intervention_fields.def")
  m=$("$WIJKSIM" interventions --markdown | grep -c '^| `')
  k=$(grep -c '^WS_PK_' "$def/intervention_fields.def")
  [ "$m" -eq $((n + k)) ] || fail "--markdown has $m key rows, the .def $((n + k)) keys" ;;
interventions_bad_usage)
  "$WIJKSIM" interventions --bogus > /dev/null 2> "$tmp/e"; [ $? -eq 2 ] || fail "--bogus must exit 2"
  grep -q "unknown argument '--bogus'" "$tmp/e" || fail "--bogus message" ;;
check_generated)
  cp "$WS_SRC_DIR/tests/data/lua/areas3.csv" "$tmp/"
  cat > "$tmp/take_up.lua" <<'LUA'
return wijksim.scenario {
  name = "g1", area_data = "areas3.csv",
  interventions = { wijksim.intervention {
    name = "t", transition = "job_finding", places_per_year = 10,
    take_up = 2 } },
}
LUA
  expect_check "$tmp/take_up.lua" 5 take_up
  grep -q "intervention 't': 'take_up' must be a number from 0 to 1, not 2" "$tmp/err" || fail "take_up message"
  cat > "$tmp/budget.lua" <<'LUA'
return wijksim.scenario {
  name = "g2", area_data = "areas3.csv",
  packages = { wijksim.package { name = "p",
    rijk_eur_per_year = 1e6,
    municipality_eur_per_year = -5,
    interventions = { wijksim.intervention { name = "t", transition = "debt_exit",
                                             cost_per_participant = 100 } } } },
}
LUA
  expect_check "$tmp/budget.lua" 5 municipality_eur_per_year
  cat > "$tmp/age.lua" <<'LUA'
return wijksim.scenario {
  name = "g3", area_data = "areas3.csv",
  interventions = { wijksim.intervention { name = "t", transition = "job_finding",
    places_per_year = 10,
    who = { labour = { "bijstand" },
            age = { 30, 20 } } } },
}
LUA
  expect_check "$tmp/age.lua" 6 who.age ;;
readme_keys)
  "$WIJKSIM" interventions --markdown > "$tmp/md" || fail "interventions --markdown"
  "$WS_PY" - "$WS_SRC_DIR/README.md" "$tmp/md" <<'PY' || fail "README key tables differ from intervention_fields.def"
import re, sys

def rows(lines):
    """Key rows of the markdown tables in lines: (key, type, default, range, for) each."""
    out = []
    for line in lines:
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        out.append(tuple(cells[:5]))
    return out

readme = open(sys.argv[1]).read().split("\n")
want = rows(open(sys.argv[2]).read().split("\n"))
got = []
for marker in ("<!-- intervention keys:", "<!-- package keys:"):
    start = [i for i, l in enumerate(readme) if l.startswith(marker)]
    assert len(start) == 1, "README needs one line starting %r" % marker
    block = []
    for line in readme[start[0] + 1:]:
        if not line.startswith("|"):
            break
        block.append(line)
    got += rows(block)
bad = 0
for k in range(max(len(got), len(want))):
    g = got[k] if k < len(got) else None
    w = want[k] if k < len(want) else None
    if g != w:
        print("row %d: README %r, intervention_fields.def %r" % (k + 1, g, w))
        bad += 1
print("%d key rows, %d differ" % (len(want), bad))
sys.exit(1 if bad else 0)
PY
  ;;
*) fail "unknown case '${1:-}'" ;;
esac
echo "ok ${1}"
