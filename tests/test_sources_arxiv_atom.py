"""The arXiv API Atom parser, on made-up feeds in the API's structure."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.parsers import arxiv_atom
from papercli.parsers.base import ParseError
from tests.fake_http import DATA, fixture_text

REF = dt.date(2025, 6, 1)


def test_batch_feed_fields() -> None:
    feed = arxiv_atom.parse_feed(fixture_text("arxiv-batch.xml"))
    assert (feed.total_results, feed.start_index, feed.items_per_page) == (3, 0, 3)
    assert feed.warnings == []
    first = feed.records[0]
    entry = first.entry
    assert entry.arxiv_id == "2401.09876"
    assert first.version == 2
    assert first.updated == "2024-02-11"
    assert entry.title == (
        "Gradient Gardening: Pruning Optimiser States for Memory-Lean Training of "
        "Schrödinger Bridges"
    )
    assert entry.authors == ["Ada Quillfeather", "Bartholomew Nettle"]
    assert entry.author_count == 2
    assert first.affiliations["Bartholomew Nettle"] == [
        "Institute of Imaginary Computing",
        "Example Lab for Learning",
    ]
    assert entry.organization == "Institute of Imaginary Computing; Example Lab for Learning"
    assert entry.date == "2024-01-18"
    assert entry.date_raw is None
    assert first.primary_category == "cs.LG"
    assert entry.categories == ["cs.LG", "stat.ML"]  # primary first, no duplicate
    assert entry.doi == "10.5555/fake.2024.0042"
    assert entry.journal_ref == "Journal of Made-Up Results 7, 101 (2024)"
    assert entry.comments == "12 pages, 4 figures; project page https://example.org/gg"
    assert entry.abstract.startswith("We prune the second-moment")
    assert "Schrödinger bridge" in entry.abstract
    assert entry.urls == [
        "https://arxiv.org/abs/2401.09876",
        "https://example.org/gg",
        "https://example.org/gradient-gardening",
    ]
    assert entry.source == "arxiv-atom"
    assert entry.type == "misc"


def test_old_style_id_and_no_optional_fields() -> None:
    record = arxiv_atom.parse_feed(fixture_text("arxiv-batch.xml")).records[1]
    assert record.entry.arxiv_id == "hep-th/9912345"
    assert record.version == 3
    assert record.entry.date == "1999-12-30"
    assert record.entry.doi is None
    assert record.entry.journal_ref is None
    assert record.entry.comments is None
    assert record.entry.organization is None
    assert record.entry.urls == ["https://arxiv.org/abs/hep-th/9912345"]


def test_unicode_and_collaboration_authors_kept_whole() -> None:
    entry = arxiv_atom.parse_feed(fixture_text("arxiv-batch.xml")).records[2].entry
    assert entry.authors == [
        "The PRETEND Collaboration",
        "Zoë Ångström",
        "José Núñez-García",
        "Łukasz Żółtowski",
        "Wen-Jing 李",
    ]


def test_empty_feed_has_no_records() -> None:
    feed = arxiv_atom.parse_feed(fixture_text("arxiv-empty.xml"))
    assert feed.records == []
    assert feed.total_results == 0


def test_api_error_entry_becomes_a_warning() -> None:
    feed = arxiv_atom.parse_feed(fixture_text("arxiv-error.xml"))
    assert feed.records == []
    assert feed.warnings == ["arXiv API: incorrect id format for not-an-id"]


def test_parse_is_a_digest_parser() -> None:
    result = arxiv_atom.parse(fixture_text("arxiv-batch.xml"), REF)
    assert [e.arxiv_id for e in result.entries] == ["2401.09876", "hep-th/9912345", "2402.00555"]
    assert arxiv_atom.NAME == "arxiv-atom"
    assert arxiv_atom.DESCRIPTION


@pytest.mark.parametrize("name", ["arxiv-batch.xml", "arxiv-empty.xml", "arxiv-title-search.xml"])
def test_sniff_recognises_api_feeds(name: str) -> None:
    assert arxiv_atom.sniff(fixture_text(name)) >= 0.9


@pytest.mark.parametrize(
    "path",
    sorted((DATA.parent / "arxiv-rss").glob("*.xml")) + sorted(DATA.parent.glob("*/*.txt"))[:3],
)
def test_sniff_declines_other_formats(path) -> None:
    assert arxiv_atom.sniff(path.read_text(encoding="utf-8")) == 0.0


def _one_line_parse_error(text: str) -> str:
    with pytest.raises(ParseError) as caught:
        arxiv_atom.parse_feed(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_malformed_xml_is_one_clear_line() -> None:
    broken = fixture_text("arxiv-batch.xml").replace("</feed>", "")
    assert "not well-formed XML" in _one_line_parse_error(broken)


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>'
    )
    assert "refused" in _one_line_parse_error(bomb)


def test_external_entity_is_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>'
    )
    assert "refused" in _one_line_parse_error(xxe)


def test_oversized_feed_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arxiv_atom, "MAX_CHARS", 1000)
    assert "limit" in _one_line_parse_error(fixture_text("arxiv-batch.xml"))


def test_other_xml_root_is_refused() -> None:
    message = _one_line_parse_error("<rss version='2.0'><channel/></rss>")
    assert "not an arXiv API feed" in message
