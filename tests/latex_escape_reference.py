"""The first, character-by-character LaTeX escaper, kept as the reference for the fast one.

``papercli.latex.escape`` replaced these per-character loops with regex fast paths; the
property tests in ``test_latex_escape_fast.py`` check both give the same text.
"""

from __future__ import annotations

import re
import unicodedata

from papercli.latex.escape import ASCII_SPECIALS, encode_char
from papercli.latex.math import split_math

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")


def clean_text(text: str) -> str:
    """Whitespace runs as one space, control characters dropped, ends trimmed."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return _WHITESPACE.sub(" ", kept).strip()


def escape_text(text: str, ascii: bool = False, unknown: set[str] | None = None) -> str:
    """Plain text as LaTeX that prints the same text; balanced braces guaranteed.

    ``ascii=True`` also encodes non-ASCII characters; those without a macro are added
    to ``unknown``.
    """
    return _escape_chars(clean_text(text), ascii, unknown)


_LIGATURE_PAIRS = ("--", "``", "''", "?`", "!`", ",,")


def _escape_chars(text: str, ascii: bool, unknown: set[str] | None) -> str:
    out = []
    for i, c in enumerate(text):
        out.append(encode_char(c, unknown) if ascii else ASCII_SPECIALS.get(c, c))
        if text[i : i + 2] in _LIGATURE_PAIRS:
            out.append("{}")
    return "".join(out)


def _protect_word(word: str, ascii: bool, unknown: set[str] | None, first: bool) -> str:
    if not any(c.isupper() for c in word) or (first and not any(c.isupper() for c in word[1:])):
        return _escape_chars(word, ascii, unknown)
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return "{" + _escape_chars(word[:-1], ascii, unknown) + "}s"
    return "{" + _escape_chars(word, ascii, unknown) + "}"


def escape_title(text: str, ascii: bool = False, unknown: set[str] | None = None) -> str:
    """Like ``escape_text``, words with capitals brace-protected: ``{LLM}s``, ``{GPT}-4``.

    A protected word never starts with a backslash (words are letters and digits, and
    encoded letters start with ``{``), so BibTeX sees a protected group, not a special
    character whose letters it would re-case.
    """
    text = clean_text(text)
    out: list[str] = []
    for n, (is_math, piece) in enumerate(split_math(text)):
        if is_math:
            out.append("{$" + piece + "$}")
            continue
        pos = 0
        for match in _WORD.finditer(piece):
            out.append(_escape_chars(piece[pos : match.start()], ascii, unknown))
            first = n == 0 and match.start() == 0
            out.append(_protect_word(match.group(), ascii, unknown, first))
            pos = match.end()
        out.append(_escape_chars(piece[pos:], ascii, unknown))
    return "".join(out)


_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def verbatim_value(text: str) -> str:
    """A URL or DOI kept as written, made safe inside a braced BibTeX value."""
    text = "".join(c for c in text.strip() if unicodedata.category(c) != "Cc")
    return "".join(_URL_UNSAFE.get(c, "%20" if c.isspace() else c) for c in text)
