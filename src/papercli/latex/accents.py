"""LaTeX accent macros <-> Unicode letters (``Mat\\'ern`` <-> ``Matérn``).

Only accents and the handful of special letters (``\\ss``, ``\\o``...) are touched; every
other backslash sequence is left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

# Accent command -> combining character.
SYMBOL_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
}
LETTER_ACCENTS = {
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
SPECIAL_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}

_BASE = r"(?:\\[ij](?![A-Za-z])|[A-Za-z])"
_SYMBOL = re.escape("".join(SYMBOL_ACCENTS))
_ACCENT = re.compile(
    r"(?P<open>\{)?\\(?:(?P<sym>["
    + _SYMBOL
    + r"])\s*(?:\{(?P<b1>"
    + _BASE
    + r")\}|(?P<b2>"
    + _BASE
    + r"))"
    r"|(?P<let>[" + "".join(LETTER_ACCENTS) + r"])\s*\{(?P<b3>" + _BASE + r")\})(?P<close>\})?"
)
_SPECIAL = re.compile(
    r"(?P<open>\{)?\\(?P<name>" + "|".join(sorted(SPECIAL_LETTERS, key=len, reverse=True)) + r")"
    r"(?![A-Za-z])(?:\{\}|[ \t])?(?P<close>\})?"
)


def _rebrace(match: re.Match[str], letter: str) -> str:
    """Drop a brace pair that wrapped only the macro; keep a lone brace that was not ours."""
    opened, closed = bool(match.group("open")), bool(match.group("close"))
    if opened and not closed:
        return "{" + letter
    if closed and not opened:
        return letter + "}"
    return letter


def _accent(match: re.Match[str]) -> str:
    base = match.group("b1") or match.group("b2") or match.group("b3")
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    mark = SYMBOL_ACCENTS.get(match.group("sym") or "") or LETTER_ACCENTS[match.group("let")]
    return _rebrace(match, unicodedata.normalize("NFC", base + mark))


def _special(match: re.Match[str]) -> str:
    return _rebrace(match, SPECIAL_LETTERS[match.group("name")])


def decode_accents(text: str) -> str:
    """Replace LaTeX accent macros with composed Unicode letters."""
    if "\\" not in text:
        return text
    return _SPECIAL.sub(_special, _ACCENT.sub(_accent, text))
