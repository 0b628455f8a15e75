"""Query -> ranked hits: tokenising, typo-tolerant query expansion, ranking.

The engine has three steps so that retrieval can later come from a persistent index:

1. ``tokenize(text)`` turns text into terms (casefolded, accent-folded, lightly stemmed;
   hyphenated words give their parts and the joined compound).
2. ``expand_query(query, vocabulary)`` maps each query word to the vocabulary terms it may
   mean, each with a quality: exact (same stem) 1.0, prefix 0.8, one typo 0.6, two 0.4.
3. ``rank(words, index)`` scores every entry that a ``TermIndex`` says contains some
   candidate term. Order: more query words matched; then better match quality (exact before
   prefix before fuzzy); then better fields (title and key before tags and authors before
   abstract and note); then newest (date, then added).

``InMemoryIndex`` builds a ``TermIndex`` from a list of entries; ``search()`` glues it all.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from papercli.errors import InputError
from papercli.model import Entry, fold_accents
from papercli.search.stopwords import QUERY_STOP_WORDS

# Field bits stored in postings, and the weight a match in that field earns.
TITLE, KEY, TAGS, AUTHORS, ABSTRACT, NOTE = 1, 2, 4, 8, 16, 32
FIELD_WEIGHTS = {TITLE: 1.0, KEY: 1.0, TAGS: 0.8, AUTHORS: 0.8, ABSTRACT: 0.5, NOTE: 0.4}

EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 1.0, 0.8, 0.6, 0.4
MAX_QUERY_WORDS = 32
MIN_PREFIX_LEN = 3


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


def normalise(word: str) -> str:
    """Casefold and strip accents (``Matérn`` -> ``matern``)."""
    return fold_accents(word).casefold()


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
    return out


@dataclass
class QueryWord:
    """One query word and the vocabulary terms it may mean, each with a quality."""

    text: str
    candidates: dict[str, float] = field(default_factory=dict)


def query_words(query: str) -> list[str]:
    """The query's words, stop words dropped unless the query has nothing else."""
    words = [w for _, _, w in word_spans(query)]
    kept = [w for w in words if normalise(w) not in QUERY_STOP_WORDS]
    words = kept or words
    if len(words) > MAX_QUERY_WORDS:
        raise InputError(f"the query has {len(words)} words; use at most {MAX_QUERY_WORDS}")
    return words


def max_typos(word: str) -> int:
    """Typos tolerated in a query word: none up to 4 letters, one up to 8, then two."""
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 8 else 2


def expand_query(query: str, vocabulary: Sequence[str]) -> list[QueryWord]:
    """Map each query word to candidate terms of ``vocabulary`` (which must be sorted).

    A hyphenated query word stands for its joined compound (``over-parameterized`` ->
    ``overparameteriz``), which indexing also produces for hyphenated text.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    out: list[QueryWord] = []
    for word in query_words(query):
        joined = "".join(p for p in _JOINERS.split(normalise(word)) if p)
        term = stem(joined)
        candidates: dict[str, float] = {}
        typos = max_typos(joined)
        for form in dict.fromkeys((joined, term)) if typos else ():
            for found, distance, _ in process.extract(
                form, vocabulary, scorer=OSA.distance, score_cutoff=typos, limit=None
            ):
                quality = ONE_TYPO if distance <= 1 else TWO_TYPOS
                candidates[found] = max(quality, candidates.get(found, 0.0))
        if len(term) >= MIN_PREFIX_LEN:
            start = bisect.bisect_left(vocabulary, term)
            for found in vocabulary[start:]:
                if not found.startswith(term):
                    break
                candidates[found] = PREFIX
        i = bisect.bisect_left(vocabulary, term)
        if i < len(vocabulary) and vocabulary[i] == term:
            candidates[term] = EXACT
        out.append(QueryWord(word, candidates))
    return out


class TermIndex(Protocol):
    """What ranking needs from retrieval; an sqlite FTS index can provide the same."""

    def vocabulary(self) -> Sequence[str]:
        """Every term, sorted."""

    def postings(self, term: str) -> Mapping[str, int]:
        """Entry key -> field bits, for every entry containing ``term``."""

    def recency(self, key: str) -> tuple[str, str]:
        """(date, added) of an entry, for newest-first ties."""


class InMemoryIndex:
    """A ``TermIndex`` built from entries in memory."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        self._postings: dict[str, dict[str, int]] = {}
        for entry in entries:
            self.entries[entry.key] = entry
            for term, bits in entry_terms(entry).items():
                self._postings.setdefault(term, {})[entry.key] = bits
        self._vocabulary = sorted(self._postings)

    def vocabulary(self) -> Sequence[str]:
        """Every term, sorted."""
        return self._vocabulary

    def postings(self, term: str) -> Mapping[str, int]:
        """Entry key -> field bits for ``term``."""
        return self._postings.get(term, {})

    def recency(self, key: str) -> tuple[str, str]:
        """(date, added) of the entry with ``key``."""
        entry = self.entries[key]
        return (entry.date or "", entry.added or "")


@dataclass
class Ranked:
    """An entry key with its score and the query words and terms it matched."""

    key: str
    score: float
    words: tuple[str, ...]
    terms: frozenset[str]


def _field_weight(bits: int) -> float:
    return max((w for bit, w in FIELD_WEIGHTS.items() if bits & bit), default=0.0)


def rank(words: Sequence[QueryWord], index: TermIndex, limit: int | None = None) -> list[Ranked]:
    """Score every entry matching some query word; best first, ties newest first.

    Score = words matched + (sum of match qualities) / 100 + (mean field weight) / 10^4,
    so each rule only breaks ties of the rules before it (at most 32 query words).
    """
    # key -> per query word: best (quality, field weight) and the terms that matched.
    best: dict[str, dict[int, tuple[float, float]]] = {}
    matched_terms: dict[str, set[str]] = {}
    for i, word in enumerate(words):
        for term, quality in word.candidates.items():
            for key, bits in index.postings(term).items():
                pair = (quality, _field_weight(bits))
                per_word = best.setdefault(key, {})
                if pair > per_word.get(i, (0.0, 0.0)):
                    per_word[i] = pair
                matched_terms.setdefault(key, set()).add(term)
    ranked = []
    n_words = max(len(words), 1)
    for key, per_word in best.items():
        qualities = sum(q for q, _ in per_word.values())
        fields = sum(f for _, f in per_word.values()) / n_words
        score = round(len(per_word) + qualities / 100 + fields / 10_000, 6)
        hit_words = tuple(words[i].text for i in sorted(per_word))
        ranked.append(Ranked(key, score, hit_words, frozenset(matched_terms[key])))
    ranked.sort(key=lambda r: r.key)
    ranked.sort(key=lambda r: (r.score, *index.recency(r.key)), reverse=True)
    return ranked if limit is None else ranked[:limit]


@dataclass
class Hit:
    """One search result: the entry, its score (higher is better) and what matched."""

    entry: Entry
    score: float
    words: tuple[str, ...] = ()
    terms: frozenset[str] = frozenset()


def check_query(query: str, limit: int | None) -> None:
    """Raise InputError for a query without words or a negative limit."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")
    if not query_words(query):
        raise InputError("the search query has no words; try e.g. 'diffusion sampling'")


def search(entries: Sequence[Entry], query: str, *, limit: int | None = None) -> list[Hit]:
    """Entries matching ``query``, best first (see the module docstring for the order)."""
    check_query(query, limit)
    index = InMemoryIndex(entries)
    words = expand_query(query, index.vocabulary())
    return [
        Hit(index.entries[r.key], r.score, r.words, r.terms)
        for r in rank(words, index, limit=limit)
    ]


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` that produce any of ``terms``."""
    wanted = set(terms)
    return [(s, e) for s, e, word in word_spans(text) if word_terms(word) & wanted]


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """ISO bounds for ``--since``/``--until`` (``until 2024`` means up to 2024-12-31)."""
    import calendar

    from papercli.dates import parse_iso_prefix

    def parse(text: str, option: str) -> tuple[int, int | None, int | None]:
        try:
            return parse_iso_prefix(text)
        except ValueError:
            raise InputError(f"{option} wants YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}") from None

    lo = hi = None
    if since is not None:
        y, m, d = parse(since, "--since")
        lo = f"{y:04d}-{m or 1:02d}-{d or 1:02d}"
    if until is not None:
        y, m, d = parse(until, "--until")
        month = m or 12
        day = d or calendar.monthrange(y, month)[1]
        hi = f"{y:04d}-{month:02d}-{day:02d}"
    if lo and hi and lo > hi:
        raise InputError(f"--since {since} is after --until {until}")
    return lo, hi


def in_date_range(entry: Entry, lo: str | None, hi: str | None) -> bool:
    """True when the entry's date lies within [lo, hi]; undated entries never do."""
    if lo is None and hi is None:
        return True
    if not entry.date:
        return False
    # A partial date (``2024`` or ``2024-03``) covers its whole year or month.
    known = len(entry.date)
    first = entry.date + "-01-01"[known - 4 :] if known < 10 else entry.date
    last = entry.date + "-12-31"[known - 4 :] if known < 10 else entry.date
    return (lo is None or last >= lo) and (hi is None or first <= hi)
