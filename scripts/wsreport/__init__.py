"""wsreport: the programme-board report of a wijksim results file (used by scripts/report).

Modules, in the order the data flows:
  h5read    opens a results file and reads what the report shows (comparison or run files)
  terms     plain labels of indicators and domains, directions, number formatting
  numbers   every number the report shows, as plain rows (dumped to numbers.json)
  charts    the PNG charts (matplotlib, Okabe-Ito palette)
  assemble  the report document of a comparison or run file: numbers, texts and charts
  sweep     reading a sweep file (include/wijksim/h5_sweep.h) and its report document
  page      the self-contained HTML page of a document
  cli       the command line: options, checks, atomic output

Only Debian's python3-h5py, python3-numpy and python3-matplotlib are needed.
"""
