"""Hugging Face papers pages exported as text with every link's URL on its own line.

"Page to text" tools write a link's text, then its address on the next line, and often put
a YAML front matter (title, url, captured date) on top::

    [-] 19
    https://huggingface.co/login?next=%2Fpapers%2F2409.01234
    Title of the paper
    https://huggingface.co/papers/2409.01234
    The abstract, maybe wrapped
    over several lines.
    https://huggingface.co/papers/2409.01234
      • 5 authors
    ·
    Sep 3, 2024

A URL line links the lines of text just above it (since the last blank or URL line);
:mod:`hf_capture` assembles the papers.
"""

from __future__ import annotations

import datetime as dt
import re

from papercli.parsers import hf_capture
from papercli.parsers.base import ParsedDigest, collapse_spaces, normalise_newlines
from papercli.parsers.hf_capture import Line

NAME = "hf-daily-urls"
DESCRIPTION = "Hugging Face papers page as text with each link's URL on its own line"
NEEDS = hf_capture.NEEDS

_URL_LINE = re.compile(r"^\s*[<(\[]?(?P<url>(?:https?://|/)[^\s<>()\[\]]+)[>)\]]?\s*$")
_PAPER_URL_LINE = re.compile(r"^\s*<?https?://(?:www\.)?huggingface\.co/papers/\d{4}\.\d{4,5}")


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a papers page exported with URLs on their own lines."""
    lines = normalise_newlines(text[:200_000]).split("\n")
    papers = sum(1 for line in lines if _PAPER_URL_LINE.match(line) and _URL_LINE.match(line))
    if papers >= 2:
        return 1.0
    return 0.6 if papers else 0.0


def _front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n") and (end := text.find("\n---", 4)) != -1:
        after = text.find("\n", end + 4)
        return text[: end + 4], text[after + 1 if after != -1 else len(text) :]
    return "", text


def _flush(pending: list[str], url: str | None, out: list[Line]) -> None:
    """Emit the pending lines; a URL links the trailing run of plain text among them."""
    if not pending:
        return
    lines = [Line(text=collapse_spaces(raw)) for raw in pending]
    run = len(lines)
    while run > 0 and hf_capture.kind(lines[run - 1]) == "text":
        run -= 1
    if url is not None and run == len(lines):
        run -= 1  # the URL belongs to the line above it, whatever it says
    head, tail = lines[:run], lines[run:]
    out.extend(head)
    if tail:
        joined = Line(text=collapse_spaces(" ".join(line.text for line in tail)))
        if url is not None and hf_capture.is_comment_link(url):
            _comment_count(joined, url)
        elif url is not None:
            joined.links, joined.linked = [(joined.text, url)], True
        out.append(joined)
    pending.clear()


def _comment_count(line: Line, url: str) -> None:
    """A comment count: dropped from a date it is glued to, else a bare comments line."""
    if hf_capture.kind(line) == "date":
        line.text = hf_capture.date_part(line.text)
    else:
        line.text, line.links = "", [("", url)]


def lines_of(text: str) -> tuple[str, list[Line]]:
    """The front matter and the capture's lines, each URL attached to its text."""
    header, body = _front_matter(normalise_newlines(text))
    out: list[Line] = []
    pending: list[str] = []
    for raw in body.split("\n"):
        if match := _URL_LINE.match(raw):
            url = match.group("url")
            if url.startswith("/"):
                url = "https://huggingface.co" + url
            _flush(pending, url, out)
        elif not raw.strip():
            _flush(pending, None, out)
        else:
            pending.append(raw)
    _flush(pending, None, out)
    return header, out


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a text export with URL lines; year-less dates resolve against ``reference``."""
    header, lines = lines_of(text)
    return hf_capture.assemble(lines, reference, hf_capture.page_date(header))
