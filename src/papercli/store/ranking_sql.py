"""The search ranking done inside sqlite, keeping only the top hits.

``search.ranking`` defines the order: more query words matched, then better match
quality, then better fields, then newest. Here that order runs over the FTS5 postings:

1. every (document, query word) keeps its best ``quality * 10 + field weight`` (qualities
   are 0.4..1.0 and weights 0..1, so one number orders both), upserted while the postings
   of each candidate term are read;
2. each document's score = words matched + qualities / 100 + mean field weight / 10^4;
3. without filters, the score of the ``limit``-th best document is found first, and only
   documents scoring at least that are joined with ``entries`` for the date/added/key tie
   order: the join, the costly part, touches ``limit`` rows plus ties, not every match.
   With filters (tags, status, dates) every match is joined and filtered in SQL.

Steps 1-2 cost what all postings of all candidate terms cost (tens of thousands of rows
for a common word at 100,000 papers), so an unfiltered, limited query first tries the
tiers of ``store.ranking_tiers``, which settle the answer from FTS5's own matcher; then,
since any document matching every word outscores any document that misses one (words
matched come first in the score), when ``limit`` documents hold every word only they are
scored. Otherwise every match is scored. The total comes from one FTS5 match of any
candidate.

A candidate term ending in ``*`` stands for every indexed term with that prefix (the
prefix candidates of a word, all of one quality): FTS5 reads them as one range of its
term index, where hundreds of single terms would cost a lookup each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from papercli.store.aside import Aside
from papercli.store.fts_match import COUNT, PREFIX_MARK, every_word
from papercli.store.query import Query
from papercli.store.ranking_tiers import (
    TIER_WORDS,
    BestTerms,
    best_score,
    by_word_terms,
    prepare,
    settle,
)

Posting = tuple[int, str, float]  # (query word index, candidate term, quality)
Ranked = tuple[str, float, str]  # (key, score, comma-separated matched word indices)

_ORDER = "score DESC, e.date DESC, e.added DESC, e.key ASC"
_TOTAL = "total"  # the count's name beside the ranking
__all__ = ["PREFIX_MARK", "Posting", "Ranked", "ranked"]


def _weight_sql(column_weights: Mapping[str, float]) -> str:
    cases = " ".join(f"WHEN '{column}' THEN {weight}" for column, weight in column_weights.items())
    return f"CASE col {cases} END"


def ranked(
    db: sqlite3.Connection,
    postings: Sequence[Posting],
    n_words: int,
    column_weights: Mapping[str, float],
    query: Query,
    count: bool = True,
) -> tuple[list[Ranked], int]:
    """The best hits (at most ``query.limit``, all when it is None or 0) and the total
    (-1 without ``count`` when the limit cut the answer: a caller that prints no total
    does not pay for counting every match)."""
    if not postings:
        return [], 0
    _temp_tables(db)
    if not query.limit or query.filtered or n_words > TIER_WORDS:
        _score(db, postings, n_words, column_weights, only_tier=False)
        return _top(db, query, None)  # every match is scored: that is the total
    best = BestTerms.of(postings, n_words)
    with Aside(db) as aside:
        if best and n_words > 1:  # first: the ranking waits for these, the total comes last
            prepare(aside, best, column_weights)
        if count:  # beside the ranking, on a second connection
            aside.submit(_TOTAL, COUNT, (total_match(postings),))
        rows = _limited(db, aside, postings, n_words, column_weights, query, query.limit, best)
        return rows, aside.answer(_TOTAL)[0][0] if count else -1


def _limited(
    db: sqlite3.Connection,
    aside: Aside,
    postings: Sequence[Posting],
    n_words: int,
    column_weights: Mapping[str, float],
    query: Query,
    limit: int,
    best: BestTerms | None,
) -> list[Ranked]:
    """The top hits of an unfiltered, limited query, from the first tier that settles them
    (``store.ranking_tiers``), else from scoring the documents holding every word (when
    they fill the limit) or every match."""
    settled = settle(db, aside, best, column_weights, limit) if best else None
    if best and settled == "best":
        return _newest_of_tier(db, best_score(best, column_weights), n_words, limit)
    if settled != "scored":
        _all_words_tier(db, postings, n_words, limit)
        _score(db, postings, n_words, column_weights, only_tier=True)
    else:
        _aggregate(db, n_words)
    rows, _ = _top(db, query, total=-1)
    return rows


def _temp_tables(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS best "
        "(doc INT, word INT, v REAL, PRIMARY KEY (doc, word)) WITHOUT ROWID"
    )
    db.execute("CREATE TEMP TABLE IF NOT EXISTS scored (doc INT PRIMARY KEY, score REAL, words)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS tier (doc INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.best")
    db.execute("DELETE FROM temp.scored")
    db.execute("DELETE FROM temp.tier")


def total_match(postings: Sequence[Posting]) -> str:
    """The FTS5 expression matching every document that holds any candidate term (a term a
    ``prefix*`` of the query covers is left to it: FTS5 would read its postings twice)."""
    terms = dict.fromkeys(term for _, term, _ in postings)
    prefixes = [t[:-1] for t in terms if t.endswith(PREFIX_MARK)]
    kept = [t for t in terms if t.endswith(PREFIX_MARK) or not t.startswith(tuple(prefixes))]
    return every_word([kept])


def _newest_of_tier(db: sqlite3.Connection, score: float, n_words: int, limit: int) -> list[Ranked]:
    """The newest ``limit`` documents of ``temp.tier``, all scoring ``score``."""
    words = ",".join(str(i) for i in range(n_words))
    rows = db.execute(
        f"""SELECT e.key FROM temp.tier AS s JOIN entries AS e ON e.rowid = s.doc
            ORDER BY e.date DESC, e.added DESC, e.key ASC LIMIT {int(limit)}"""
    ).fetchall()
    return [(key, score, words) for (key,) in rows]


def _all_words_tier(
    db: sqlite3.Connection, postings: Sequence[Posting], n_words: int, limit: int
) -> None:
    """Fill ``temp.tier`` with every document matching all words, when they fill ``limit``."""
    by_word = by_word_terms(postings, n_words)
    if any(not terms for terms in by_word):
        return
    db.execute(
        "INSERT INTO temp.tier SELECT rowid FROM terms WHERE terms MATCH ?",
        (every_word([list(terms) for terms in by_word]),),
    )
    if db.execute("SELECT count(*) FROM temp.tier").fetchone()[0] < limit:
        db.execute("DELETE FROM temp.tier")


def _score(
    db: sqlite3.Connection,
    postings: Sequence[Posting],
    n_words: int,
    column_weights: Mapping[str, float],
    only_tier: bool,
) -> None:
    """Fill ``temp.scored`` (for the documents of ``temp.tier`` when it has any)."""
    tiered = only_tier and db.execute("SELECT 1 FROM temp.tier LIMIT 1").fetchone()
    within = "AND doc IN (SELECT doc FROM temp.tier)" if tiered else "AND true"
    insert = f"INSERT INTO temp.best SELECT doc, ?, ? * 10 + {_weight_sql(column_weights)} "
    upsert = "ON CONFLICT (doc, word) DO UPDATE SET v = max(v, excluded.v)"
    single = [(w, q, t) for w, t, q in postings if not t.endswith(PREFIX_MARK)]
    ranges = [(w, q, *_term_range(t[:-1])) for w, t, q in postings if t.endswith(PREFIX_MARK)]
    db.executemany(
        f"{insert} FROM terms_instance WHERE term >= ? AND term < ? {within} {upsert}", ranges
    )
    db.executemany(f"{insert} FROM terms_instance WHERE term = ? {within} {upsert}", single)
    _aggregate(db, n_words)


def _term_range(prefix: str) -> tuple[str, str]:
    """Bounds of the terms starting with ``prefix``: ``low <= term < high``."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _aggregate(db: sqlite3.Connection, n_words: int) -> None:
    """Each document of ``temp.best`` scored into ``temp.scored``."""
    db.execute(
        """
        INSERT INTO temp.scored
        SELECT doc, round(count(*) + sum(quality) / 100 + (sum(field) / ?) / 10000, 6),
               group_concat(word)
        FROM (SELECT doc, word,
                     (CAST(v AS INT) - (CAST(v AS INT) % 2)) / 10.0 AS quality,
                     v - (CAST(v AS INT) - (CAST(v AS INT) % 2)) AS field
              FROM temp.best)
        GROUP BY doc
        """,
        (max(n_words, 1),),
    )


def _top(db: sqlite3.Connection, query: Query, total: int | None) -> tuple[list[Ranked], int]:
    """The best ``query.limit`` of ``temp.scored`` in the full order, and the total."""
    where, params = query.where("e")
    limit = f"LIMIT {int(query.limit)}" if query.limit else ""
    if query.filtered:
        total = db.execute(
            f"SELECT count(*) FROM temp.scored AS s JOIN entries AS e ON e.rowid = s.doc {where}",
            params,
        ).fetchone()[0]
    else:
        scored = db.execute("SELECT count(*) FROM temp.scored").fetchone()[0]
        total = scored if total is None else total
        if query.limit and scored > query.limit:
            (floor,) = db.execute(
                "SELECT score FROM temp.scored ORDER BY score DESC LIMIT 1 OFFSET ?",
                (query.limit - 1,),
            ).fetchone()
            where, params = "WHERE s.score >= ?", [floor]
    rows = db.execute(
        f"""SELECT e.key, s.score, s.words FROM temp.scored AS s
            JOIN entries AS e ON e.rowid = s.doc {where} ORDER BY {_ORDER} {limit}""",
        params,
    ).fetchall()
    return rows, total
