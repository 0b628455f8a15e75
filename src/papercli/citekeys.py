"""Google-Scholar-style citation keys: ``vaswani2017attention``, ``conda2025column``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from papercli.model import Entry, fold_accents, year_of
from papercli.stopwords import TITLE_STOP_WORDS

# Letters that NFKD does not decompose into ASCII.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_WORD = 24
FALLBACK_WORD = "paper"


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` after folding accents; hyphens split words."""
    folded = fold_accents(text.translate(_TRANSLITERATE)).lower()
    return [w[:MAX_WORD] for w in _ASCII_WORD.findall(folded)]


def significant_words(title: str) -> list[str]:
    """Title words that are not stop words and contain a letter."""
    return [w for w in ascii_words(title) if w not in TITLE_STOP_WORDS and not w.isdigit()]


def family_name(name: str) -> str:
    """ASCII family name of ``"First Last"`` or ``"Last, First"``; '' if none."""
    name = name.strip()
    part = name.split(",", 1)[0] if "," in name else (name.split() or [""])[-1]
    return "".join(ascii_words(part))


def base_key(entry: Entry) -> str:
    """The key before clash suffixes: author+year+word, or word+year+word."""
    year = year_of(entry)
    year_text = str(year) if year is not None else ""
    words = significant_words(entry.title) or [FALLBACK_WORD]
    author = family_name(entry.authors[0]) if entry.authors else ""
    if author:
        return f"{author}{year_text}{words[0]}"
    second = words[1] if len(words) > 1 else ""
    return f"{words[0]}{year_text}{second}"


def suffixes() -> Iterable[str]:
    """'', 'a' ... 'z', 'aa', 'ab' ... for disambiguating clashing keys."""
    yield ""
    length = 1
    while True:
        for n in range(26**length):
            letters = []
            for _ in range(length):
                n, r = divmod(n, 26)
                letters.append(chr(ord("a") + r))
            yield "".join(reversed(letters))
        length += 1


def unique_key(entry: Entry, taken: set[str]) -> str:
    """A key for ``entry`` not in ``taken`` (compared lower-case); adds it to ``taken``."""
    base = base_key(entry)
    for suffix in suffixes():
        candidate = base + suffix
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
    raise AssertionError("unreachable: suffixes() is infinite")


VALID_KEY = re.compile(r"^[A-Za-z0-9]+$")


def is_valid_key(key: str) -> bool:
    """True for keys of ASCII letters and digits only (safe as file names and in BibTeX)."""
    return bool(VALID_KEY.match(key)) and len(key) <= 120
