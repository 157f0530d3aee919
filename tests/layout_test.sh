#!/usr/bin/env bash
# layout_test.sh CASE: the tree is the architecture (README "Layout"; DESIGN section 6).
#   boundaries  lua.h / lauxlib.h / lualib.h are included only under sim/lua/, hdf5.h and
#               hdf5_hl.h only under sim/h5/, mpi.h only under sim/cli/; include/ (the public
#               API) includes none of them, and omp.h and pthread.h stay out of base, lua and h5
#   readme      README's Layout section names every folder and file of sim/ and include/wijksim/
#               (and names no file that is not there)
#   folders     every folder under sim/ has a CMakeLists.txt that names each .c file in the
#               folder, and no file lies directly under sim/ (besides CMakeLists.txt)
# Needs WS_SRC_DIR.
set -uo pipefail
src=${WS_SRC_DIR:?}
fail() { echo "FAIL: $*" >&2; exit 1; }

# includes of header $1 (a regex of names) in files under $2, as file:line lines
includes() {
  grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($1)[>\"]" $2 \
    --include='*.c' --include='*.h' --include='*.def' --include='*.in' 2>/dev/null
}

# outside FOLDER PATTERN: includes of PATTERN in sim/ outside sim/FOLDER/, and in include/
outside() {
  local folder=$1 pat=$2 hits
  hits=$(includes "$pat" "$src/sim $src/include" | grep -v "^$src/sim/$folder/")
  [ -z "$hits" ] || fail "$pat included outside sim/$folder/:"$'\n'"$hits"
}

case ${1:-} in
boundaries)
  outside lua 'lua\.h|lauxlib\.h|lualib\.h|luaconf\.h'
  outside h5 'hdf5\.h|hdf5_hl\.h|H5[A-Za-z]*public\.h'
  outside cli 'mpi\.h'
  for f in base lua h5; do
    hits=$(includes 'omp\.h|pthread\.h' "$src/sim/$f")
    [ -z "$hits" ] || fail "threads in sim/$f/ (only model, sweep and cli run threads):"$'\n'"$hits"
  done
  # the check itself must be able to fail: a planted include is found
  tmpd=$(mktemp -d); trap 'rm -rf "$tmpd"' EXIT
  mkdir -p "$tmpd/sim/model" && echo '#include <hdf5.h>' > "$tmpd/sim/model/x.c"
  [ -n "$(includes 'hdf5\.h' "$tmpd/sim")" ] || fail "the include scan misses a planted include"
  echo "ok: lua.h, hdf5.h and mpi.h stay in sim/lua, sim/h5 and sim/cli"
  ;;
folders)
  for d in "$src"/sim/*/; do
    [ -f "$d/CMakeLists.txt" ] || fail "$d has no CMakeLists.txt"
    for c in "$d"*.c; do
      [ -e "$c" ] || continue
      grep -qw "$(basename "$c")" "$d/CMakeLists.txt" || fail "$c is not built by $d/CMakeLists.txt"
    done
  done
  stray=$(find "$src/sim" -maxdepth 1 -type f ! -name CMakeLists.txt)
  [ -z "$stray" ] || fail "files directly under sim/ (each belongs to a link-unit folder): $stray"
  echo "ok: every sim/ folder is a link unit that builds its own files"
  ;;
readme)
  # README's Layout section names every folder of sim/ and every file of sim/ and
  # include/wijksim/ (one line each), and no file that does not exist
  section=$(awk '/^## Layout/{on=1; next} /^## /{on=0} on' "$src/README.md")
  [ -n "$section" ] || fail "README.md has no '## Layout' section"
  for d in "$src"/sim/*/; do
    name="sim/$(basename "$d")/"
    grep -qF "$name" <<< "$section" || fail "README Layout does not name folder $name"
  done
  for f in "$src"/sim/*/* "$src"/include/wijksim/*; do
    b=$(basename "$f")
    [ "$b" = CMakeLists.txt ] && continue
    grep -qE "(^|[^A-Za-z0-9_.])${b//./\\.}([^A-Za-z0-9_]|$)" <<< "$section" ||
      fail "README Layout does not name $f"
  done
  for b in $(grep -oE '[A-Za-z0-9_][A-Za-z0-9_.]*\.(c|h|def|in)\b' <<< "$section" | sort -u); do
    case $b in lua.h | hdf5.h | mpi.h) continue ;; esac # the libraries' headers
    [ -n "$(find "$src/sim" "$src/include" -name "$b" -print -quit)" ] ||
      fail "README Layout names $b, which is not in sim/ or include/"
  done
  echo "ok: README Layout lists every folder and file of sim/ and include/wijksim/"
  ;;
*) echo "usage: layout_test.sh boundaries|folders|readme" >&2; exit 2 ;;
esac
