"""Hugging Face papers pages captured as Markdown whose links are lost (``hf-daily-md``).

A capture that links its papers is read by :mod:`paper_links`, which also uses the link
reading here (:class:`Links`, :func:`lines_of` pieces). This format is left for captures
whose reference list was cut off (``### [Title][49]`` with no ``[49]: url``): the titles keep
no id and the layout is all there is.

Read alike: inline links (firecrawl, MarkDownload, Obsidian Web Clipper, Jina Reader with
its ``Title:`` / ``URL Source:`` / ``Markdown Content:`` preamble), reference-style links
(``### [Title][49]`` with a ``[49]: https://...`` list at the end, html2text and lynx style;
when the list is cut off the titles keep no id), and YAML front matter. A paper looks like::

    [42](https://huggingface.co/login?next=%2Fpapers%2F2510.01234)    upvotes; ``-`` is zero
    ### [Title](https://huggingface.co/papers/2510.01234)
    [Abstract, maybe hard-wrapped with \\\\ breaks](https://huggingface.co/papers/2510.01234)
    - 4 authors                                   or an organisation link with its avatar
    ·
    Oct 3[5](https://huggingface.co/papers/2510.01234#community)   date + comment count

Daily lists (Obsidian's clip) have ``### Title`` without a link, no abstract, and the id in
the thumbnail, author and count links around it. Links are parsed here, with nesting and
line breaks inside them; :mod:`hf_capture` assembles the papers.
"""

from __future__ import annotations

import datetime as dt
import re

from papercli.identifiers import linked_ids
from papercli.parsers import hf_capture
from papercli.parsers.base import ParsedDigest, collapse_spaces, normalise_newlines
from papercli.parsers.hf_capture import Line

NAME = "hf-daily-md"
DESCRIPTION = (
    "Hugging Face papers page as Markdown whose reference links were cut off "
    "(html2text, lynx); captures that keep their links are paper-links"
)
NEEDS = hf_capture.NEEDS

_HF_LINK = re.compile(r"\]\(\s*<?https?://(?:www\.)?huggingface\.co/(?:papers/\d|login\?next)")
_HF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?https?://(?:www\.)?huggingface\.co/papers/\d", re.M)
_REF_HEADING = re.compile(r"^#{1,6}\s*\[[^\]]+\]\[\w+\]\s*$", re.M)
_DEF = re.compile(r"^\s{0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>[^\s>]*)>?(?:\s+[\"'(].*)?\s*$")
_JINA = re.compile(r"^(?:Title|URL Source|Published Time|Markdown Content|Warning):")
_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})(?:\s+|$)")
_HARD_BREAK = re.compile(r"(?:\\|  +)\n")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~ ])")
_TAG = re.compile(r"<[^>]*>")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
MAX_LINK_TEXT = 8_000
MAX_DEST = 2_000
_MARK = "\x00"


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes (``Engage\\  with`` -> ``Engage with``); collapse spaces."""
    return collapse_spaces(_ESCAPE.sub(r"\1", text))


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a papers page captured as Markdown without links
    to its papers (when they are there, ``paper-links`` reads it)."""
    head = text[:200_000]
    if linked_ids(head):
        return 0.0  # it links its papers: ``paper-links`` reads it
    links = len(_HF_LINK.findall(head)) + len(_HF_DEF.findall(head))
    if "authors" in head or "Daily Papers" in head:
        # html2text-style titles whose ``[n]: url`` list was cut off
        links += len(_REF_HEADING.findall(head))
    if links >= 2:
        return 1.0
    return 0.6 if links else 0.0


def strip_preamble(text: str) -> tuple[str, str]:
    """Drop YAML front matter and a Jina Reader preamble; return (header, body)."""
    header = ""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            after = text.find("\n", end + 4)
            header, text = text[: end + 4], text[after + 1 if after != -1 else len(text) :]
    lines = text.split("\n")
    n = 0
    while n < len(lines) and (not lines[n].strip() or _JINA.match(lines[n])):
        n += 1
    if n and any(line.startswith("Markdown Content:") for line in lines[:n]):
        header += "\n".join(lines[:n])
        text = "\n".join(lines[n:])
    return header, text


def definitions(text: str) -> tuple[dict[str, str], str]:
    """Reference definitions ``[n]: url`` (removed from the text), keyed by folded label."""
    defs: dict[str, str] = {}
    kept = []
    for line in text.split("\n"):
        if match := _DEF.match(line):
            defs.setdefault(match.group("label").strip().casefold(), match.group("url"))
        else:
            kept.append(line)
    return defs, "\n".join(kept)


def _close(text: str, i: int, open_: str, close: str, limit: int) -> int:
    """Index of the bracket closing the one at ``text[i]``, or -1."""
    depth = 0
    end = min(len(text), i + limit)
    j = i
    while j < end:
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if char == open_:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


class Links:
    """Replaces every link in a text by a marker and keeps ``(text, url, media)`` for it."""

    def __init__(self, defs: dict[str, str]) -> None:
        self.defs = defs
        self.found: list[tuple[str, str | None, bool]] = []

    def render(self, text: str) -> tuple[str, bool]:
        """Text with links replaced by markers, images dropped; and whether it held media."""
        out: list[str] = []
        media = bool(re.search(r"<\s*(?:video|img)\b", text, re.I))
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text):
                out.append(text[i : i + 2])
                i += 2
                continue
            if char == "[" or (char == "!" and text[i + 1 : i + 2] == "["):
                image = char == "!"
                parsed = self._link(text, i + 1 if image else i)
                if parsed is not None:
                    end, inner, url = parsed
                    if image:
                        media = True
                    else:
                        shown, inner_media = self.render(inner)
                        self.found.append((shown, url, inner_media))
                        out.append(f"{_MARK}{len(self.found) - 1}{_MARK}")
                    i = end
                    continue
            out.append(char)
            i += 1
        return "".join(out), media

    def _link(self, text: str, i: int) -> tuple[int, str, str | None] | None:
        """``(end, inner text, url)`` for a link whose ``[`` is at ``i``; None if not a link."""
        close = _close(text, i, "[", "]", MAX_LINK_TEXT)
        if close == -1:
            return None
        inner = text[i + 1 : close]
        after = text[close + 1 : close + 2]
        if after == "(":
            end = _close(text, close + 1, "(", ")", MAX_DEST)
            if end != -1:
                dest = text[close + 2 : end].strip().split()
                url = dest[0].strip("<>") if dest else ""
                return end + 1, inner, url
        if after == "[":
            end = text.find("]", close + 1, close + 200)
            if end != -1:
                label = text[close + 2 : end].strip() or inner
                return end + 1, inner, self.defs.get(collapse_spaces(label).casefold())
        if (defined := self.defs.get(collapse_spaces(inner).casefold())) is not None:
            return close + 1, inner, defined
        return None


def _shown(links: Links, index: int) -> str:
    text, url, _ = links.found[index]
    if url and hf_capture.is_comment_link(url):
        return ""
    return _expand(links, text)


def _expand(links: Links, text: str) -> str:
    """Markers back to link texts (comment-count links vanish), tags and escapes undone."""
    parts = text.split(_MARK)
    out = [p if k % 2 == 0 else _shown(links, int(p)) for k, p in enumerate(parts)]
    return unescape(_TAG.sub(" ", _HARD_BREAK.sub(" ", "".join(out))))


def read_line(links: Links, raw: str) -> Line:
    heading = 0
    if match := _HEADING.match(raw):
        heading, raw = len(match.group("marks")), raw[match.end() :]
        raw = re.sub(r"\s+#+\s*$", "", raw)
    markers = [int(m) for m in re.findall(rf"{_MARK}(\d+){_MARK}", raw)]
    found = [links.found[m] for m in markers]
    line = Line(text=_expand(links, raw), heading=heading)
    line.links = [(_expand(links, text), url) for text, url, _ in found if url]
    rest = re.sub(rf"{_MARK}\d+{_MARK}", "", _LIST_ITEM.sub("", raw)).strip()
    line.linked = len(markers) >= 1 and not rest.strip("·• ") and bool(line.links)
    line.media = any(media for _, _, media in found) and not line.text
    line.unresolved = any(url is None for _, url, _ in found)
    return line


def _joinable(line: Line, raw: str) -> bool:
    return not line.heading and not line.links and not _LIST_ITEM.match(raw)


def lines_of(text: str) -> tuple[str, list[Line]]:
    """The capture's header (front matter, preamble) and its lines, links resolved."""
    header, body = strip_preamble(normalise_newlines(text).replace(_MARK, ""))
    defs, body = definitions(body)
    links = Links(defs)
    rendered, _ = links.render(body)
    # A link spanning lines (Obsidian's author blocks, wrapped abstracts) is one line now.
    result: list[Line] = []
    joinable = False
    for raw in rendered.split("\n"):
        if not raw.strip():
            joinable = False
            continue
        line = read_line(links, raw)
        if joinable and _joinable(line, raw) and hf_capture.kind(line) == "text":
            result[-1].text = collapse_spaces(f"{result[-1].text} {line.text}")
            continue
        result.append(line)
        joinable = _joinable(line, raw) and hf_capture.kind(line) == "text"
    return header, result


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a Markdown capture; year-less dates resolve against ``reference``."""
    header, lines = lines_of(text)
    result = hf_capture.assemble(lines, reference, hf_capture.page_date(header))
    missing = sum(1 for entry in result.entries if not entry.arxiv_id)
    if missing:
        result.warnings.append(
            f"{missing} paper(s) have no arXiv id: their links are missing "
            "(a reference list cut off?)"
        )
    return result
