"""The ranked inbox: a linear model learnt from the user's own decisions.

Positives are the papers kept (``read``, ``to-read``, or given a tag), negatives the
papers ``skipped``; with ``like`` one tag's papers are the positives and every other
decided paper a negative. When fewer than ``MIN_NEGATIVES`` negatives exist, a fixed
sample of undecided papers stands in as weak negatives (arxiv-sanity treats every
untagged paper as one). Features are tf-idf over title, abstract and author names
(``text_vectors``); the model is an L2-regularised logistic regression, class-balanced,
trained by a few epochs of stochastic gradient descent in plain Python: with the index's
own term statistics it needs no scikit-learn, whose import alone costs more than a whole
``inbox``.

A model and the scores of every inbox paper are cached in ``.papercli/cache/ranking/``
with the index's fingerprint, and rebuilt only when an entry or tag changed since.
Ranking starts once there are ``MIN_DECISIONS`` decisions, ``MIN_POSITIVES`` of them kept.
"""

from __future__ import annotations

import marshal
import math
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from papercli.errors import InputError
from papercli.model import Entry, match_key
from papercli.ops import text_vectors as tv
from papercli.store import Store
from papercli.store.corpus import Corpus

MIN_DECISIONS = 10
MIN_POSITIVES = 3
MIN_NEGATIVES = 3
BACKGROUND = 500  # undecided papers sampled as weak negatives when skipped ones are few
EPOCHS = 5
RATE = 1.0
L2 = 1e-4
CACHE_NAME = "ranking"
# marshal's format may change between Python versions: the version tag names the one.
VERSION = f"1-{sys.version_info[0]}.{sys.version_info[1]}"
KEPT = ("read", "to-read")


@dataclass
class Model:
    """Weights per feature and a bias; ``score`` is the probability of keeping a paper."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    def margin(self, vec: tv.Vector) -> float:
        """The linear score of a vector (before the logistic)."""
        return self.bias + sum(self.weights.get(f, 0.0) * x for f, x in vec.items())

    def score(self, vec: tv.Vector) -> float:
        """The probability, from 0 to 1, that the user keeps a paper with this vector."""
        return _sigmoid(self.margin(vec))


@dataclass
class Ranking:
    """Scores of the inbox papers, best first, or why there are none yet."""

    order: list[tuple[str, float]]  # (key, score), best first; [] when not ranked
    positives: int
    negatives: int
    ranked: bool
    like: str | None = None

    @property
    def decisions(self) -> int:
        """How many decisions the model learnt from."""
        return self.positives + self.negatives

    def not_ranked_reason(self) -> str:
        """Why the inbox is in date order (empty when ranked)."""
        if self.ranked:
            return ""
        if self.like:
            return (
                f"too few papers tagged {self.like!r} to rank by ({self.positives}; "
                f"{MIN_POSITIVES} needed)"
            )
        return (
            f"the inbox is ranked once you have made {MIN_DECISIONS} decisions, "
            f"{MIN_POSITIVES} of them kept ({self.decisions} so far, {self.positives} kept)"
        )


def labels(corpus: Corpus, like: str | None = None) -> dict[str, int]:
    """Key -> 1 (positive) or 0 (negative) from the user's decisions (see the module)."""
    statuses = corpus.statuses()
    if like is not None:
        wanted = corpus.tagged(match_key(like))
        decided = set(statuses) | corpus.tagged()
        return {k: int(k in wanted) for k in decided | wanted}
    tagged = corpus.tagged()
    out = {k: int(s in KEPT) for k, s in statuses.items()}
    for key in tagged:
        if statuses.get(key) != "skipped":
            out[key] = 1
    return out


def train(
    vectors: dict[str, tv.Vector], labelled: dict[str, int], weak: Sequence[str] = ()
) -> Model:
    """Logistic regression by SGD; ``weak`` keys are negatives weighing half."""
    rows = [(vectors[k], y, 1.0) for k, y in labelled.items() if k in vectors]
    rows += [(vectors[k], 0, 0.5) for k in weak if k in vectors]
    pos = sum(w for _, y, w in rows if y) or 1.0
    neg = sum(w for _, y, w in rows if not y) or 1.0
    balance = {1: len(rows) / (2 * pos), 0: len(rows) / (2 * neg)}
    model = Model()
    weights = model.weights
    order = list(range(len(rows)))
    shuffle = random.Random(0).shuffle
    for epoch in range(EPOCHS):
        shuffle(order)
        rate = RATE / (1 + epoch)
        for i in order:
            vec, y, w = rows[i]
            g = (_sigmoid(model.margin(vec)) - y) * w * balance[y] * rate
            for f, x in vec.items():
                old = weights.get(f, 0.0)
                weights[f] = old - g * x - rate * L2 * old
            model.bias -= g
    return model


def rank(store: Store, like: str | None = None, rebuild: bool = False) -> Ranking:
    """The inbox ranked by the model, from the cache when nothing changed since."""
    return ranked_inbox(store, like, None, rebuild)[0]


def ranked_inbox(
    store: Store, like: str | None = None, limit: int | None = 0, rebuild: bool = False
) -> tuple[Ranking, list[Entry]]:
    """The ranking and the first ``limit`` inbox entries in its order (0: all, None: none);
    no entries when not ranked."""
    cache = _cache_file(store, like, "scores")
    with store.corpus() as corpus:
        stamp = corpus.fingerprint()
        cached = None if rebuild else _load(cache)
        if cached and cached[0] == stamp:
            ranking = Ranking(*cached[1:], like=like)
        else:
            ranking, model = _build(corpus, like)
            counts = (ranking.positives, ranking.negatives, ranking.ranked)
            _save(cache, (stamp, ranking.order, *counts))
            _save(_cache_file(store, like, "model"), (stamp, model.weights, model.bias))
        if limit is None:
            return ranking, []
        wanted = ranking.order[:limit] if limit else ranking.order
        return ranking, corpus.entries([k for k, _ in wanted])


def _build(corpus: Corpus, like: str | None) -> tuple[Ranking, Model]:
    labelled = labels(corpus, like)
    positives = sum(labelled.values())
    negatives = len(labelled) - positives
    enough = positives >= MIN_POSITIVES and (like is not None or len(labelled) >= MIN_DECISIONS)
    if not enough:
        return Ranking([], positives, negatives, False, like), Model()
    weak: list[str] = []
    if negatives < MIN_NEGATIVES:
        inbox = [k for k in corpus.new_keys() if k not in labelled]
        weak = random.Random(1).sample(inbox, min(BACKGROUND, len(inbox)))
    idf = tv.Idf(*corpus.document_counts())
    vectors = {
        key: idf.vector(tv.Terms(title, authors, abstract))
        for key, title, authors, abstract in corpus.words([*labelled, *weak])
    }
    model = train(vectors, labelled, weak)
    scorer = tv.Scorer(model.weights, idf)
    bias = model.bias
    scored = [
        (key, round(_sigmoid(bias + scorer.dot(tv.Terms(title, authors, abstract))), 4))
        for key, title, authors, abstract in corpus.inbox_words()
        if key not in labelled
    ]
    scored.sort(key=lambda pair: -pair[1])
    return Ranking(scored, positives, negatives, True, like), model


@dataclass
class Reason:
    """A word of one paper and how much it moved the paper's score."""

    word: str  # as the paper writes it (folded); ``by NAME`` for an author's name
    effect: float

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {"word": self.word, "effect": round(self.effect, 4)}


def explain(store: Store, key: str, like: str | None = None) -> tuple[float, list[Reason]]:
    """The score of paper ``key`` and each of its words' effect, largest first."""
    return explain_many(store, [key], like)[key]


def explain_many(
    store: Store, keys: Sequence[str], like: str | None = None
) -> dict[str, tuple[float, list[Reason]]]:
    """``explain`` for several papers, the model read once."""
    ranking = rank(store, like)
    if not ranking.ranked:
        raise InputError(ranking.not_ranked_reason())
    saved = _load(_cache_file(store, like, "model"))
    if not saved:
        raise InputError("the ranking model could not be read; run 'papercli inbox' again")
    model = Model(saved[1], saved[2])
    with store.corpus() as corpus:
        found = {k: tv.Terms(t, a, b) for k, t, a, b in corpus.words(keys)}
        missing = [k for k in keys if k not in found]
        if missing:
            raise InputError(f"{missing[0]!r} has no indexed text to rank")
        counts = corpus.counts_of({w for t in found.values() for w in (*t.text, *t.authors)})
        idf = tv.Idf(corpus.paper_count(), counts)
    out = {}
    for entry in store.get_many(list(keys)):
        vec = idf.vector(found[entry.key])
        surface = _surface_words(entry)
        effects: dict[str, float] = {}
        for feature, x in vec.items():
            word = surface.get(feature, tv.shown(feature))
            effects[word] = effects.get(word, 0.0) + model.weights.get(feature, 0.0) * x
        reasons = [Reason(w, e) for w, e in effects.items() if abs(e) > 1e-6]
        reasons.sort(key=lambda r: -abs(r.effect))
        out[entry.key] = (model.score(vec), reasons)
    return out


def _surface_words(entry: Entry) -> dict[str, str]:
    """Feature -> the word the paper writes it as (features are folded, stemmed terms)."""
    from papercli.terms import normalise, word_spans, word_terms

    out: dict[str, str] = {}
    for text, prefix in ((entry.title, ""), (entry.abstract, ""), (" ".join(entry.authors), "@")):
        for _, _, word in word_spans(text):
            shown = normalise(word) if not prefix else f"by {word}"
            for term in word_terms(word):
                out.setdefault(prefix + term, shown)
    return out


def _sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _cache_file(store: Store, like: str | None, kind: str) -> Path:
    name = "inbox" if like is None else "like-" + match_key(like).encode("utf-8").hex()
    return store.cache_dir(CACHE_NAME) / f"{name}.{kind}"


def _load(path: Path) -> tuple | None:
    """A saved tuple, or None when missing, damaged or of another version."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, tuple) or not data or data[0] != VERSION:
        return None
    return data[1:]


def _save(path: Path, data: tuple) -> None:
    """Save ``data`` with the version tag; a cache is best effort."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((VERSION, *data)))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
