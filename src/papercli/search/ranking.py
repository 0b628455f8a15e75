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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from papercli.dates import parse_iso_prefix
from papercli.errors import InputError
from papercli.model import Entry
from papercli.search.vocabulary import SortedVocabulary, Vocabulary
from papercli.stopwords import QUERY_STOP_WORDS
from papercli.terms import (
    bare_identifiers,
    joined_form,
    normalise,
    stem,
    word_spans,
    word_terms,
)

EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 1.0, 0.8, 0.6, 0.4
MAX_QUERY_WORDS = 32
MIN_PREFIX_LEN = 3


class ExpansionCache(Protocol):
    """Where expansions may be kept between searches (the index keeps them per vocabulary
    generation: ``store.vocabulary``)."""

    def cached_expansion(self, word: str) -> dict[str, float] | None:
        """The stored candidates of ``word``, if still valid."""

    def store_expansion(self, word: str, candidates: dict[str, float]) -> None:
        """Keep the candidates of ``word``."""


@dataclass
class QueryWord:
    """One query word and the vocabulary terms it may mean, each with a quality."""

    text: str
    candidates: dict[str, float] = field(default_factory=dict)


def query_words(query: str) -> list[str]:
    """The query's words, stop words dropped unless the query has nothing else; an arXiv id
    or DOI as its words, without prefix, URL or version (``terms.bare_identifiers``)."""
    words = [w for _, _, w in word_spans(bare_identifiers(query))]
    kept = [w for w in words if normalise(w) not in QUERY_STOP_WORDS]
    words = kept or words
    if len(words) > MAX_QUERY_WORDS:
        raise InputError(f"the query has {len(words)} words; use at most {MAX_QUERY_WORDS}")
    return words


def max_typos(word: str) -> int:
    """Typos tolerated in a query word: none up to 4 letters, one up to 8, then two."""
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 8 else 2


def expand_query(
    query: str, vocabulary: Vocabulary | Sequence[str], cache: ExpansionCache | None = None
) -> list[QueryWord]:
    """Map each query word to candidate terms of ``vocabulary`` (a sorted list will do).

    A hyphenated query word stands for its joined compound (``over-parameterized`` ->
    ``overparameteriz``), which indexing also produces for hyphenated text. With a
    ``cache``, a word expanded before (against the same vocabulary) is not expanded again.
    """
    if isinstance(vocabulary, Sequence):
        vocabulary = SortedVocabulary(vocabulary)
    out: list[QueryWord] = []
    for word in query_words(query):
        joined = joined_form(word)
        candidates = cache.cached_expansion(joined) if cache is not None else None
        if candidates is None:
            candidates = expand_word(joined, vocabulary)
            if cache is not None:
                cache.store_expansion(joined, candidates)
        out.append(QueryWord(word, candidates))
    return out


def expand_word(joined: str, vocabulary: Vocabulary) -> dict[str, float]:
    """The candidate terms of one query word (in its joined form), each with its quality."""
    # Imported here: a word expanded before comes from the index's cache without it.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    term = stem(joined)
    candidates: dict[str, float] = {}
    typos = max_typos(joined)
    for form in dict.fromkeys((joined, term)) if typos else ():
        letters = sum(c.isalpha() for c in form) >= 3  # then numbers are out of reach
        pool = vocabulary.near_length(len(form) - typos, len(form) + typos, letters)
        for found, distance, _ in process.extract(
            form, pool, scorer=OSA.distance, score_cutoff=typos, limit=None
        ):
            quality = ONE_TYPO if distance <= 1 else TWO_TYPOS
            candidates[found] = max(quality, candidates.get(found, 0.0))
    if len(term) >= MIN_PREFIX_LEN:
        for found in vocabulary.with_prefix(term):
            candidates[found] = PREFIX
    if vocabulary.has(term):
        candidates[term] = EXACT
    return candidates


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


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` that produce any of ``terms``."""
    wanted = set(terms)
    return [(s, e) for s, e, word in word_spans(text) if word_terms(word) & wanted]


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """ISO bounds for ``--since``/``--until`` (``until 2024`` means up to 2024-12-31)."""

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
        import calendar  # here: only --since/--until need it

        day = d or calendar.monthrange(y, month)[1]
        hi = f"{y:04d}-{month:02d}-{day:02d}"
    if lo and hi and lo > hi:
        raise InputError(f"--since {since} is after --until {until}")
    return lo, hi
