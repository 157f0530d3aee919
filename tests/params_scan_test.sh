#!/usr/bin/env bash
# params_scan_test.sh: params_scan.py can fail. Runs it on the fixtures in
# tests/data/params_scan/ and checks each verdict and the finding it names:
#   bare.c          a bare coefficient                      -> fails, names bare.c:7 and 0.35
#   spelling.c      a #define and six other spellings       -> fails, names all seven
#   allowed.c       literals the rule passes and two lines its allow-list names -> passes
#   allowed.c       without the allow-list                  -> fails on those two lines
#   stale_allow     an entry that allows nothing            -> fails, names the entry
#   noreason_allow  an entry without a reason               -> fails, names the entry
# Needs WS_SRC_DIR and WS_PY.
set -uo pipefail
src=${WS_SRC_DIR:?}
py=${WS_PY:-/usr/bin/python3}
dir=$src/tests/data/params_scan
empty=$(mktemp); trap 'rm -f "$empty"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# scan WANT_RC ALLOW FILE PATTERN...: the scan's exit code is WANT_RC and its output matches
# every PATTERN (extended regex)
scan() {
  local want=$1 allow=$2 file=$3; shift 3
  out=$(cd "$dir" && "$py" "$src/tests/params_scan.py" --root . --allow "$allow" "$file" 2>&1)
  rc=$?
  [ "$rc" -eq "$want" ] || fail "scan of $file with $allow: exit $rc, want $want:"$'\n'"$out"
  for pat in "$@"; do
    grep -qE -- "$pat" <<<"$out" || fail "scan of $file with $allow: no '$pat' in:"$'\n'"$out"
  done
  echo "ok: $file with $(basename "$allow"): exit $rc"
}

scan 1 "$empty" bare.c '^bare\.c:7: literal 0\.35 ' '^params_scan: 1 error'
scan 1 "$empty" spelling.c '^spelling\.c:2: literal 0\.35 ' 'literal 2\.0 ' 'literal 1\.5e1 ' \
  'literal 25 ' 'literal 0x10 ' 'literal \.25f ' '^spelling\.c:10: literal 1\.05 ' '^params_scan: 7 error'
scan 0 allowed_allow.txt allowed.c '^params_scan: ok, 1 file\(s\), 2 allow-list entries'
scan 1 "$empty" allowed.c '^allowed\.c:19: literal 24 ' '^allowed\.c:20: literal 0\.85 ' '^params_scan: 2 error'
scan 1 stale_allow.txt allowed.c "^stale_allow\.txt:3: stale entry: 'x \* 0\.95'" '^params_scan: 1 error'
scan 1 noreason_allow.txt allowed.c '^noreason_allow\.txt:1: entry without a reason'
scan 1 no_such_allow.txt allowed.c '^no_such_allow\.txt: no allow-list'
echo "ok: params_scan.py passes and fails as it must"
