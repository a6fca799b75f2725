#!/usr/bin/env python3
"""Build the thesis in this folder: `python build.py` (see README.md). Same as `naskah`."""

import sys

from naskah.cli import main

if __name__ == "__main__":
    sys.exit(main())
