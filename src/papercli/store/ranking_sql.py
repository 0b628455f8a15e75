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
for a common word at 100,000 papers), so an unfiltered, limited query first asks FTS5's
own (C) matcher for two tiers, which bound the answer without scoring anything:

- the documents matching every word with its best candidate quality in a title or key
  column all share the highest possible score: if there are ``limit`` of them, the answer
  is the newest ``limit`` of them;
- any document matching every word outscores any document that misses one (words matched
  come first in the score): if there are ``limit`` of them, only they are scored.

- the documents holding, for every word, one of its best-quality terms (the exact word when
  it is indexed) outscore every other document (qualities come before fields): if there are
  ``limit`` of them, only their fields are needed, and FTS5's column filters give them per
  field level without reading a posting: documents with the word in a title or key, in tags
  or authors, only in a note; every other one of them has it in its abstract. Those with a
  word above the abstract level are scored exactly, and when the ``limit``-th of them beats
  a document with every word in its abstract the answer is among them.

Otherwise every match is scored. The total always comes from one FTS5 match of any
candidate. Queries of more than 8 words skip the tiers: rounding the score to 6 decimals
could then tie a lower tier with a higher one.

A candidate term ending in ``*`` stands for every indexed term with that prefix (the
prefix candidates of a word, all of one quality): FTS5 reads them as one range of its
term index, where hundreds of single terms would cost a lookup each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from papercli.store.query import Query

Posting = tuple[int, str, float]  # (query word index, candidate term, quality)
Ranked = tuple[str, float, str]  # (key, score, comma-separated matched word indices)

_ORDER = "score DESC, e.date DESC, e.added DESC, e.key ASC"
PREFIX_MARK = "*"
TIER_WORDS = 8
_BEST_COLUMNS = ("title", "key")


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
    if query.limit and not query.filtered and n_words <= TIER_WORDS:
        answer = _from_best_tier(db, postings, n_words, query.limit, count)
        if answer is not None:
            return answer
        if _from_quality_tier(db, postings, n_words, column_weights, query.limit):
            return _top(db, query, _total(db, postings) if count else -1)
        _all_words_tier(db, postings, n_words, query.limit)
        _score(db, postings, n_words, column_weights, only_tier=True)
        total = _total(db, postings) if count else -1
    else:
        _score(db, postings, n_words, column_weights, only_tier=False)
        total = None
    return _top(db, query, total)


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


def _phrase(term: str) -> str:
    """One term (or ``prefix*``) as an FTS5 query string."""
    if term.endswith(PREFIX_MARK):
        return '"' + term[:-1].replace('"', '""') + '"*'
    return '"' + term.replace('"', '""') + '"'


def _any(terms: Sequence[str], columns: Sequence[str] = ()) -> str:
    """An FTS5 expression: any of ``terms``, in ``columns`` when given."""
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    return scope + "(" + " OR ".join(_phrase(term) for term in terms) + ")"


def _match(words: Sequence[Sequence[str]], columns: Sequence[str] = ()) -> str:
    """An FTS5 expression: every word (one of its terms), in ``columns`` when given."""
    return " AND ".join(_any(terms, columns) for terms in words)


def _total(db: sqlite3.Connection, postings: Sequence[Posting]) -> int:
    every = [[term for _, term, _ in postings]]
    return db.execute(
        "SELECT count(*) FROM terms WHERE terms MATCH ?", (_match(every),)
    ).fetchone()[0]


def _by_word(postings: Sequence[Posting], n_words: int) -> list[dict[str, float]]:
    by_word: list[dict[str, float]] = [{} for _ in range(n_words)]
    for word, term, quality in postings:
        by_word[word][term] = max(quality, by_word[word].get(term, 0.0))
    return by_word


def _best_terms(by_word: list[dict[str, float]]) -> tuple[list[float], list[list[str]]]:
    """Each word's best quality and its terms of that quality."""
    tops = [max(terms.values()) for terms in by_word]
    best = [
        [t for t, q in terms.items() if q == top] for terms, top in zip(by_word, tops, strict=True)
    ]
    return tops, best


def _from_best_tier(
    db: sqlite3.Connection, postings: Sequence[Posting], n_words: int, limit: int, count: bool
) -> tuple[list[Ranked], int] | None:
    """The answer when the documents with every word at its best quality in a title or key
    fill ``limit``; else None."""
    by_word = _by_word(postings, n_words)
    if any(not terms for terms in by_word):
        return None  # a word with no candidate: nobody matches every word
    tops, best = _best_terms(by_word)
    db.execute(
        "INSERT INTO temp.tier SELECT rowid FROM terms WHERE terms MATCH ?",
        (_match(best, _BEST_COLUMNS),),
    )
    if db.execute("SELECT count(*) FROM temp.tier").fetchone()[0] >= limit:
        score = round(n_words + sum(tops) / 100 + 1.0 / 10_000, 6)
        words = ",".join(str(i) for i in range(n_words))
        rows = db.execute(
            f"""SELECT e.key FROM temp.tier AS s JOIN entries AS e ON e.rowid = s.doc
                ORDER BY e.date DESC, e.added DESC, e.key ASC LIMIT {int(limit)}"""
        ).fetchall()
        return [(key, score, words) for (key,) in rows], _total(db, postings) if count else -1
    db.execute("DELETE FROM temp.tier")
    return None


def _from_quality_tier(
    db: sqlite3.Connection,
    postings: Sequence[Posting],
    n_words: int,
    column_weights: Mapping[str, float],
    limit: int,
) -> bool:
    """Fill ``temp.scored`` with the documents that settle the answer when every word at its
    best quality, fields aside, decides it (module docstring); False, nothing kept, when
    the tier is too small or a document with every word in its abstract could tie in."""
    by_word = _by_word(postings, n_words)
    if any(not terms for terms in by_word):
        return False
    tops, best = _best_terms(by_word)
    db.execute("INSERT INTO temp.tier SELECT rowid FROM terms WHERE terms MATCH ?", (_match(best),))
    if db.execute("SELECT count(*) FROM temp.tier").fetchone()[0] < limit:
        db.execute("DELETE FROM temp.tier")
        return False
    levels: dict[float, list[str]] = {}
    for column, weight in column_weights.items():
        levels.setdefault(weight, []).append(column)
    usual = column_weights["abstract"]
    at_least_usual = [c for w, cs in levels.items() if w >= usual for c in cs]
    rows = []
    for i, (top, terms) in enumerate(zip(tops, best, strict=True)):
        for weight, columns in levels.items():
            if weight > usual:
                here = _any(terms, columns)
            elif weight < usual:
                here = f"({_any(terms, columns)} NOT {_any(terms, at_least_usual)})"
            else:
                continue
            rows.append((i, top * 10 + weight, here))
    db.executemany(
        "INSERT INTO temp.best SELECT t.doc, ?, ? FROM terms AS m "
        "CROSS JOIN temp.tier AS t ON t.doc = m.rowid WHERE terms MATCH ? "
        "ON CONFLICT (doc, word) DO UPDATE SET v = max(v, excluded.v)",
        rows,
    )
    db.executemany(
        "INSERT OR IGNORE INTO temp.best SELECT DISTINCT doc, ?, ? FROM temp.best",
        [(i, top * 10 + usual) for i, top in enumerate(tops)],
    )
    _aggregate(db, n_words)
    floor = db.execute(
        "SELECT score FROM temp.scored ORDER BY score DESC LIMIT 1 OFFSET ?", (limit - 1,)
    ).fetchone()
    plain = n_words + sum(tops) / 100 + usual / 10_000  # every word in an abstract
    if floor is not None and floor[0] > round(plain, 6) + 5e-7:
        return True
    for table in ("best", "scored", "tier"):
        db.execute(f"DELETE FROM temp.{table}")
    return False


def _all_words_tier(
    db: sqlite3.Connection, postings: Sequence[Posting], n_words: int, limit: int
) -> None:
    """Fill ``temp.tier`` with every document matching all words, when they fill ``limit``."""
    by_word = _by_word(postings, n_words)
    if any(not terms for terms in by_word):
        return
    db.execute(
        "INSERT INTO temp.tier SELECT rowid FROM terms WHERE terms MATCH ?",
        (_match([list(terms) for terms in by_word]),),
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
