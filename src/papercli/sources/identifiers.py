"""What a user types to name a paper -> an arXiv id or a DOI.

Accepted, with surrounding spaces, ``<>`` and sentence punctuation ignored:

- arXiv ids, new style ``2509.24218`` and old style ``math/0307200`` or ``math.AG/0101001``,
  with or without a version (``v2``) and an ``arXiv:`` prefix;
- arXiv abstract, PDF and HTML pages (``arxiv.org/abs/..``, ``/pdf/...pdf``, ``/html/..``,
  ``export.arxiv.org``, ``www.arxiv.org``);
- Hugging Face paper pages ``huggingface.co/papers/2509.24218`` (the page id is the arXiv id);
- DOIs: bare ``10.1093/gji/ggz376``, ``doi:10...``, ``https://doi.org/10...`` and
  ``dx.doi.org`` links (percent-escapes decoded).

Anything else raises ``InputError`` naming the input and the forms that work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from papercli.errors import InputError
from papercli.parsers import arxiv_common as ax

_ARXIV = re.compile(rf"(?i:arxiv:\s*)?(?P<id>{ax.ARXIV_ID})")
_ARXIV_URL = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>{ax.ARXIV_ID})"
    r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_HF_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/(?P<id>[^/?#\s]+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(
    r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/|https?://(?:www\.)?doi\.org/)", re.IGNORECASE
)
_TRIM = " \t\r\n<>\"'.,;"
MAX_INPUT = 2000

Kind = Literal["arxiv", "doi"]


@dataclass(frozen=True)
class PaperId:
    """A paper identifier: ``kind`` is ``arxiv`` (value without version) or ``doi``."""

    kind: Kind
    value: str
    version: int | None = None

    def __str__(self) -> str:
        return f"arXiv:{self.value}" if self.kind == "arxiv" else f"doi:{self.value}"


def _arxiv(raw_id: str) -> PaperId:
    version = re.search(r"v(\d+)$", raw_id)
    return PaperId("arxiv", ax.strip_version(raw_id), int(version.group(1)) if version else None)


def normalise_doi(doi: str) -> str:
    """A DOI as stored: prefixes and escapes removed; case kept (DOIs compare case-blind)."""
    doi = _DOI_PREFIX.sub("", unquote(doi.strip()))
    return doi.rstrip(".,;")


def parse_identifier(text: str) -> PaperId:
    """The arXiv id or DOI that ``text`` names; InputError when it names neither."""
    value = text.strip().strip(_TRIM) if len(text) <= MAX_INPUT else ""
    if match := _ARXIV_URL.match(value):
        return _arxiv(match.group("id"))
    if match := _HF_URL.match(value):
        if _ARXIV.fullmatch(match.group("id")):
            return _arxiv(match.group("id"))
        raise InputError(f"{_show(text)}: this Hugging Face page has no arXiv id in its address")
    if match := _ARXIV.fullmatch(value):
        return _arxiv(match.group("id"))
    if value.lower().startswith("arxiv:"):
        hint = "expected e.g. 2509.24218 or math/0307200"
        raise InputError(f"{_show(text)}: not an arXiv id ({hint})")
    doi = normalise_doi(value)
    if _DOI.match(doi) and len(doi) <= 300:
        return PaperId("doi", doi)
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
        paper = parse_identifier(text)
        seen.setdefault((paper.kind, paper.value.lower()), paper)
    return list(seen.values())


def _show(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 80 else text[:77] + "...")
