# test_lib.sh: helpers shared by the shell test drivers (cli_test.sh, sweep_test.sh); sourced.
# Needs WIJKSIM and a scratch directory in $tmp.

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_bad_input SUBCOMMAND FILE LINE_PATTERN KEY: `wijksim SUBCOMMAND FILE -o OUT --quiet`
# exits 2 with one line naming LINE_PATTERN (file:line) and KEY, and leaves no output, temporary
# file or journal behind.
expect_bad_input() {
  local cmd=$1 file=$2 line=$3 key=$4 out="$tmp/bad.h5" name
  name=$(basename "$file")
  "$WIJKSIM" "$cmd" "$file" -o "$out" --quiet > "$tmp/stdout" 2> "$tmp/stderr"
  local rc=$?
  cat "$tmp/stderr"
  [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2"
  grep -q "$line" "$tmp/stderr" || fail "$name: message does not name '$line'"
  grep -q "$key" "$tmp/stderr" || fail "$name: message does not name key '$key'"
  [ "$(wc -l < "$tmp/stderr")" -eq 1 ] || fail "$name: expected one line of error"
  [ ! -e "$out" ] && [ ! -e "$out.tmp" ] && [ ! -e "$out.journal" ] || fail "$name: output left behind"
}
