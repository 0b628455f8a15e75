"""Papers as tf-idf vectors over the index's own search terms and document counts.

A paper's features are the terms of its title and abstract (``terms.tokenize``: folded,
lightly stemmed; a title term also in the abstract counts twice) and, prefixed ``@``, the
words of its authors' names. A feature weighs ``count x idf`` with the smooth idf
``log((1 + N) / (1 + df)) + 1`` (scikit-learn's), and the vector is divided by the square
root of the paper's number of terms, so long abstracts do not outweigh short ones (a
length normalisation that costs nothing to compute, unlike the vector's own length).

Scoring 100,000 papers is the hot path: ``Scorer`` does it with ``map`` over the term
lists and dict lookups in C, never a Python loop per term.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from itertools import repeat

AUTHOR = "@"
Vector = dict[str, float]


class Terms:
    """One paper's terms: (title + abstract terms, author terms), repeats kept."""

    __slots__ = ("authors", "text")

    def __init__(self, title: str, authors: str, abstract: str) -> None:
        self.text = title.split() + abstract.split()
        self.authors = authors.split()

    def features(self) -> set[str]:
        """Every distinct feature (author words prefixed ``@``)."""
        return {*self.text, *(AUTHOR + a for a in self.authors)}


class Idf:
    """The idf of every term of the index (terms it has not seen: the largest)."""

    def __init__(self, papers: int, counts: Mapping[str, int]) -> None:
        top = idf(papers, 0)
        self.of: defaultdict[str, float] = defaultdict(lambda: top)
        self.of.update((t, idf(papers, n)) for t, n in counts.items())

    def norm(self, terms: Terms) -> float:
        """What a paper's vector is divided by: the root of its number of terms."""
        return math.sqrt(len(terms.text) + len(terms.authors)) or 1.0

    def vector(self, terms: Terms) -> Vector:
        """The unit tf-idf vector of a paper (for training and explaining)."""
        norm = self.norm(terms)
        out: Vector = {}
        for term, count in Counter(terms.text).items():
            out[term] = count * self.of[term] / norm
        for term, count in Counter(terms.authors).items():
            out[AUTHOR + term] = count * self.of[term] / norm
        return out


def idf(papers: int, holding: int) -> float:
    """The smooth idf of a term held by ``holding`` of ``papers`` papers."""
    return math.log((1 + papers) / (1 + holding)) + 1.0


class Scorer:
    """``w . x`` for many papers fast: the weights folded with the idf once."""

    def __init__(self, weights: Mapping[str, float], idf_table: Idf) -> None:
        self.idf = idf_table
        self.text: dict[str, float] = {}
        self.authors: dict[str, float] = {}
        for feature, w in weights.items():
            if feature.startswith(AUTHOR):
                self.authors[feature[1:]] = w * idf_table.of[feature[1:]]
            else:
                self.text[feature] = w * idf_table.of[feature]

    def dot(self, terms: Terms) -> float:
        """The dot product of the weights with the paper's unit vector."""
        raw = sum(map(self.text.get, terms.text, repeat(0.0)))
        raw += sum(map(self.authors.get, terms.authors, repeat(0.0)))
        return raw / self.idf.norm(terms)


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def shown(feature: str) -> str:
    """A feature as a user reads it: ``@smith`` -> ``by smith``."""
    return f"by {feature[1:]}" if feature.startswith(AUTHOR) else feature
