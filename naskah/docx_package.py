"""A DOCX package (an OOXML zip) in memory: every DOCX step opens, reads, writes and saves here.

Opening is the untrusted side: a reviewed DOCX comes back from anyone. Only the package's own
parts are read, each checked against limits before it is inflated (count, declared and actual
size, compression ratio), so a zip bomb is refused at once instead of filling memory; XML parts
are parsed without entities or network. A package without ``word/document.xml`` is not a Word
document, and says so. Writing is deterministic (fixed timestamps, ``[Content_Types].xml``
first) and saving atomic (a temporary file renamed over the target).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from .fsutil import atomic_write

MAX_PARTS = 5_000
MAX_PART_BYTES = 100_000_000
"""One part, inflated (a thesis's images are a few MB each)."""
MAX_TOTAL_BYTES = 400_000_000
MAX_RATIO = 200
"""Inflated size over compressed size beyond which a part is a bomb (XML deflates ~10:1)."""
DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_blank_text=False)


class PackageError(Exception):
    """The file is not a DOCX naskah can read; the message says why, for one located line."""


class Package:
    """The parts of one DOCX, by name, as bytes; XML parts parsed on demand."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, source: Path | bytes, *, word: bool = True) -> Package:
        """Read a package with limits; ``word``: it must be a Word document."""
        try:
            handle = zipfile.ZipFile(source if isinstance(source, Path)
                                     else io.BytesIO(source))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError(f"not a readable DOCX (not a zip package: {exc})") from None
        with handle as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise PackageError(f"not a DOCX: {len(infos)} parts (more than {MAX_PARTS})")
            parts: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                _check_declared(info)
                data = _inflate(z, info)
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise PackageError("not a DOCX naskah reads: more than "
                                       f"{MAX_TOTAL_BYTES // 1_000_000} MB inflated")
                parts[info.filename] = data
        if word and DOCUMENT not in parts:
            raise PackageError(f"not a Word document: the package has no {DOCUMENT}")
        return cls(parts)

    # --- parts ------------------------------------------------------------------------------

    def __contains__(self, name: str) -> bool:
        return name in self.parts

    def read(self, name: str) -> bytes | None:
        return self.parts.get(name)

    def xml(self, name: str) -> Any:
        """A part parsed (no entities, no network); :class:`PackageError` if malformed."""
        data = self.parts.get(name)
        if data is None:
            raise PackageError(f"not a DOCX naskah reads: no {name}")
        return parse_xml(data, name)

    def write(self, name: str, data: bytes) -> None:
        self.parts[name] = data

    def write_xml(self, name: str, root: Any) -> None:
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)

    # --- writing ----------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The package, deterministic: the same parts give the same bytes."""
        out = io.BytesIO()
        order = [n for n in (CONTENT_TYPES,) if n in self.parts]
        order += [n for n in self.parts if n != CONTENT_TYPES]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, self.parts[name])
        return out.getvalue()

    def save(self, path: Path) -> None:
        """Write atomically: a reader (or Word) never sees half a file."""
        atomic_write(path, self.to_bytes())


def parse_xml(data: bytes, name: str = "part") -> Any:
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"not a readable DOCX: {name} is not well-formed XML ({exc})") \
            from None


def _check_declared(info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"not a DOCX naskah reads: {info.filename} would inflate to "
                           f"{info.file_size // 1_000_000} MB")
    if info.compress_size and info.file_size > 1_000_000 \
            and info.file_size / info.compress_size > MAX_RATIO:
        raise PackageError(f"not a DOCX naskah reads: {info.filename} is a zip bomb "
                           f"(compressed {info.file_size // info.compress_size}:1)")


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, never more than its declared size or the limit (headers can lie)."""
    cap = min(info.file_size, MAX_PART_BYTES)
    try:
        with z.open(info) as part:
            data = part.read(cap + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise PackageError(f"not a readable DOCX: {info.filename}: {exc}") from None
    if len(data) > cap:
        raise PackageError(f"not a DOCX naskah reads: {info.filename} inflates beyond its "
                           "declared size")
    return data
