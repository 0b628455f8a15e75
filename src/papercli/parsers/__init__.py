"""Digest formats behind one interface: ``detect(text)`` and ``parse(text, fmt, reference)``.

Each format is a module with ``NAME``, ``DESCRIPTION``, ``sniff(text) -> float`` (confidence
0-1) and ``parse(text, reference) -> ParsedDigest``. Modules are imported only when used.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType

from papercli.parsers.base import ParsedDigest, ParseError

# format name -> module path, in the order ``papercli formats`` lists them. ``detect`` asks
# every sniffer and keeps the highest score; on a tie the format listed first wins, so the
# Markdown capture (whose `·` lines also look like a plain-text copy) comes before hf-daily.
FORMATS: dict[str, str] = {
    "hf-daily-md": "papercli.parsers.hf_markdown",
    "hf-daily": "papercli.parsers.hf_daily",
    "arxiv-email": "papercli.parsers.arxiv_email",
    "arxiv-rss": "papercli.parsers.arxiv_rss",
    "bibtex": "papercli.parsers.bibtex_import",
    "arxiv-atom": "papercli.parsers.arxiv_atom",
}

__all__ = ["FORMATS", "ParseError", "ParsedDigest", "detect", "format_module", "parse"]


def format_module(name: str) -> ModuleType:
    """The parser module for format ``name``; ParseError for an unknown name."""
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise ParseError(f"unknown format '{name}'; known formats: {known}")
    return importlib.import_module(FORMATS[name])


def detect(text: str) -> str | None:
    """The most likely format of ``text``, or None when no parser recognises it."""
    best, best_score = None, 0.0
    for name in FORMATS:
        score = format_module(name).sniff(text)
        if score > best_score:
            best, best_score = name, score
    return best


def parse(
    text: str, reference: dt.date, fmt: str | None = None, origin: str = "input"
) -> ParsedDigest:
    """Parse ``text`` (format detected unless ``fmt`` is given); raise if no paper is found."""
    name = fmt or detect(text)
    if name is None:
        raise ParseError(
            f"no papers found in {origin}: the format is not recognised; "
            "see 'papercli formats' and try --format"
        )
    result = format_module(name).parse(text, reference)
    if not result.entries:
        raise ParseError(
            f"no papers found in {origin} (read as {name}); is it a digest? try --format"
        )
    return result
