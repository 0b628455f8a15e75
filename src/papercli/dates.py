"""Dates as digests print them (``Oct 2, 2023``, ``Sep 28``) -> ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_DAY = re.compile(
    rf"^(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?$",
    re.IGNORECASE,
)


def resolve_month_day(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` not after ``reference`` (None if it never exists)."""
    for year in range(reference.year, reference.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 in a common year, Apr 31...
            continue
        if candidate <= reference:
            return candidate
    return None


def parse_month_day(text: str, reference: dt.date) -> dt.date | None:
    """Parse ``Oct 2, 2023`` or ``Sep 28``; a missing year resolves against ``reference``."""
    match = MONTH_DAY.match(text.strip())
    if not match:
        return None
    month = MONTHS[match.group("month").lower()]
    day = int(match.group("day"))
    if match.group("year"):
        try:
            return dt.date(int(match.group("year")), month, day)
        except ValueError:
            return None
    return resolve_month_day(month, day, reference)


_YEAR = re.compile(r"\d{4}")


def year_shown(printed: str | None) -> bool:
    """Whether a date as a digest printed it shows its year (``Sep 28`` does not)."""
    return printed is None or bool(_YEAR.search(printed))


@dataclass(frozen=True)
class DigestDate:
    """A digest's date line read: the ISO date (None when unreadable), the text as printed,
    and whether the year was inferred (a later explicit date replaces a guessed one)."""

    date: str | None
    raw: str
    inferred: bool


def read_digest_date(printed: str, reference: dt.date) -> DigestDate:
    """The one rule for a digest's date line (``Mar 3``, ``Mar 3, 2024``): a missing year
    is the latest that puts the day on or before ``reference``, and is marked inferred."""
    resolved = parse_month_day(printed, reference)
    date = resolved.isoformat() if resolved else None
    return DigestDate(date, printed, resolved is not None and not year_shown(printed))


_STORED_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def is_valid_date(text: str) -> bool:
    """The one rule for a stored date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that exists.

    ``2024-02-30`` and ``2024-13`` are not dates; every reader, the editor check and the
    import cleaning use this rule.
    """
    if not _STORED_DATE.fullmatch(text):
        return False
    try:
        parse_iso_prefix(text)
    except ValueError:
        return False
    return True


def valid_part(text: str) -> str | None:
    """The longest prefix of ``text`` that is a valid date (``2024-02-30`` -> ``2024-02``)."""
    for length in (10, 7, 4):
        if len(text) >= length and is_valid_date(text[:length]):
            return text[:length]
    return None


def parse_iso_prefix(text: str) -> tuple[int, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into parts; raise ValueError if not."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not match:
        raise ValueError(f"not a date of the form YYYY[-MM[-DD]]: {text!r}")
    year, month, day = match.groups()
    parts = (int(year), int(month) if month else None, int(day) if day else None)
    month_, day_ = parts[1], parts[2]
    # raises ValueError when impossible (month 0 and day 0 included)
    dt.date(parts[0], 1 if month_ is None else month_, 1 if day_ is None else day_)
    return parts
