#!/usr/bin/python3
"""params_scan.py: every model number is a named parameter (issue #10 item 9).

Scans the model's phase files (sim/model/*.c, or the files given as arguments) for numeric
literals that are not a params.def reference. Comments, string and character literals,
#include lines, case labels and the insides of [ ] (array sizes and subscripts) are ignored.
Allowed everywhere:
  floating literals of value 0, 0.5, 1, 12 (months per year), 100 (percent) and 1000 (per
  mille), in any spelling (1.0, 0.50, 1e0, 12.0, 1000.0);
  integer literals 0, 1, 2, 12, 100 and 1000 (and their negatives).
Any other literal, a #define's included, is an error unless its line matches an entry of the
allow-list (default tests/params_allow.txt), one per line:
  path|fragment|reason
path is relative to the root (default: the repository), fragment a substring of the line with
comments and strings removed, reason why the number is not a parameter. An entry without a
reason, or one that allows no flagged literal in a scanned file (stale), is itself an error.
When files are given, only entries for those files are checked for staleness.

Prints one line per finding (file:line: literal) and exits 1 if there is any, else 0.
"""
import argparse
import glob
import os
import re
import sys

ALLOWED = {0.0, 0.5, 1.0, 12.0, 100.0, 1000.0}   # any spelling
ALLOWED_INT = {0, 1, 2, 12, 100, 1000}

NUM = re.compile(r"(?<![\w.])(0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)"
                 r"([uUlLfF]*)(?![\w.])")
CASE = re.compile(r"\bcase\b[^:;?]*:")


def strip_source(text):
    """Returns text with comments, string and character literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * max(0, j - i - 2) + (c if j - i >= 2 else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def drop_brackets(line):
    """Removes the insides of [ ] (nested), keeping the brackets."""
    out, depth = [], 0
    for ch in line:
        if ch == "[":
            depth += 1
            if depth == 1:
                out.append(ch)
        elif ch == "]" and depth > 0:
            depth -= 1
            if depth == 0:
                out.append(ch)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def is_allowed(lit, suffix):
    if lit[:2] in ("0x", "0X"):
        return int(lit, 16) in ALLOWED_INT
    if "." in lit or "e" in lit.lower() or "f" in suffix.lower():
        return float(lit) in ALLOWED
    return int(lit) in ALLOWED_INT


def flagged(path):
    """Yields (line number, stripped line, [literals]) for each line with a flagged literal."""
    with open(path, encoding="utf-8") as f:
        text = strip_source(f.read())
    for no, line in enumerate(text.split("\n"), 1):
        if re.match(r"\s*#\s*include\b", line):
            continue
        code = drop_brackets(CASE.sub(" ", line))
        lits = [m.group(1) + m.group(2) for m in NUM.finditer(code)
                if not is_allowed(m.group(1), m.group(2))]
        if lits:
            yield no, line.strip(), lits


def read_allow(path, errors):
    entries = []
    if not os.path.isfile(path):
        errors.append(f"{path}: no allow-list")
        return entries
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("|", 2)
            if len(parts) < 3 or not parts[0].strip() or not parts[1].strip():
                errors.append(f"{path}:{no}: malformed entry (want path|fragment|reason)")
                continue
            if not parts[2].strip():
                errors.append(f"{path}:{no}: entry without a reason")
                continue
            entries.append({"path": parts[0].strip(), "frag": parts[1].strip(),
                            "where": f"{path}:{no}", "used": False})
    return entries


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(here))
    ap.add_argument("--allow", default=os.path.join(here, "params_allow.txt"))
    ap.add_argument("files", nargs="*", help="files to scan (default: ROOT/sim/model/*.c)")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    files = a.files or sorted(glob.glob(os.path.join(root, "sim", "model", "*.c")))
    rels = [os.path.relpath(os.path.abspath(f), root) for f in files]
    errors = []
    entries = read_allow(a.allow, errors)
    count = 0
    for f, rel in zip(files, rels):
        for no, line, lits in flagged(f):
            hits = [e for e in entries if e["path"] == rel and e["frag"] in line]
            for e in hits:
                e["used"] = True
            if not hits:
                count += len(lits)
                errors.append(f"{rel}:{no}: literal {', '.join(lits)} is not a parameter: {line}")
    scanned = set(rels)
    for e in entries:
        if not e["used"] and (not a.files or e["path"] in scanned):
            errors.append(f"{e['where']}: stale entry: '{e['frag']}' allows no literal in {e['path']}")
    for msg in errors:
        print(msg)
    if errors:
        print(f"params_scan: {len(errors)} error(s) ({count} unnamed literal(s)); name the number in "
              f"include/wijksim/params.def or allow-list it with a reason in {a.allow}")
        return 1
    print(f"params_scan: ok, {len(files)} file(s), {len(entries)} allow-list entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
