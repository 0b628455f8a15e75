"""``related``: the library's papers nearest to one paper by text.

The paper's most distinctive terms (largest tf-idf weight, up to ``QUERY_TERMS``, title,
abstract and author names alike) become one OR query to the index's full-text search,
which ranks every paper holding any of them by bm25 (Okapi BM25, idf-weighted like the
vectors of ``text_vectors``) in C, without reading the library: a "more like this" query
as search engines make them. The score is bm25's, larger is nearer.
"""

from __future__ import annotations

from papercli.model import Entry
from papercli.ops import text_vectors as tv
from papercli.store import Store

QUERY_TERMS = 30


def related(store: Store, key: str, limit: int = 10) -> list[tuple[Entry, float]]:
    """Up to ``limit`` (entry, score) pairs, nearest first, ``key`` itself left out."""
    with store.corpus() as corpus:
        found = list(corpus.words([key]))
        if not found:
            return []
        terms = tv.Terms(*found[0][1:])
        counts = corpus.counts_of({*terms.text, *terms.authors})
        vec = tv.Idf(corpus.paper_count(), counts).vector(terms)
        match = _match(sorted(vec, key=lambda f: (-vec[f], f))[:QUERY_TERMS])
        if not match:
            return []
        hits = [(k, -rank) for k, rank in corpus.matching(match, limit + 1) if k != key]
        hits = hits[:limit]
        entries = corpus.entries([k for k, _ in hits])
    scores = dict(hits)
    return [(e, scores[e.key]) for e in entries]


def _match(features: list[str]) -> str:
    """An FTS5 query: any of the text terms in title or abstract, or of the author words."""
    text = [_quoted(f) for f in features if not f.startswith(tv.AUTHOR)]
    names = [_quoted(f[1:]) for f in features if f.startswith(tv.AUTHOR)]
    parts = []
    if text:
        parts.append("{title abstract} : (" + " OR ".join(text) + ")")
    if names:
        parts.append("authors : (" + " OR ".join(names) + ")")
    return " OR ".join(parts)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
