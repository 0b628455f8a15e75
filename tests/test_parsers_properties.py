"""Property: whatever the input, no parser hands the library a title holding a URL or markup."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papercli.parsers import FORMATS, ParseError, format_module, parse

REFERENCE = dt.date(2025, 11, 20)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BAD_TITLE = re.compile(r"https?://|www\.|\]\(|\]\[|!\[|^#{1,6}\s|<\s*(?:video|img|a)\b|^\[")

# Pieces of every capture style, shuffled into documents the parsers have never seen.
PIECES = [
    "",
    "",
    "---",
    "title: Daily Papers",
    "Markdown Content:",
    "new",
    "Subscribe",
    "[Subscribe](https://huggingface.co/login?next=%2Fpapers)",
    "## Daily Papers",
    "# Web source",
    "Sep 3, 2024",
    "Mar 8, 2024 [ 6][39]",
    "May 29[6](https://huggingface.co/papers/2501.00001#community)",
    "[-] 19",
    "[-](https://huggingface.co/login?next=%2Fpapers%2F2501.00001)",
    "[1.09k](https://huggingface.co/papers/2501.00001)",
    "42",
    "### [A Made-Up Title](https://huggingface.co/papers/2501.00001)",
    "### [VIBEVOICE-ASR Technical Report][65]",
    "### Unlinked Heading Title",
    "[An abstract in a link.](https://huggingface.co/papers/2501.00001)",
    "[An abstract broken\\\\",
    "with a hard break.](https://huggingface.co/papers/2501.00002)",
    "[![](https://cdn.example.org/t.png)](https://huggingface.co/papers/2501.00003)",
    '[<video src="https://cdn.example.org/v.mp4"></video>](https://huggingface.co/papers/2501.4)',
    "[",
    "- ·",
    "\t3 authors",
    "](https://huggingface.co/papers/2501.00003)",
    "[![org](https://cdn.example.org/a.png)Some Lab](https://huggingface.co/some-lab)",
    "  • 1 authors",
    "·",
    "https://huggingface.co/papers/2501.00004",
    "https://huggingface.co/login?next=%2Fpapers%2F2501.00004",
    "https://huggingface.co/papers/2501.00004#community",
    "A Plain Title Line",
    "A long abstract sentence that goes on for long enough to look like an abstract of a paper.",
    "[65]: https://huggingface.co/papers/2501.00005",
    "[39]: https://huggingface.co/papers/2501.00005#community",
    "<h3><a href='/papers/2501.00006'>Html Title</a></h3>",
    "<a href='https://huggingface.co/papers/2501.00006'>https://example.org/x</a>",
    "<!doctype html><html><body>",
    "<p>An abstract in a paragraph that is long enough to count as an abstract, surely.</p>",
    "Engage\\  with",
    "Submitted by someone",
]
documents = st.lists(st.sampled_from(PIECES) | st.text(max_size=40), max_size=40).map("\n".join)


def _titles_are_clean(titles: list[str]) -> None:
    for title in titles:
        assert title.strip()
        assert not BAD_TITLE.search(title), title


@SETTINGS
@given(documents, st.sampled_from([None, *FORMATS]))
def test_parse_never_yields_a_title_with_a_url_or_markup(text: str, fmt: str | None) -> None:
    try:
        result = parse(text, REFERENCE, fmt=fmt, origin="digest")
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    _titles_are_clean([entry.title for entry in result.entries])


@SETTINGS
@given(documents, st.sampled_from(["paper-links", "hf-daily-md", "hf-daily-html"]))
def test_capture_parsers_themselves_yield_no_url_or_markup_titles(text: str, fmt: str) -> None:
    """Even before the gate, where links are parsed a title is link text, never link syntax.

    (Text exports with URL lines may hold literal Markdown; there the gate refuses it.)"""
    result = format_module(fmt).parse(text, REFERENCE)
    for entry in result.entries:
        assert "](" not in entry.title and "![" not in entry.title, entry.title
