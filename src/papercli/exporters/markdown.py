"""Entries -> a Markdown reading list: one bullet per paper. No I/O.

``- [Title](<URL>) — Authors — 2024-03-05 — tags: rl, theory``

- The title links to the paper's first URL, else its DOI (``https://doi.org/...``), else
  its arXiv page; without any of them it is plain text.
- Authors: up to three names, then "et al." (also when the digest listed only some);
  ``N authors`` when the names are unknown.
- Text is escaped for CommonMark and pandoc's Markdown alike: every character that could
  start markup (``\\ ` * _ [ ] < > & $ ~ ^ | @ { } #``) gets a backslash, so a title such
  as ``$O(n^2)$ [sic] *not* emphasis`` prints as written and never becomes a link, maths,
  a citation or HTML. URLs go in ``<...>`` with spaces, ``<``, ``>`` and ``\\``
  percent-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from papercli.exporters.reference import page_url
from papercli.model import Entry, author_count_text
from papercli.names import is_truncated, known_names

MAX_AUTHORS = 3
_MARKUP = re.compile(r"([\\`*_\[\]<>&$~^|@{}#])")
_URL_UNSAFE = {"<": "%3C", ">": "%3E", "\\": "%5C"}


def render(entries: Sequence[Entry], warnings: list[str]) -> Iterator[str]:
    """One bullet line per entry."""
    for entry in entries:
        yield reading_list_item(entry) + "\n"


def reading_list_item(entry: Entry) -> str:
    """``- [Title](<URL>) — Authors — date — tags: ...`` for one entry."""
    title = escape_markdown(entry.title)
    url = link_target(entry)
    parts = [f"[{title}](<{url}>)" if url else title]
    authors = author_text(entry)
    if authors:
        parts.append(escape_markdown(authors))
    if entry.date and entry.date.strip():
        parts.append(escape_markdown(entry.date))
    tags = [t.strip() for t in entry.tags if t.strip()]
    if tags:
        parts.append("tags: " + escape_markdown(", ".join(tags)))
    return "- " + " — ".join(parts)


def escape_markdown(text: str) -> str:
    """Plain text on one line, every character that could start markup backslash-escaped."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def link_target(entry: Entry) -> str | None:
    """The URL a reader should open (``reference.page_url``: never a link to code), made
    safe for a Markdown link."""
    url = page_url(entry)
    if url is None:
        return None
    return "%20".join("".join(_URL_UNSAFE.get(c, c) for c in url).split())


def author_text(entry: Entry) -> str:
    """``A, B and C``; ``A, B, C et al.``; ``9 authors``; or "" when nothing is known."""
    names = [name.display() for name in known_names(entry.authors)]
    if not names:
        return author_count_text(entry.author_count) if entry.author_count else ""
    if len(names) > MAX_AUTHORS or is_truncated(entry.author_count, len(names)):
        return ", ".join(names[:MAX_AUTHORS]) + " et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
