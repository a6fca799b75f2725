"""naskah: an Indonesian thesis from Markdown and BibTeX to the university's PDF and DOCX."""

__version__ = "0.1.0"
