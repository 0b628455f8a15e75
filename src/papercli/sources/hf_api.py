"""Hugging Face's daily papers API: ``GET {api}/daily_papers?date=YYYY-MM-DD``.

The answer is a JSON list, one item per paper of that day's list::

    [{"paper": {"id": "2606.01234", "title": "...", "summary": "...",
                "authors": [{"name": "..."}, ...], "publishedAt": "2026-06-11T00:00:00.000Z",
                "upvotes": 12, "organization": {"fullname": "..."},   (some papers only)
                "githubRepo": "https://github.com/...",               (some papers only)
                "submittedOnDailyAt": "2026-06-12T00:00:00.000Z", ...},
      "publishedAt": "...", "title": "...", "numComments": 3, ...}, ...]

Optional fields are left out rather than null; an item's own ``publishedAt`` (the evening
before) differs from ``paper.publishedAt`` (the arXiv day), which is the one kept. A day
whose list is still empty answers ``[]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from papercli.errors import BadResponseError
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import collapse_spaces
from papercli.sources.http import HttpClient
from papercli.sources.settings import DEFAULT_HF_API

NAME = "hf-api"
PAPER_PAGE = "https://huggingface.co/papers/"


class HfSource:
    """The daily lists of one Hugging Face API endpoint."""

    def __init__(self, client: HttpClient, api_url: str = DEFAULT_HF_API) -> None:
        self.client = client
        self.api_url = api_url.rstrip("/")
        self.warnings: list[str] = []

    def daily(self, day: dt.date) -> list[Entry]:
        """The papers of ``day``'s list ([] when it is empty or unknown)."""
        url = f"{self.api_url}/daily_papers?{urlencode({'date': day.isoformat()})}"
        response = self.client.get(url, accept="application/json")
        if response.status == 404:
            return []
        entries, warnings = parse_daily(response.json(), f"Hugging Face daily papers {day}")
        self.warnings.extend(warnings)
        return entries


def parse_daily(data: Any, where: str) -> tuple[list[Entry], list[str]]:
    """Entries from a parsed ``daily_papers`` answer; BadResponseError when it is not one."""
    if not isinstance(data, list):
        raise BadResponseError(f"{where}: expected a list of papers, got {_kind(data)}")
    entries: list[Entry] = []
    warnings: list[str] = []
    for number, item in enumerate(data, 1):
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            raise BadResponseError(f"{where}: item {number} has no 'paper' object")
        entry = _entry(paper)
        if isinstance(entry, str):
            warnings.append(f"{where}: item {number} skipped: {entry}")
        else:
            entries.append(entry)
    return entries, warnings


def _entry(paper: dict[str, Any]) -> Entry | str:
    """The Entry of one ``paper`` object, or why it cannot be one."""
    arxiv_id = _text(paper.get("id"))
    title = collapse_spaces(_text(paper.get("title")))
    if not title:
        return "no title"
    if not arxiv_id:
        return f"{title[:60]!r} has no arXiv id"
    arxiv_id = ax.strip_version(arxiv_id)
    authors = [
        name
        for a in paper.get("authors") or []
        if isinstance(a, dict) and (name := collapse_spaces(_text(a.get("name"))))
    ]
    organization = paper.get("organization")
    upvotes = paper.get("upvotes")
    urls = [ax.abs_url(arxiv_id), PAPER_PAGE + arxiv_id]
    github = _text(paper.get("githubRepo"))
    if github.startswith(("https://", "http://")):
        urls.append(github)
    return Entry(
        title=title,
        authors=authors,
        author_count=len(authors) or None,
        date=ax.iso_date(_text(paper.get("publishedAt"))) or ax.id_month(arxiv_id),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        abstract=_text(paper.get("summary")).strip(),
        urls=urls,
        source=NAME,
        arxiv_id=arxiv_id,
        organization=(
            collapse_spaces(_text(organization.get("fullname"))) or None
            if isinstance(organization, dict)
            else None
        ),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _kind(data: Any) -> str:
    return "an object" if isinstance(data, dict) else type(data).__name__
