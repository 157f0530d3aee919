#!/usr/bin/env bash
# catalogue_cli_test.sh: `wijksim catalogue` end to end, one case per invocation:
#   bash tests/catalogue_cli_test.sh CASE
#   help          --help, and the command in `wijksim --help`
#   list          one row per entry of scenarios/catalogue.lua, each with a domain and evidence
#   bad_usage     an unknown option or two files exit 2 naming them; a comparison exits 2
#   readme_table  README's table under `<!-- catalogue:` is exactly `wijksim catalogue
#                 --markdown` (so the README lists every entry as the catalogue defines it)
#   sources       every entry's source plus " | cost: ..." stays under 1,000 bytes (the loader
#                 cuts the cost note silently at 1,023)
# Needs WIJKSIM, WS_SRC_DIR and WS_PY in the environment (tests/catalogue.cmake).
set -uo pipefail
: "${WIJKSIM:?}" "${WS_SRC_DIR:?}" "${WS_PY:=/usr/bin/python3}"
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
. "$WS_SRC_DIR/tests/test_lib.sh" # fail
all="$WS_SRC_DIR/scenarios/catalogue_all.lua"

case "${1:-}" in
help)
  # both spellings print the usage on stdout and exit 0; the tool's own help names the command
  for flag in --help -h; do
    out=$("$WIJKSIM" catalogue "$flag") || fail "catalogue $flag exits non-zero"
    [[ $out == "usage: wijksim catalogue [FILE.lua] [--markdown]"* ]] || fail "catalogue $flag text"
  done
  [[ $("$WIJKSIM" --help) == *$'\n  catalogue [FILE]'* ]] || fail "wijksim --help lacks catalogue" ;;
list)
  "$WIJKSIM" catalogue "$all" > "$tmp/list" || fail "catalogue exit"
  names=$(grep -oE '^M\.[a-z_]+ = T' "$WS_SRC_DIR/scenarios/catalogue.lua" | cut -d' ' -f1 | cut -c3-)
  [ "$(wc -w <<< "$names")" -ge 14 ] || fail "found only $(wc -w <<< "$names") entries in catalogue.lua"
  for name in $names; do
    grep -qE "^$name +(education|work|safety|housing|health) .* (strong|moderate|weak|none)\$" "$tmp/list" ||
      fail "'$name' has no row with a domain and evidence"
  done
  [ "$(($(wc -l < "$tmp/list") - 1))" -eq "$(wc -w <<< "$names")" ] || fail "rows differ from entries"
  grep -qE "^debt_counselling +work +in debt \(household head\) +hr 1.08 " "$tmp/list" ||
    fail "debt_counselling row: $(grep debt_counselling "$tmp/list")"
  grep -qE "^hotspot_policing .* per 4 FTE; 4 police FTE" "$tmp/list" || fail "police effect per FTE" ;;
bad_usage)
  "$WIJKSIM" catalogue --bogus > /dev/null 2> "$tmp/e"; [ $? -eq 2 ] || fail "--bogus must exit 2"
  grep -q "unknown option '--bogus'" "$tmp/e" || fail "--bogus message"
  "$WIJKSIM" catalogue "$all" "$all" > /dev/null 2> "$tmp/e"; [ $? -eq 2 ] || fail "two files must exit 2"
  grep -q "one scenario file" "$tmp/e" || fail "two files message"
  "$WIJKSIM" catalogue "$WS_SRC_DIR/scenarios/nprz.lua" > "$tmp/o" 2> "$tmp/e"; [ $? -eq 2 ] || fail "a comparison must exit 2"
  grep -q "nprz.lua:[0-9]*: .*comparison" "$tmp/e" || fail "comparison message: $(cat "$tmp/e")"
  [ ! -s "$tmp/o" ] || fail "a refused file printed rows"
  "$WIJKSIM" catalogue "$tmp/missing.lua" > /dev/null 2> "$tmp/e"; [ $? -ne 0 ] || fail "a missing file must fail"
  grep -q "missing.lua" "$tmp/e" || fail "missing file message" ;;
readme_table)
  "$WIJKSIM" catalogue "$all" --markdown > "$tmp/md" || fail "catalogue --markdown"
  [ "$(grep -c '^<!-- catalogue:' "$WS_SRC_DIR/README.md")" -eq 1 ] ||
    fail "README needs one line starting '<!-- catalogue:'"
  # the table lines right under the marker, up to the first line that is not a table row
  awk '/^<!-- catalogue:/ { on = 1; next } on && /^\|/ { print; next } on { exit }' \
    "$WS_SRC_DIR/README.md" > "$tmp/readme"
  diff -u --label README.md --label "wijksim catalogue --markdown" "$tmp/readme" "$tmp/md" ||
    fail "README catalogue table differs from wijksim catalogue --markdown (regenerate it)"
  echo "$(wc -l < "$tmp/md") table lines agree" ;;
sources)
  cp "$WS_SRC_DIR/scenarios/catalogue.lua" "$tmp/"
  cp -r "$WS_SRC_DIR/scenarios/areas" "$tmp/"
  cat > "$tmp/lengths.lua" <<'LUA'
local cat = require "catalogue"
local n = 0
for name, make in pairs(cat) do
  local iv = make {}
  local len = #iv.source + #" | cost: " + #(iv.cost_source or "")
  if len >= 1000 then error(name .. ": source and cost note are " .. len .. " bytes") end
  n = n + 1
end
if n < 14 then error("only " .. n .. " entries") end
return wijksim.scenario { name = "lengths" }
LUA
  "$WIJKSIM" check "$tmp/lengths.lua" > /dev/null 2> "$tmp/e" || fail "$(cat "$tmp/e")" ;;
*) fail "unknown case '${1:-}'" ;;
esac
echo "ok ${1}"
