#!/usr/bin/env python3
"""Bangun skripsi di folder ini: `python build.py` (PDF dan DOCX ke build/), `python build.py check`."""

import sys

from naskah.cli import main

if __name__ == "__main__":
    sys.exit(main())
