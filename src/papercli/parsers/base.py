"""What every digest parser returns, and helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papercli.errors import InputError
from papercli.model import Entry

# The start of a BibTeX entry (``@article{``), the one rule for "this text holds BibTeX":
# the bibtex reader counts them; the code refusal and the link reader leave such text alone.
BIBTEX_ENTRY = re.compile(r"^\s*@(?!string\b|comment\b|preamble\b)[A-Za-z]+\s*[{(]", re.I | re.M)


class ParseError(InputError):
    """A digest in which no paper could be found, or a format that does not apply."""


@dataclass
class Skipped:
    """A record the gate refused and ``--skip-bad`` left out: where, what and why."""

    record: int  # its number among the digest's records, from 1
    line: int | None  # the line of the digest its title is on, when found
    title: str
    reason: str

    def describe(self) -> str:
        """``record 2 (line 11) 'Copyright 2026': the title is page furniture``."""
        where = f" (line {self.line})" if self.line else ""
        shown = " ".join(self.title.split())
        shown = shown[:60] + "…" if len(shown) > 60 else shown
        return f"record {self.record}{where} {shown!r}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "record": self.record,
            "line": self.line,
            "title": self.title,
            "reason": self.reason,
        }


@dataclass
class ParsedDigest:
    """Entries found in one digest, plus warnings about parts that were skipped.

    ``parsers.parse`` fills in ``format`` (the format read) and ``confidence`` (its sniffer's
    score, 0-1) once the gate has passed the records.
    """

    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    format: str = ""
    confidence: float = 0.0


_URL = re.compile(r"https?://[^\s<>\"]+")
_TRAILING = ".,;:!?'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from a URL's end."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """URLs in ``text`` in order of appearance, without trailing punctuation, deduplicated."""
    seen: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = _trim_url(match.group(0))
        if len(url) > len("https://") and url not in seen:
            seen[url] = None
    return list(seen)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading byte-order mark is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def collapse_spaces(text: str) -> str:
    """Runs of whitespace (including line breaks and no-break spaces) become one space."""
    return " ".join(text.split())
