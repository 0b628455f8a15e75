"""Any capture that links its papers, read paper by paper from the links (``paper-links``).

Capture tools keep changing how a page looks as text (Markdown with inline or reference
links, text with each URL on its own line, YAML front matter, a Jina preamble, image
placeholders in the page's language), but the links to the papers survive them all. So this
reader does not follow a layout; it anchors on the links:

1. The capture becomes lines (:func:`lines_of`): Markdown links are resolved (also when
   broken over several lines), a URL alone on its line links the text just above it, images
   and placeholders (``![..](..)``, ``[Image: ..]``, ``[图片：无替代文本]``) are dropped.
2. Every link to a paper (``huggingface.co/papers/<id>``, its ``login?next=`` and
   ``#community`` links, ``arxiv.org/abs|pdf|html/<id>``) names an arXiv id. A paper's block
   runs from the first line naming its id to the first line naming another one.
3. One record per distinct id: the title is the block's heading or the text of its first
   link to the paper (a URL line's text above it); the abstract the longest paragraph of the
   block; then the author count, organisation, date and upvotes where the block has them.
   A block seen again (pages that show each card twice) only fills what is missing.

Navigation, footers and date headers name no paper, so they never become records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papercli import identifiers as ids
from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers import hf_capture, hf_markdown
from papercli.parsers.base import (
    BIBTEX_ENTRY,
    ParsedDigest,
    collapse_spaces,
    find_urls,
    normalise_newlines,
)
from papercli.parsers.hf_capture import Line, kind

NAME = "paper-links"
DESCRIPTION = (
    "any capture that links its papers (Hugging Face paper pages, arXiv abs/pdf/html links): "
    "Markdown, text with URL lines, reader-mode and clipper exports"
)
NEEDS = ("arxiv_id",)
MIN_ABSTRACT = 80
_META_SPLIT = re.compile(r"\s[·•|]\s")

_URL_LINE = re.compile(r"^\s*[<(\[]?(?P<url>(?:https?://|/)[^\s<>()\[\]]+)[>)\]]?\s*$")
# Images and the placeholders page-to-text tools leave for them, in any language: a bracket
# holding "word: description" (``[Image: a cat]``, ``[图片：无替代文本]``) or a bare media word.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_PLACEHOLDER = re.compile(
    r"\[(?:[^\[\]\n:：]{1,24}[:：][^\[\]\n]{0,80}"
    r"|image|img|picture|photo|video|图片|圖片|画像|이미지|bild|imagen|immagine|изображение)\]"
    r"(?![(\[:])",
    re.IGNORECASE,
)


# Link texts that name the kind of link, not the paper: the title is then the line above.
_GENERIC = re.compile(
    r"^(?:arxiv|pdf|abs|abstract|html|paper|paper page|view paper|view pdf|link|read more"
    r"|full text|hf|hugging ?face|project page|code|\[?pdf\]?|arxiv page|hf page)\b.{0,30}$"
    rf"|^(?:arxiv:\s*)?{ids.NEW_ARXIV_ID}(?:v\d+)?$",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<inner>.+)\1$")
# ``Title <https://...>``: a browser's "Save as text" puts a link's address after its text.
# Link syntax or an address left in a line's text: never a paper's title.
_LINK_SYNTAX = re.compile(r"\]\(|\]\[|!\[|https?://|www\.")
_ANGLE_URL = re.compile(r"^(?P<text>.*\S)\s*<(?P<url>https?://[^>\s]+)>\s*$", re.M)


def paper_link(url: str) -> tuple[str | None, bool]:
    """``(arXiv id, direct)`` a link names; direct when it is the paper's own page."""
    url = url.strip()
    if pid := ids.hf_page_id(url) or ids.arxiv_page_id(url):
        return pid, True
    return ids.linked_id(url), False


def sniff(text: str) -> float:
    """Confidence (0-1): 1.0 when links to Hugging Face paper pages name two papers or more;
    0.9 for arXiv links only (an arXiv listing, feed or API answer, whose own format says
    0.95, is read by its own parser), 0.6 for one paper."""
    head = text[:400_000]
    if re.match(r"\s*<(?:!doctype|html)\b", head, re.IGNORECASE):
        return 0.0  # a saved HTML page: hf-daily-html reads its tags
    if BIBTEX_ENTRY.search(head):
        return 0.0  # a .bib whose url fields link papers: the bibtex reader's
    found = ids.linked_ids(head)
    if len(found) < 2:
        return 0.6 if found else 0.0
    return 1.0 if ids.links_hf_pages(head) else 0.9


def _unimaged(body: str) -> str:
    """Images and placeholders dropped; ``text <url>`` split into text and a URL line."""
    body = _IMAGE.sub("", body)
    body = _PLACEHOLDER.sub("", body)
    return _ANGLE_URL.sub(r"\g<text>\n\g<url>", body)


def _attach(out: list[Line], start: int, url: str) -> None:
    """A URL alone on its line links the trailing run of text lines above it (from
    ``start``), or the one line above whatever it says (``[-] 19``, an organisation)."""
    k = len(out)
    while k > start and kind(out[k - 1]) == "text" and not out[k - 1].links:
        k -= 1
    if k == len(out):
        k -= 1
    tail = out[k:]
    del out[k:]
    joined = Line(text=collapse_spaces(" ".join(t.text for t in tail)), heading=tail[0].heading)
    joined.links = [link for t in tail for link in t.links]
    if hf_capture.is_comment_link(url):
        if kind(joined) == "date":
            joined.text = hf_capture.date_part(joined.text)
        else:
            joined.text = ""
        joined.links.append(("", url))
    else:
        joined.links.append((joined.text, url))
        joined.linked = len(joined.links) == 1
    out.append(joined)


def _joins(prev: Line, line: Line, raw: str) -> bool:
    """Wrapped text goes on: two plain text lines in a row are one paragraph."""
    plain = not line.heading and not line.links and not re.match(r"^\s*(?:[-*+•]|\d+\.)\s", raw)
    alone = prev.heading or prev.links or _EMPHASIS.match(prev.text)
    return plain and not alone and kind(prev) == kind(line) == "text"


def lines_of(text: str) -> tuple[str, list[Line]]:
    """The capture's header (front matter, preamble) and its lines, links resolved."""
    header, body = hf_markdown.strip_preamble(normalise_newlines(text).replace("\x00", ""))
    defs, body = hf_markdown.definitions(_unimaged(body))
    links = hf_markdown.Links(defs)
    rendered, _ = links.render(body)
    out: list[Line] = []
    start: int | None = None  # where the lines since the last blank or URL line begin
    for raw in rendered.split("\n"):
        if "\x00" not in raw and (match := _URL_LINE.match(raw)):
            url = match.group("url")
            url = "https://huggingface.co" + url if url.startswith("/") else url
            if start is not None and start < len(out):
                _attach(out, start, url)
            start = None
            continue
        if not raw.strip():
            start = None
            continue
        line = hf_markdown.read_line(links, raw)
        if start is not None and start < len(out) and _joins(out[-1], line, raw):
            out[-1].text = collapse_spaces(f"{out[-1].text} {line.text}")
            continue
        if start is None:
            start = len(out)
        out.append(line)
    return header, out


@dataclass
class _Block:
    """The lines of one paper between its first link and the next paper's."""

    pid: str
    lines: list[Line] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    lead: Line | None = None  # the line above a generic first link (``[arXiv](...)``)


def _line_id(line: Line) -> tuple[str | None, bool]:
    found: tuple[str | None, bool] = (None, False)
    for _, url in line.links:
        pid, direct = paper_link(url)
        if pid and direct:
            return pid, True
        if pid and found[0] is None:
            found = (pid, False)
    return found


def blocks_of(lines: list[Line]) -> list[_Block]:
    """Lines grouped by the paper their links name; lines before the first paper go."""
    blocks: list[_Block] = []
    carried: list[Line] = []  # an unlinked count after a paper's date: the next paper's
    for i, line in enumerate(lines):
        pid, _ = _line_id(line)
        what = kind(line)
        if pid and (not blocks or blocks[-1].pid != pid):
            blocks.append(_Block(pid))
            if _generic(line) and (lead := _lead(lines[max(0, i - 2) : i])) is not None:
                blocks[-1].lead = lead
                if len(blocks) > 1 and lead in blocks[-2].lines:
                    at = blocks[-2].lines.index(lead)
                    del blocks[-2].lines[at:], blocks[-2].kinds[at:]
            for early in carried:
                blocks[-1].lines.append(early)
                blocks[-1].kinds.append("count")
            carried = []
        if what == "count" and not line.links and (not blocks or "date" in blocks[-1].kinds):
            carried.append(line)
            continue
        if not blocks:
            carried = []
            continue
        block = blocks[-1]
        block.lines.append(line)
        block.kinds.append(what)
    return blocks


def _generic(line: Line) -> bool:
    """A line of links whose texts say "arXiv", "PDF", "Paper page"... not a title."""
    texts = [text for text, _ in line.links if text]
    return bool(texts) and all(_GENERIC.match(text.strip("[]() ")) for text in texts)


def _lead(above: list[Line]) -> Line | None:
    """The title above a generic link: an emphasised or heading line among the two lines
    above (a byline may sit between), else the line right above."""
    fit = [line for line in above if kind(line) == "text" and not line.links]
    fit = [line for line in fit if len(line.text) <= 400]
    marked = [line for line in fit if line.heading or _EMPHASIS.match(line.text)]
    if marked:
        return marked[-1]
    return fit[-1] if fit and fit[-1] is above[-1] else None


def _title(block: _Block) -> Line | None:
    """The block's heading, else the text of its first link to the paper's own page."""
    texts = [(line, what) for line, what in zip(block.lines, block.kinds, strict=True)]
    for line, what in texts:
        if line.heading and what == "text":
            return line
    for line, what in texts:
        own = _line_id(line) == (block.pid, True)
        if what == "text" and line.linked and own and not _generic(line):
            return line
    return block.lead


def _abstract(block: _Block, title: Line | None) -> str:
    """The longest paragraph: a link to the paper's page, or long unlinked text."""
    best = ""
    for line, what in zip(block.lines, block.kinds, strict=True):
        if line is title or what != "text" or line.heading:
            continue
        own = line.links and _line_id(line) == (block.pid, True)
        if (own or (not line.links and len(line.text) >= MIN_ABSTRACT)) and len(line.text) > len(
            best
        ):
            best = line.text
    return best


def _meta_parts(block: _Block) -> list[tuple[Line, str]]:
    """The block's lines, a ``7 authors · Mar 2, 2026`` line split into its parts."""
    parts: list[tuple[Line, str]] = []
    for line, what in zip(block.lines, block.kinds, strict=True):
        pieces = [p.strip() for p in _META_SPLIT.split(line.text)] if what == "text" else []
        found = [(Line(text=p), kind(Line(text=p))) for p in pieces if p]
        found = [(part, k) for part, k in found if not _GENERIC.match(part.text)]
        if len(pieces) > 1 and found and all(k in ("authors", "date", "count") for _, k in found):
            parts.extend(found)
        else:
            parts.append((line, what))
    return parts


def _meta(entry: Entry, block: _Block, reference: dt.date) -> None:
    """Author count, organisation, date and upvotes, each only when still missing."""
    for line, what in _meta_parts(block):
        if what == "authors" and entry.author_count is None:
            entry.author_count = hf_capture.author_count(line.text)
        elif what == "text" and entry.organization is None and (org := hf_capture.org_of(line)):
            entry.organization = org
        elif what == "date" and entry.date_raw is None:
            hf_capture.set_date(entry, line.text, reference)
        elif what == "count" and entry.upvotes is None:
            pid, _ = _line_id(line)
            if pid in (None, block.pid):
                entry.upvotes = hf_capture.upvotes(line.text)


def _entry(block: _Block, reference: dt.date) -> Entry | None:
    title = _title(block)
    if title is None:
        return None
    pid = ax.strip_version(block.pid)
    shown = match.group("inner") if (match := _EMPHASIS.match(title.text)) else title.text
    if _LINK_SYNTAX.search(shown):
        return None  # a broken link's leftovers above a URL line: no title, the paper is named
    entry = Entry(title=decode_accents(shown.strip()), source=hf_capture.SOURCE, arxiv_id=pid)
    entry.abstract = decode_accents(_abstract(block, title))
    _meta(entry, block, reference)
    hf = any("huggingface.co/" in url for line in block.lines for _, url in line.links)
    urls = [f"https://huggingface.co/papers/{pid}"] if hf else []
    entry.urls = list(dict.fromkeys([*urls, ax.abs_url(pid), *find_urls(entry.abstract)]))
    return entry


def _fill(entry: Entry, again: Entry) -> None:
    """A repeated block fills what the first one lacked."""
    for name in ("abstract", "author_count", "organization", "date", "date_raw", "upvotes"):
        if not getattr(entry, name) and getattr(again, name):
            setattr(entry, name, getattr(again, name))
    if again.date_raw and entry.date_raw == again.date_raw:
        entry.date_inferred = again.date_inferred


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """One record per paper the capture links; year-less dates resolve against ``reference``."""
    header, lines = lines_of(text)
    return assemble(lines, reference, hf_capture.page_date(header))


def assemble(lines: list[Line], reference: dt.date, listed: str | None = None) -> ParsedDigest:
    """Records from ``lines`` read paper by paper from their links (also the lines of a
    saved HTML page, :mod:`hf_html`); ``listed``: the page's own date, for papers without
    a date line."""
    result = ParsedDigest()
    by_id: dict[str, Entry] = {}
    blocks = blocks_of(lines)
    for block in blocks:
        entry = _entry(block, reference)
        if entry is None:
            continue
        if entry.arxiv_id in by_id:
            _fill(by_id[entry.arxiv_id], entry)
            continue
        by_id[entry.arxiv_id or ""] = entry
    for entry in by_id.values():
        if entry.date is None and entry.date_raw is None and listed:
            entry.date = listed
    untitled = {b.pid for b in blocks} - set(by_id)
    if untitled:
        result.warnings.append(
            f"{len(untitled)} linked paper(s) had no title next to their link: "
            + ", ".join(sorted(untitled))
        )
    result.entries = list(by_id.values())
    return result
