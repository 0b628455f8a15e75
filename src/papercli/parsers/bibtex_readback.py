"""The fields a BibTeX export writes for the bibliography styles' sake, read back as the
entry they came from (``exporters.bibtex``, ``exporters.reference``), and the other
programs' ways of citing a preprint:

- ``url`` (the paper's page), ``urls`` (other URLs), ``code`` (links to code): the entry's
  URLs. A ``url`` that is only the page made from the arXiv id or DOI is not kept: the
  export makes it again.
- ``howpublished = {arXiv:ID [class]. Journal ref}`` (papercli, for ``@misc``), ``journal =
  {arXiv preprint arXiv:ID}`` (Google Scholar), ``journal = {CoRR}, volume = {abs/ID}``
  (DBLP), ``note = {arXiv:ID}``: the arXiv id and primary class; the rest of a
  ``howpublished`` is the journal reference. Any other ``howpublished`` is kept in ``extra``.
- ``organization``: the entry's organisation.
- ``key``, ``shorttitle``, ``shortauthor``: kept in ``extra`` unless they are the label
  the export would write itself (``short_label``), the title or the organisation.
"""

from __future__ import annotations

import re

from papercli.exporters.reference import derived_pages, short_label
from papercli.latex.decode import latex_to_text
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import find_urls

_ARXIV = re.compile(
    rf"^arXiv:\s*(?P<id>{ax.ARXIV_ID})(?:\s*\[(?P<cls>[A-Za-z.-]+)\])?(?:\.\s*|$)", re.I
)
_SCHOLAR = re.compile(
    rf"^arXiv preprint arXiv:\s*(?P<id>{ax.ARXIV_ID})(?:\s*\[(?P<cls>[A-Za-z.-]+)\])?$", re.I
)
_DBLP_VOLUME = re.compile(rf"^abs/(?P<id>{ax.ARXIV_ID})$")


def read_back(entry: Entry, fields: dict[str, str]) -> None:
    """Fill ``entry`` from the export's URL, preprint and label fields (see the docstring)."""
    if fields.get("organization", "").strip():
        entry.organization = latex_to_text(fields["organization"])
    _preprint(entry, fields)
    _urls(entry, fields)
    for name in ("key", "shorttitle", "shortauthor"):
        value = latex_to_text(fields.get(name, ""))
        if value.strip() and value not in (entry.title, entry.organization, short_label(entry)):
            entry.extra[name] = fields[name]


def _take_arxiv(entry: Entry, match: re.Match[str]) -> bool:
    """Use the matched id and class; False when the entry names a different paper."""
    found = ax.strip_version(match.group("id"))
    if entry.arxiv_id and entry.arxiv_id != found:
        return False
    entry.arxiv_id = found
    if match.group("cls") and not entry.categories:
        entry.categories = [match.group("cls")]
    return True


def _preprint(entry: Entry, fields: dict[str, str]) -> None:
    howpublished = latex_to_text(fields.get("howpublished", ""))
    match = _ARXIV.match(howpublished)
    if match and _take_arxiv(entry, match):
        rest = howpublished[match.end() :].strip()
        if rest:
            entry.journal_ref = rest
    elif howpublished:
        entry.extra["howpublished"] = fields["howpublished"]
    journal = entry.journal or ""
    match = _SCHOLAR.match(journal)
    if match and _take_arxiv(entry, match):
        entry.journal = None
        _a_preprint(entry)
    volume = _DBLP_VOLUME.match(entry.volume or "")
    if journal.strip().lower() == "corr" and volume and _take_arxiv(entry, volume):
        entry.journal = entry.volume = None
        _a_preprint(entry)
    note = entry.extra.get("note")
    match = _ARXIV.match(latex_to_text(note or ""))
    if note and match and match.end() == len(latex_to_text(note)) and _take_arxiv(entry, match):
        del entry.extra["note"]


def _a_preprint(entry: Entry) -> None:
    """An ``@article`` whose only journal was arXiv (Google Scholar's, DBLP's CoRR) is a
    preprint: exported as one (``@online``, CSL ``article``), not a journal article."""
    if entry.type.strip().lower() == "article" and not entry.volume and not entry.pages:
        entry.type = "misc"


def _urls(entry: Entry, fields: dict[str, str]) -> None:
    url = fields.get("url", "").strip()
    urls = find_urls(url) or ([url] if url else [])
    if urls and urls[0] in derived_pages(entry):
        urls = []
    for name in ("urls", "code"):
        urls.extend(fields.get(name, "").split())
    entry.urls = list(dict.fromkeys(urls))
