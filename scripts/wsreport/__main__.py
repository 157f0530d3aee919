"""__main__.py: `python3 -m wsreport FILE.h5 [-o DIR] ...` — the board report as a package, the
same command line as scripts/report (see cli.py). Run it with the folder holding wsreport on the
path: `cd scripts && /usr/bin/python3 -m wsreport ...` or `PYTHONPATH=scripts /usr/bin/python3
-m wsreport ...`.
"""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
