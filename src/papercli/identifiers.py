"""Which paper an identifier names: the one rule, pure (no I/O), used everywhere.

Accepted, surrounding spaces, ``<>``, quotes and sentence punctuation ignored:

- arXiv ids, new style ``2509.24218`` and old style ``math/0307200`` or ``math.AG/0101001``,
  with or without a version (``v2``) and an ``arXiv:`` prefix (with or without a space);
- arXiv abstract, PDF and HTML pages (``arxiv.org/abs/..``, ``/pdf/...[.pdf]``, ``/html/..``),
  on ``www.`` and ``export.`` too, with or without scheme, versions, query or fragment;
- Hugging Face paper pages ``huggingface.co/papers/2509.24218`` (the page id is the arXiv id);
- DOIs: bare ``10.1093/gji/ggz376``, ``doi:10...``, ``doi.org``, ``dx.doi.org`` and
  ``www.doi.org`` links with or without scheme, percent-escapes decoded;
- the arXiv DOI ``10.48550/arXiv.<id>``, which names the arXiv id ``<id>``: it parses as
  that arXiv id, and an entry holding only that DOI has that arXiv id (``entry_arxiv``).

Identifiers compare case-blind (``match``): DOIs ignore case by definition, and arXiv ids
have one spelling per case-folded form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import unquote

from papercli.errors import InputError
from papercli.lazy_regex import LazyPattern

# New-style (2303.08867v2) and old-style (hep-th/9901001v1, math.AG/0101001) identifiers.
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_DOI_PREFIX = "10.48550/arXiv."

_VERSION = LazyPattern(r"v(\d+)$")
_ARXIV = LazyPattern(rf"(?:arxiv:\s*)?(?P<id>{ARXIV_ID})", re.IGNORECASE)
_ARXIV_URL = LazyPattern(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>{ARXIV_ID})"
    r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_HF_URL = LazyPattern(
    r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/(?P<id>[^/?#\s]+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_DOI = LazyPattern(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = LazyPattern(
    r"^(?:doi:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)",
    re.IGNORECASE,
)
_ARXIV_DOI = LazyPattern(rf"^10\.48550/arxiv\.(?P<id>{ARXIV_ID})$", re.IGNORECASE)
_TRIM = " \t\r\n<>\"'.,;"
MAX_INPUT = 2000
MAX_DOI = 300

Kind = Literal["arxiv", "doi"]


class HasIdentifiers(Protocol):
    """What identity needs of an entry (``model.Entry`` has it)."""

    arxiv_id: str | None
    doi: str | None


@dataclass(frozen=True)
class PaperId:
    """A paper identifier: ``kind`` is ``arxiv`` (value without version) or ``doi``."""

    kind: Kind
    value: str
    version: int | None = None

    def __str__(self) -> str:
        return f"arXiv:{self.value}" if self.kind == "arxiv" else f"doi:{self.value}"

    @property
    def match(self) -> str:
        """The value identifiers are compared and indexed by (case-blind)."""
        return self.value.lower()


def strip_version(arxiv_id: str) -> str:
    """``2303.08867v2`` -> ``2303.08867``."""
    return _VERSION.sub("", arxiv_id.strip())


def _arxiv(raw_id: str) -> PaperId:
    version = _VERSION.search(raw_id)
    return PaperId("arxiv", strip_version(raw_id), int(version.group(1)) if version else None)


def _bare_doi(text: str) -> str:
    """``text`` with escapes, resolver prefixes and trailing punctuation removed."""
    return _DOI_PREFIX.sub("", unquote(text.strip())).strip().rstrip(".,;/")


def parse_identifier(text: str) -> PaperId | None:
    """The arXiv id or DOI that ``text`` names, or None when it names neither."""
    if len(text) > MAX_INPUT:
        return None
    value = text.strip().strip(_TRIM)
    if match := _ARXIV_URL.match(value):
        return _arxiv(match.group("id"))
    if (match := _HF_URL.match(value)) and (inner := _ARXIV.fullmatch(match.group("id"))):
        return _arxiv(inner.group("id"))
    if match := _ARXIV.fullmatch(value):
        return _arxiv(match.group("id"))
    doi = _bare_doi(value)
    if match := _ARXIV_DOI.match(doi):
        return _arxiv(match.group("id"))
    if _DOI.match(doi) and len(doi) <= MAX_DOI:
        return PaperId("doi", doi)
    return None


def require_identifier(text: str) -> PaperId:
    """``parse_identifier``, or InputError saying what was wrong and which forms work."""
    found = parse_identifier(text)
    if found is not None:
        return found
    value = text.strip().strip(_TRIM)
    if _HF_URL.match(value):
        raise InputError(f"{_show(text)}: this Hugging Face page has no arXiv id in its address")
    if value.lower().startswith("arxiv:"):
        hint = "expected e.g. 2509.24218 or math/0307200"
        raise InputError(f"{_show(text)}: not an arXiv id ({hint})")
    raise InputError(
        f"{_show(text)}: not an arXiv id, DOI, or arXiv/doi.org/Hugging Face paper URL "
        "(try 2509.24218, math/0307200, 10.1000/xyz or https://arxiv.org/abs/2509.24218)"
    )


def parse_identifiers(texts: list[str]) -> list[PaperId]:
    """Each text's identifier, in order, duplicates dropped; the first bad one raises."""
    seen: dict[tuple[str, str], PaperId] = {}
    for text in texts:
        if not text.strip():
            continue
        paper = require_identifier(text)
        seen.setdefault((paper.kind, paper.match), paper)
    return list(seen.values())


def strip_doi_prefix(doi: str) -> str:
    """A DOI field's value without its resolver prefix (``doi:``, ``https://doi.org/``);
    nothing else is touched, so a stored DOI reads back exactly."""
    return _DOI_PREFIX.sub("", doi.strip())


def normalise_doi(doi: str) -> str:
    """A DOI as stored: prefixes and escapes removed; case kept (DOIs compare case-blind)."""
    return _bare_doi(doi)


def arxiv_of_doi(doi: str | None) -> str | None:
    """``10.48550/arXiv.2303.08867`` (any resolver form) -> ``2303.08867``; else None."""
    if not doi:
        return None
    match = _ARXIV_DOI.match(_bare_doi(doi))
    return strip_version(match.group("id")) if match else None


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registered for a paper: ``10.48550/arXiv.<id>`` (no version)."""
    return ARXIV_DOI_PREFIX + strip_version(arxiv_id)


def arxiv_match(text: str | None) -> str | None:
    """Any arXiv form (id, ``arXiv:`` id, URL, arXiv DOI) as compared: bare, no version,
    lower case; None when ``text`` names no arXiv paper."""
    if not text or not text.strip():
        return None
    found = parse_identifier(text)
    if found is not None and found.kind == "arxiv":
        return found.match
    return None


def doi_match(text: str | None) -> str | None:
    """A DOI in any resolver form as compared (bare, lower case); None when empty."""
    if not text or not text.strip():
        return None
    doi = _bare_doi(text).lower()
    return doi or None


def entry_arxiv(entry: HasIdentifiers) -> str | None:
    """The entry's arXiv id as compared, from its arXiv DOI when that is all it holds."""
    return arxiv_match(entry.arxiv_id) or arxiv_of_doi(entry.doi)


def entry_doi(entry: HasIdentifiers) -> str | None:
    """The entry's DOI as compared (bare, lower case), or None."""
    return doi_match(entry.doi)


def ref_match(ref: str) -> tuple[Kind, str] | None:
    """(kind, value as compared) for a user's reference that is an identifier, else None."""
    found = parse_identifier(ref)
    return (found.kind, found.match) if found is not None else None


# -- ids in the links of a captured page (Hugging Face paper pages, arXiv pages) ----------

NEW_ARXIV_ID = r"\d{4}\.\d{4,5}"  # what Hugging Face paper pages are named by
_HF_PAPER_PATH = LazyPattern(
    rf"^(?:https?://(?:www\.)?huggingface\.co)?/papers/(?P<id>{NEW_ARXIV_ID})(?:v\d+)?"
    r"(?P<rest>[/?#][^\s]*)?$"
)
_HF_PAPER_ANYWHERE = LazyPattern(rf"/papers/(?P<id>{NEW_ARXIV_ID})")
_LINKED_ID = LazyPattern(
    rf"(?:huggingface\.co/papers/|%2Fpapers%2F|arxiv\.org/(?:abs|pdf|html)/)(?P<id>{NEW_ARXIV_ID})",
    re.IGNORECASE,
)
_HF_PAGE = LazyPattern(rf"huggingface\.co/papers/{NEW_ARXIV_ID}", re.IGNORECASE)


def hf_page_id(url: str) -> str | None:
    """The arXiv id of a link to a Hugging Face paper page itself (absolute or ``/papers/``
    path, no ``#`` fragment), else None."""
    match = _HF_PAPER_PATH.match(url.strip())
    if not match or (match.group("rest") or "").startswith("#"):
        return None
    return match.group("id")


def hf_named_id(url: str) -> str | None:
    """The arXiv id a link mentions as ``/papers/<id>`` anywhere (a login redirect, a
    comments anchor), percent-escapes decoded; else None."""
    match = _HF_PAPER_ANYWHERE.search(unquote(url))
    return match.group("id") if match else None


def arxiv_page_id(url: str) -> str | None:
    """The arXiv id (no version) of a link to the paper's own arXiv page, else None."""
    match = _ARXIV_URL.match(url.strip())
    return strip_version(match.group("id")) if match else None


def linked_id(text: str) -> str | None:
    """The first arXiv id a Hugging Face or arXiv paper link inside ``text`` names."""
    match = _LINKED_ID.search(text)
    return match.group("id") if match else None


def linked_ids(text: str) -> set[str]:
    """Every arXiv id the paper links (Hugging Face or arXiv) inside ``text`` name."""
    return {m.group("id") for m in _LINKED_ID.finditer(text)}


def links_hf_pages(text: str) -> bool:
    """Whether ``text`` links a Hugging Face paper page."""
    return _HF_PAGE.search(text) is not None


def _show(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 80 else text[:77] + "...")
