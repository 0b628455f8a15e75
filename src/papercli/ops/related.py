"""``related``: the library's papers nearest to one paper by text.

The paper's most distinctive terms (highest idf, up to ``QUERY_TERMS``) are asked of the
index's full-text search, which returns ``CANDIDATES`` papers by bm25 without reading the
library; those are then ordered by the cosine similarity of their tf-idf vectors
(``text_vectors``) to the paper's, the measure arxiv-sanity uses for "similar".
"""

from __future__ import annotations

from papercli.model import Entry
from papercli.ops import text_vectors as tv
from papercli.store import Store

QUERY_TERMS = 24
CANDIDATES = 200


def related(store: Store, key: str, limit: int = 10) -> list[tuple[Entry, float]]:
    """Up to ``limit`` (entry, cosine similarity) pairs, nearest first, ``key`` left out."""
    with store.corpus() as corpus:
        found = list(corpus.words([key]))
        if not found:
            return []
        words = tv.features(*found[0][1:])
        papers = corpus.paper_count()
        vec = tv.vector(words, papers, corpus.counts_of(_bare(words)))
        match = _match(sorted(vec, key=lambda w: -vec[w])[:QUERY_TERMS])
        if not match:
            return []
        keys = [k for k, _ in corpus.matching(match, CANDIDATES + 1) if k != key]
        texts = {k: tv.features(t, a, b) for k, t, a, b in corpus.words(keys)}
        counts = corpus.counts_of(_bare(set().union(*texts.values())))
        scored = [(k, tv.dot(vec, tv.vector(w, papers, counts))) for k, w in texts.items()]
        scored = sorted((p for p in scored if p[1] > 0), key=lambda p: -p[1])[:limit]
        entries = corpus.entries([k for k, _ in scored])
    similarity = dict(scored)
    return [(e, similarity[e.key]) for e in entries]


def _bare(words: set[str]) -> set[str]:
    return {w.removeprefix(tv.AUTHOR) for w in words}


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
