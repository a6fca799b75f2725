"""The writers: Typst (the PDF) and Pandoc's DOCX, and the layout rules both of them keep."""

KEPT_ROWS = 25
"""A table of at most this many rows is kept on one page with its caption and Sumber line, in
the PDF and the DOCX alike; a longer one may break (its header row repeats)."""
