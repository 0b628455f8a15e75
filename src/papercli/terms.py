"""Text -> search terms: tokenising and a light stemmer, shared by the index and queries.

``tokenize(text)`` turns text into terms (casefolded, accent-folded, lightly stemmed;
hyphenated words give their parts and the joined compound). The index stores these terms
and query expansion looks them up, so both sides must use exactly these functions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from papercli.model import Entry, fold_accents

# Field bits stored in postings, and the weight a match in that field earns. An identifier
# (arXiv id, DOI) names the paper as surely as its key, so it is searched with the key; an
# organisation is searched with the authors. (Two more FTS columns made every import's
# FTS insert 60% slower, for no difference in ranking.)
TITLE, KEY, TAGS, AUTHORS, ABSTRACT, NOTE = 1, 2, 4, 8, 16, 32
FIELD_WEIGHTS = {
    TITLE: 1.0,
    KEY: 1.0,
    TAGS: 0.8,
    AUTHORS: 0.8,
    ABSTRACT: 0.5,
    NOTE: 0.4,
}


# A word: letters/digits, possibly joined by hyphens or apostrophes (``Over-Parameterized``).
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_JOINERS = re.compile(r"[-'’]")
_ALNUM_RUNS = re.compile(r"[^\W\d_]+|\d+")

# Suffix -> replacement, first match wins; the stem left must keep at least 3 letters.
# British -is- spellings are folded onto -iz- so ``optimisation`` meets ``optimization``.
_SUFFIXES = (
    ("izations", "iz"),
    ("isations", "iz"),
    ("ization", "iz"),
    ("isation", "iz"),
    ("izing", "iz"),
    ("ising", "iz"),
    ("ized", "iz"),
    ("ised", "iz"),
    ("izer", "izer"),
    ("iser", "izer"),
    ("ize", "iz"),
    ("ise", "iz"),
    ("ations", ""),
    ("ation", ""),
    ("ating", ""),
    ("ated", ""),
    ("ate", ""),
    ("ings", ""),
    ("ing", ""),
    ("ed", ""),
    ("ence", ""),
    ("ance", ""),
)
_UNDOUBLE = set("bdfgkmnprt")


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ed, -ing, -ation, -ence, -ise/-ize, final -e.

    Both indexing and queries use it, so it only needs to be consistent, not linguistic:
    ``parameterized``, ``parameterization`` and ``parameterisations`` share one stem.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, replacement in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + replacement
            if not replacement and len(w) > 3 and w[-1] == w[-2] and w[-1] in _UNDOUBLE:
                w = w[:-1]  # stopped -> stop, running -> run
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def bare_identifiers(text: str) -> str:
    """A query with each identifier (``arXiv:2303.08867v2``, a doi.org or arXiv URL) replaced
    by its bare value, so it searches for the words it is indexed by (``identifier_terms``).
    Which words are identifiers is ``identifiers.parse_identifier``'s rule."""
    if not any(c.isdigit() for c in text):
        return text
    from papercli.identifiers import parse_identifier

    words = []
    for word in text.split():
        if word.lower() in ("arxiv:", "doi:"):
            continue  # ``arXiv: 2303.08867``: the prefix alone is no search word
        named = parse_identifier(word)
        words.append(named.value if named is not None else word)
    return " ".join(words)


def identifier_terms(entry: Entry) -> set[str]:
    """Terms for the entry's arXiv id and DOI: their words (``2303``, ``08867``)."""
    return tokenize(" ".join(i for i in (entry.arxiv_id, entry.doi) if i))


def normalise(word: str) -> str:
    """Casefold and strip accents (``Matérn`` -> ``matern``)."""
    return fold_accents(word).casefold()


def joined_form(word: str) -> str:
    """A query word with its hyphens and apostrophes dropped: ``over-fit`` -> ``overfit``."""
    return "".join(p for p in _JOINERS.split(normalise(word)) if p)


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Every word of ``text`` with its start, end and surface text."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group()


@functools.lru_cache(maxsize=262_144)
def word_terms(word: str) -> frozenset[str]:
    """Terms for one surface word: its hyphen parts and their joined compound, each both
    as written (folded) and stemmed.

    Stems make ``parameterized`` meet ``parameterization``; the unstemmed forms let a typo
    in a suffix (``hallucinaton``) still be within reach of ``hallucination``.
    """
    folded = normalise(word)
    parts = [p for p in _JOINERS.split(folded) if p]
    if len(parts) > 1:
        parts.append("".join(parts))
    return frozenset((*parts, *(stem(p) for p in parts)))


def tokenize(text: str) -> set[str]:
    """The set of terms in ``text``."""
    return set().union(*map(word_terms, set(_WORD.findall(text))))


def key_terms(key: str) -> set[str]:
    """Terms for a citation key: the whole key and its letter and digit runs."""
    folded = normalise(key)
    return {folded, *(stem(run) for run in _ALNUM_RUNS.findall(folded))}


def entry_terms(entry: Entry) -> dict[str, int]:
    """Every term of ``entry`` mapped to the bits of the fields it occurs in."""
    out: dict[str, int] = {}

    def add(terms: Iterable[str], bit: int) -> None:
        for term in terms:
            out[term] = out.get(term, 0) | bit

    add(tokenize(entry.title), TITLE)
    add(key_terms(entry.key), KEY)
    add(tokenize(" ".join(entry.tags)), TAGS)
    add(tokenize(" ".join(entry.authors)), AUTHORS)
    add(tokenize(entry.abstract), ABSTRACT)
    if entry.note:
        add(tokenize(entry.note), NOTE)
    add(identifier_terms(entry), KEY)
    add(tokenize(entry.organization or ""), AUTHORS)
    return out
