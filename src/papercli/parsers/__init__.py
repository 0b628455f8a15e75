"""Digest formats behind one interface: ``detect(text)`` and ``parse(text, fmt, reference)``.

Each format is a module with ``NAME``, ``DESCRIPTION``, ``sniff(text) -> float`` (confidence
0-1) and ``parse(text, reference) -> ParsedDigest``, and optionally ``NEEDS``: entry fields
of which every record of that format has at least one (``("arxiv_id",)``), which the gate
(:mod:`papercli.parsers.gate`) checks. Modules are imported only when used.

A new format is one line in ``FORMATS`` (e.g. ``"arxiv-atom": "papercli.parsers.arxiv_atom"``);
detection, ``--format``, ``papercli formats`` and the gate pick it up from there.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from types import ModuleType

from papercli.parsers import gate
from papercli.parsers.base import ParsedDigest, ParseError

# format name -> module path, in the order ``papercli formats`` lists them. ``detect`` asks
# every sniffer and keeps the highest score; on a tie the format listed first wins, so a
# capture that links its papers (whose `·` lines also look like a plain-text copy) is read
# from its links before any layout-specific reader is asked.
FORMATS: dict[str, str] = {
    "paper-links": "papercli.parsers.paper_links",
    "hf-daily-md": "papercli.parsers.hf_markdown",
    "hf-daily-html": "papercli.parsers.hf_html",
    "hf-daily": "papercli.parsers.hf_daily",
    "arxiv-email": "papercli.parsers.arxiv_email",
    "arxiv-rss": "papercli.parsers.arxiv_rss",
    "scholar-alert": "papercli.parsers.scholar_alert",
    "bibtex": "papercli.parsers.bibtex_import",
    "arxiv-atom": "papercli.parsers.arxiv_atom",
    "csl-json": "papercli.parsers.csl_json",
    "papercli-yaml": "papercli.parsers.papercli_yaml",
}

__all__ = [
    "FORMATS",
    "ParseError",
    "ParsedDigest",
    "detect",
    "format_module",
    "parse",
    "scores",
]


def format_module(name: str) -> ModuleType:
    """The parser module for format ``name``; ParseError for an unknown name."""
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise ParseError(f"unknown format '{name}'; known formats: {known}")
    return importlib.import_module(FORMATS[name])


def scores(text: str) -> dict[str, float]:
    """Every format's confidence (0-1) that ``text`` is one of its digests."""
    return {name: float(format_module(name).sniff(text)) for name in FORMATS}


def _best(text: str) -> tuple[str | None, float]:
    best, best_score = None, 0.0
    for name, score in scores(text).items():
        if score > best_score:
            best, best_score = name, score
    return best, best_score


def detect(text: str) -> str | None:
    """The most likely format of ``text``, or None when no parser recognises it."""
    return _best(text)[0]


# Data formats papercli imports: a JSON or YAML text one of these claims is not refused.
_DATA_FORMATS = ("csl-json", "papercli-yaml")


def _refuse_code(text: str, origin: str) -> None:
    from papercli.parsers.not_digest import what_it_is

    what = what_it_is(text)
    if what is None or any(format_module(name).sniff(text) >= 0.5 for name in _DATA_FORMATS):
        return
    raise ParseError(f"{origin} refused: it looks like {what}, not a digest; nothing imported")


def parse(
    text: str,
    reference: dt.date,
    fmt: str | None = None,
    origin: str = "input",
    skip_bad: bool = False,
) -> ParsedDigest:
    """Parse ``text`` (format detected unless ``fmt`` is given) and gate every record.

    Raises ParseError, naming the format and the first bad record, when detection is unsure,
    a forced format does not apply, no paper is found or any record does not look like one;
    and before any parser runs when the text is code or configuration (:mod:`not_digest`).
    """
    _refuse_code(text, origin)
    name: str | None
    if fmt is not None:
        format_module(fmt)  # an unknown name is refused before anything is sniffed
    try:
        if fmt is not None:
            every = scores(text)
            gate.check_forced(every, fmt, origin)
            name, score = fmt, every[fmt]
        else:
            name, score = _best(text)
            gate.check_confidence(score, name, origin, forced=False)
        assert name is not None
        module = format_module(name)
        result = module.parse(text, reference)
        if not result.entries:
            gate.check(result, name, origin, ())
    except ParseError as exc:
        raise ParseError(_offer_add(str(exc), text)) from None
    needs = tuple(getattr(module, "NEEDS", ()))
    gate.check(result, name, origin, needs, text=text, skip_bad=skip_bad)
    result.format, result.confidence = name, score
    return result


_NAMED_ID = re.compile(
    r"(?<![\w.])(?:arxiv:\s*|arxiv\.org/(?:abs|pdf|html)/|/papers/|%2Fpapers%2F)?"
    r"(?P<id>\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?(?![\w.]*\d)",
    re.IGNORECASE,
)


def _offer_add(message: str, text: str) -> str:
    """A refusal of a text that still names arXiv ids offers the command that adds them."""
    ids = list(dict.fromkeys(m.group("id") for m in _NAMED_ID.finditer(text[:400_000])))
    if not ids:
        return message
    shown = " ".join(ids[:50]) + (" …" if len(ids) > 50 else "")
    return (
        f"{message}; its layout is unreadable, but it names {len(ids)} arXiv "
        f"paper{'s' if len(ids) != 1 else ''}: papercli add {shown}"
    )
