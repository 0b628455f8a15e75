"""What ``pull`` can pull: ``hf`` and ``arxiv:CATEGORY`` (light: the config checks these names)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from papercli.errors import InputError

HF = "hf"
ARXIV = "arxiv"
_CATEGORY = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")


@dataclass(frozen=True)
class PullSource:
    """One source of daily papers: Hugging Face's list, or one arXiv category."""

    kind: str  # "hf" or "arxiv"
    category: str | None = None

    @property
    def name(self) -> str:
        """``hf`` or ``arxiv:cs.LG``: how settings and the pull state name it."""
        return f"{ARXIV}:{self.category}" if self.category else self.kind


def arxiv_category(text: str) -> str:
    """``text`` if it looks like an arXiv category (``cs.LG``, ``hep-th``), else InputError."""
    if not _CATEGORY.match(text):
        raise InputError(f"{text!r} is not an arXiv category such as cs.LG or stat.ML")
    return text


def parse_sources(names: Iterable[str]) -> list[PullSource]:
    """``["hf", "arxiv:cs.LG"]`` -> sources (repeats dropped); InputError names a bad one."""
    sources: list[PullSource] = []
    for raw in names:
        name = raw.strip()
        kind, _, category = name.partition(":")
        if name == HF:
            source = PullSource(HF)
        elif kind == ARXIV and category:
            source = PullSource(ARXIV, arxiv_category(category))
        else:
            raise InputError(f"unknown pull source {name!r}; use hf or arxiv:CATEGORY")
        if source not in sources:
            sources.append(source)
    return sources
