"""Papers as tf-idf vectors over the index's own search terms and document counts.

A paper's features are the terms of its title and abstract (``terms.tokenize``: folded,
lightly stemmed) and, prefixed ``@``, the words of its authors' names. Each feature
present weighs its idf, ``log((1 + N) / (1 + df)) + 1`` (scikit-learn's smooth idf), and
the vector is scaled to length 1, so long abstracts do not outweigh short ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

AUTHOR = "@"
Vector = dict[str, float]


def features(title: str, authors: str, abstract: str) -> set[str]:
    """A paper's features from the index's space-separated terms of each field."""
    words = set(title.split())
    words.update(abstract.split())
    words.update(AUTHOR + name for name in authors.split())
    return words


def idf(papers: int, holding: int) -> float:
    """The smooth idf of a term held by ``holding`` of ``papers`` papers."""
    return math.log((1 + papers) / (1 + holding)) + 1.0


def vector(words: Iterable[str], papers: int, counts: Mapping[str, int]) -> Vector:
    """The unit tf-idf vector of a paper's features (authors counted like words: a name
    in the document counts is the same term as in text, ``@`` dropped)."""
    weights = {w: idf(papers, counts.get(w.removeprefix(AUTHOR), 0)) for w in words}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def shown(feature: str) -> str:
    """A feature as a user reads it: ``@smith`` -> ``by smith``."""
    return f"by {feature[1:]}" if feature.startswith(AUTHOR) else feature
