"""Answers kept per paper, not per request: batches change, a paper's answer does not.

A batched request (arXiv ``id_list``, an OR-ed arXiv title search, Semantic Scholar's
``paper/batch``) asks about many papers at once. Caching it by URL would miss as soon as the
batch changed (a paper filled meanwhile drops out of the next run's batch), so each paper's
part of the answer is saved on its own, in the HTTP client's cache folder, under
``answer:<service>:<id>``. Before a batch, the papers already answered are left out; a
batch is sent only for the rest (and ``--offline`` fails only when some are missing).

A saved value is any JSON; ``None`` is a saved "not found", distinct from "not saved".
"""

from __future__ import annotations

import json
from typing import Any

from papercli.sources.http import HttpClient

MISSING = object()  # ``get``'s answer when nothing is saved for the paper


class PaperAnswers:
    """Per-paper answers of one service (``namespace``) in ``client``'s cache."""

    def __init__(self, client: HttpClient, namespace: str) -> None:
        self.client = client
        self.namespace = namespace

    def _key(self, paper: str) -> str:
        return f"answer:{self.namespace}:{' '.join(paper.split()).casefold()}"

    def get(self, paper: str) -> Any:
        """The saved answer for ``paper`` (``None`` = known not found), else ``MISSING``."""
        response = self.client.recall(self._key(paper))
        if response is None:
            return MISSING
        try:
            return json.loads(response.body)
        except ValueError:
            return MISSING  # a damaged cache file is only a miss

    def put(self, paper: str, value: Any) -> None:
        """Save ``paper``'s answer (JSON-able; ``None`` for not found)."""
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.client.remember(self._key(paper), body)

    def split(self, papers: list[str]) -> tuple[dict[str, Any], list[str]]:
        """(saved answers by paper, papers still to ask), each paper once, order kept."""
        saved: dict[str, Any] = {}
        missing: list[str] = []
        for paper in dict.fromkeys(papers):
            value = self.get(paper)
            if value is MISSING:
                missing.append(paper)
            else:
                saved[paper] = value
        return saved, missing
