#!/usr/bin/env python3
"""Bangun skripsi di folder ini: `python build.py` (PDF dan DOCX ke build/).

Periksa formatnya dengan `python build.py check`; perintah lain: `python build.py --help`.
"""

import sys

from naskah.cli import main

if __name__ == "__main__":
    sys.exit(main())
