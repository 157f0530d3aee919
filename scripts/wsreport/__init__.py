"""wsreport: the programme-board report of a wijksim results file, as a package.

Run it as `python3 -m wsreport FILE.h5 [-o DIR] ...` (with scripts/ on the path: `cd scripts`
or PYTHONPATH=scripts) or through scripts/report; both run cli.main, so they behave the same.

Modules, in the order the data flows:
  h5read    opens a results file and reads what the report shows (comparison or run files),
            including each indicator's label and direction from its attributes
  terms     domain headings, labels and directions from those attributes, verdicts, number
            formatting (pure Python; tests/report_unit_test.py tests it)
  numbers   every number the report shows, as plain rows (dumped to numbers.json)
  charts    the PNG charts (matplotlib, Okabe-Ito palette)
  assemble  the report document of a comparison or run file: numbers, texts and charts
  sweep     reading a sweep file (include/wijksim/h5_sweep.h) and its report document
  page      the self-contained HTML page of a document (style and script: static/report.css
            and static/report.js, package data read with importlib.resources)
  cli       the command line: options, checks, atomic output
  __main__  `python3 -m wsreport`

Only Debian's python3-h5py, python3-numpy and python3-matplotlib are needed.
"""
