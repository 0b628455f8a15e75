"""What every reference format decides alike: a paper's label when no author is named, its
own web page (never a code link), how an arXiv preprint is cited, and the export's warning
about papers without author names. Pure functions of the Entry.

- ``short_label``: the organisation when one is known, else the title's head (the part
  before its first ``:``, ``?``, ``!`` or dash when that is at most five words, else the
  first three words), leaving out TeX math (a label must typeset in any style). BibTeX
  styles print it where the authors would go (natbib's label, alpha's letters, plain's
  sorting) via the ``key`` field.
- ``page_url``: ``model.paper_url`` among the entry's URLs that are not code links (a
  GitHub repository found in the abstract is not the paper's address).
- ``code_urls``: links to code (GitHub, GitLab, Bitbucket, Codeberg, Hugging Face models,
  datasets and spaces), kept in a field styles do not print.
- ``arxiv_text``: ``arXiv:2501.01234 [cs.LG]``, as arXiv asks to be cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from papercli.latex.math import MATH_SPAN
from papercli.latex.plain import tex_to_unicode
from papercli.model import Entry, paper_url
from papercli.stopwords import TITLE_STOP_WORDS

_HEAD = re.compile(r"^(.+?)(?::\s|([?!])\s|\s+[-–—]+\s+)")
MAX_HEAD_WORDS = 5
FALLBACK_WORDS = 3
_CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "colab.research.google.com"}
)
# huggingface.co pages that are not a paper's: models (``/org/name``), datasets, spaces.
_HF_PAPER_PATHS = ("/papers/",)


def has_names(entry: Entry) -> bool:
    """Whether any author name is known."""
    return any(name.strip() for name in entry.authors)


def short_label(entry: Entry) -> str:
    """The label of a paper without author names (see the module docstring)."""
    if entry.organization and entry.organization.strip():
        return " ".join(entry.organization.split())
    title = " ".join(tex_to_unicode(MATH_SPAN.sub(" ", entry.title)).split())
    title = title or " ".join(tex_to_unicode(entry.title).split())
    match = _HEAD.match(title)
    if match and len(match.group(1).split()) <= MAX_HEAD_WORDS:
        return match.group(1).strip() + (match.group(2) or "")
    words = title.split()[:FALLBACK_WORDS]
    while len(words) > 1 and words[-1].lower() in TITLE_STOP_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:") or title


def is_code_url(url: str) -> bool:
    """True for a link to code or models rather than to the paper."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in _CODE_HOSTS:
        return True
    if host == "huggingface.co":
        return not parts.path.startswith(_HF_PAPER_PATHS) and parts.path.strip("/") != ""
    return False


def code_urls(entry: Entry) -> list[str]:
    """The entry's links to code, in stored order."""
    return [u.strip() for u in entry.urls if u.strip() and is_code_url(u)]


def page_url(entry: Entry, doi: bool = True) -> str | None:
    """The paper's own page: arXiv, else its first URL that is not code, else (when ``doi``)
    the DOI's page; None when there is none."""
    pages = [u for u in entry.urls if not is_code_url(u)]
    return paper_url(Entry(arxiv_id=entry.arxiv_id, urls=pages, doi=entry.doi if doi else None))


def derived_pages(entry: Entry) -> set[str]:
    """The pages ``page_url`` makes from identifiers: arXiv's abstract page, the DOI's."""
    pages = set()
    if entry.arxiv_id and entry.arxiv_id.strip():
        pages.add(paper_url(Entry(arxiv_id=entry.arxiv_id)))
    if entry.doi and entry.doi.strip():
        pages.add(paper_url(Entry(doi=entry.doi)))
    return {p for p in pages if p}


def is_preprint(entry: Entry) -> bool:
    """An arXiv paper with no journal or proceedings named."""
    if not (entry.arxiv_id and entry.arxiv_id.strip()):
        return False
    return not any((v or "").strip() for v in (entry.journal, entry.booktitle))


def arxiv_text(entry: Entry) -> str:
    """``arXiv:ID [class]`` (the class when known), or '' without an arXiv id."""
    arxiv_id = (entry.arxiv_id or "").strip()
    if not arxiv_id:
        return ""
    category = entry.categories[0].strip() if entry.categories else ""
    return f"arXiv:{arxiv_id}" + (f" [{category}]" if category else "")


def unnamed_warning(entries: Sequence[Entry]) -> str | None:
    """One warning for the papers written without author names, naming the fix."""
    known = getattr(entries, "unnamed", None)  # a LazySequence the index described
    keys = list(known) if known is not None else [e.key for e in entries if not has_names(e)]
    if not keys:
        return None
    fix = "papercli enrich " + " ".join(keys) if len(keys) <= 3 else "papercli enrich"
    if len(keys) == 1:
        said = "1 paper has no author names; its reference shows"
    else:
        said = f"{len(keys)} papers have no author names; their references show"
    return f"{said} a short title or organisation instead (fill the names: {fix})"
