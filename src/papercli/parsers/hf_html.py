"""Hugging Face papers pages saved as HTML ("Save Page As"), read with ``html.parser``.

The stdlib parser is enough: the page is well-formed, and all that is needed is its text
split where the browser would break lines, with each link's address and each heading's
level kept. Scripts, styles and SVG icons are skipped. Relative links (``/papers/<id>``)
are read against huggingface.co. :func:`paper_links.assemble` reads the papers from their
links, as for every capture that keeps them.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from papercli.parsers import hf_capture
from papercli.parsers.base import ParsedDigest, collapse_spaces
from papercli.parsers.hf_capture import Line

NAME = "hf-daily-html"
DESCRIPTION = "Hugging Face papers page saved as HTML (Save Page As)"
NEEDS = hf_capture.NEEDS

_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_PAPER_HREF = re.compile(r"href=[\"'](?:https?://(?:www\.)?huggingface\.co)?/papers/\d{4}\.\d")
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"}
    | {"main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul", "time", "button"}
)
_SKIP = frozenset({"script", "style", "svg", "noscript", "template", "head", "iframe"})
_MEDIA = frozenset({"img", "video", "picture", "source"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
_VOID |= frozenset({"source", "track", "wbr"})


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a saved Hugging Face papers page."""
    head = text[:400_000]
    if not _HTML.match(head.lstrip("\ufeff")):
        return 0.0
    papers = len(_PAPER_HREF.findall(head))
    return 1.0 if papers >= 2 else (0.6 if papers else 0.0)


class _Lines(HTMLParser):
    """Collects :class:`Line` values: text between block boundaries, links, headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.heading = 0
        self.media = False
        self.skip = 0
        self.href: str | None = None
        self.link_text: list[str] = []
        self.header = ""

    def flush(self) -> None:
        text = collapse_spaces("".join(self.text))
        links = [(t, u) for t, u in self.links if not hf_capture.is_comment_link(u)]
        comments = [(t, u) for t, u in self.links if hf_capture.is_comment_link(u)]
        if text or self.links or self.media:
            for shown, _ in comments:  # a comment count glued to a date is not text
                text = collapse_spaces(text.replace(shown, "", 1)) if shown else text
            line = Line(text=text, links=links + comments, heading=self.heading)
            line.linked = len(links) == 1 and collapse_spaces(links[0][0]) == text
            line.media = self.media and not text
            self.lines.append(line)
        self.text, self.links, self.heading, self.media = [], [], 0, False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in _BLOCKS and self.href is None:
            self.flush()
        if tag in _MEDIA:
            self.media = True
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading = int(tag[1])
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.href = "https://huggingface.co" + href if href.startswith("/") else href
            self.link_text = []
        if tag in _BLOCKS and self.href is not None:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.href is not None:
            self.links.append((collapse_spaces("".join(self.link_text)), self.href))
            self.href = None
        elif tag in _BLOCKS and self.href is None:
            self.flush()
        elif tag in _BLOCKS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.text.append(data)
        if self.href is not None:
            self.link_text.append(data)


def lines_of(text: str) -> list[Line]:
    """The page's lines as a browser would break them."""
    parser = _Lines()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.lines


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a saved papers page; year-less dates resolve against ``reference``."""
    from papercli.parsers import paper_links

    return paper_links.assemble(lines_of(text), reference, hf_capture.page_date(text[:5000]))
