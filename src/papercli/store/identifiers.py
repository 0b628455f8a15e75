"""arXiv ids and DOIs as the index stores them, and telling which one a reference is."""

from __future__ import annotations

import re

_NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_OLD_ID = re.compile(r"^([a-z-]+(?:\.[A-Za-z-]+)?/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf|html)/", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def bare_arxiv_id(text: str) -> str:
    """``arXiv:2303.08867v2`` or an abs/pdf URL -> ``2303.08867``; other text lowercased."""
    text = text.strip()
    text = _ARXIV_URL.sub("", text)
    if text.lower().startswith("arxiv:"):
        text = text[6:]
    text = text.removesuffix(".pdf")
    for pattern in (_NEW_ID, _OLD_ID):
        match = pattern.match(text)
        if match:
            return match.group(1).lower()
    return text.lower()


def bare_doi(text: str) -> str:
    """``doi:10.1/X`` or a doi.org URL -> ``10.1/x`` (DOIs ignore case)."""
    return _DOI_PREFIX.sub("", text.strip()).lower()


def identifier_of(ref: str) -> tuple[str | None, str]:
    """(``arxiv_id`` or ``doi`` or None, the normalised value) for a user's reference."""
    arxiv = bare_arxiv_id(ref)
    if _NEW_ID.match(arxiv) or _OLD_ID.match(arxiv):
        return "arxiv_id", arxiv
    doi = bare_doi(ref)
    if _DOI.match(doi):
        return "doi", doi
    return None, ref
