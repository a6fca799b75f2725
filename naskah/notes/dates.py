"""Dates of bibliography fields → :class:`Date` (how dates are read).

Read: ISO and EDTF (``2014-11-18``, ``2014-11``, ``2014``, a range's start ``1988/1992``,
qualifiers ``2011-05-25~``/``1273?`` dropped), ``18 November 2014``, ``November 18, 2014``,
``Nov. 2014``, compact ``19900301``. Day-first or month-first numbers (``07/01/2000``) are
read when only one reading is possible (``13/01/2000``, ``01/13/2000``). Anything else — an
ambiguous ``4/10/2015``, a season ``2013-21``, ``circa 1900`` — keeps the year alone when it has
one and gives a warning (``problem``) that the parser reports at the field's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
MONTHS |= {"mei": 5, "agu": 8, "agt": 8, "okt": 10, "des": 12}


@dataclass(frozen=True)
class Date:
    """A date as far as it is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""
    """Kept for compatibility; dates are never printed raw."""
    problem: str = ""
    """Why the written value was not read whole (empty when it was)."""

    def __bool__(self) -> bool:
        return bool(self.year)


def month_number(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value[:3]) if len(value) >= 3 else None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def parse_date(value: str) -> Date:
    """A written date → :class:`Date`; see the module doc for what is read."""
    value = value.strip()
    if not value:
        return Date()
    raw = value
    value = re.split(r"/(?=[\d-])", value)[0] if re.match(r"-?\d{4}", value) else value
    value = value.rstrip("~?%").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?", value)
    if m:
        year, mon, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
        if _valid(year, mon, day):
            return Date(year, mon, day)
        return _year_only(raw, year)
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if m and _valid(int(m[1]), int(m[2]), int(m[3])):
        return Date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", value)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        readings = {(mon, day) for mon, day in ((a, b), (b, a)) if _valid(year, mon, day)}
        if len(readings) == 1:
            mon, day = readings.pop()
            return Date(year, mon, day)
        return _year_only(raw, year, "day and month can be read either way")
    m = re.fullmatch(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})", value) or re.fullmatch(
        r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", value)
    if m:
        day_s, mon_s = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        mon = month_number(mon_s)
        if mon and _valid(int(m[3]), mon, int(day_s)):
            return Date(int(m[3]), mon, int(day_s))
    m = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", value)
    if m and month_number(m[1]):
        return Date(int(m[2]), month_number(m[1]))
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", value)
    return _year_only(raw, int(found[1]) if found else None)


def _year_only(raw: str, year: int | None, why: str = "") -> Date:
    what = why or "not a date naskah can read"
    if year is None:
        return Date(problem=f"date '{raw}': {what}; printed without a date")
    return Date(year, problem=f"date '{raw}': {what}; only the year {year} is printed")
