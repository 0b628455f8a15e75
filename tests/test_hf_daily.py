"""The Daily Papers plain-text parser, on made-up digests with every quirk of the real page."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.parsers import detect, parse
from papercli.parsers.base import ParseError, find_urls
from papercli.parsers.hf_daily import is_meta_block
from papercli.parsers.hf_daily import parse as parse_hf
from tests.conftest import SAMPLE_DIGEST

AS_OF = dt.date(2025, 11, 20)


def paper(title: str, abstract: str, meta: str | None) -> str:
    block = f"{title}\n\n{abstract}\n"
    return block + (f"\n{meta}\n" if meta else "")


def meta(authors: int, date: str) -> str:
    return f"  • {authors} authors\n·\n{date}"


ABSTRACT = (
    "We propose a method that does something useful for learning systems at scale, and test it."
)


def by_title(text: str) -> dict[str, object]:
    return {e.title: e for e in parse_hf(text, AS_OF).entries}


def test_sample_digest_has_ten_papers_and_skips_header() -> None:
    entries = parse_hf(SAMPLE_DIGEST.read_text(encoding="utf-8"), AS_OF).entries
    assert len(entries) == 10
    titles = [e.title for e in entries]
    for furniture in ("new", "Subscribe", "Daily Papers", "Nov 20"):
        assert furniture not in titles
    assert titles[0].startswith("Why Over-Parameterized Transformers")
    assert sum(e.author_count is not None for e in entries) == 8


def test_header_lines_are_not_papers() -> None:
    header = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    header += "byAK and the research community\n\nNov 11\n\n"
    text = header + paper("A Real Paper Title", ABSTRACT, meta(3, "Oct 2, 2023"))
    entries = parse_hf(text, AS_OF).entries
    assert [e.title for e in entries] == ["A Real Paper Title"]


@pytest.mark.parametrize(
    ("date_line", "date", "date_raw", "upvotes"),
    [
        ("Oct 2, 2023", "2023-10-02", "Oct 2, 2023", None),
        ("Sep 28", "2025-09-28", "Sep 28", None),
        ("Dec 24", "2024-12-24", "Dec 24", None),  # later than the reference: last year
        ("Nov 20", "2025-11-20", "Nov 20", None),  # the reference day itself
        ("May 30 2", "2025-05-30", "May 30", 2),
        ("Jun 3, 2023 1", "2023-06-03", "Jun 3, 2023", 1),
        ("Feb 29", "2024-02-29", "Feb 29", None),  # latest leap day before the reference
    ],
)
def test_dates_and_upvotes(date_line: str, date: str, date_raw: str, upvotes: int | None) -> None:
    (entry,) = parse_hf(paper("T", ABSTRACT, meta(2, date_line)), AS_OF).entries
    assert (entry.date, entry.date_raw, entry.upvotes) == (date, date_raw, upvotes)
    assert entry.author_count == 2


def test_as_of_changes_year_resolution() -> None:
    text = paper("T", ABSTRACT, meta(2, "Sep 28"))
    (early,) = parse_hf(text, dt.date(2025, 9, 27)).entries
    assert early.date == "2024-09-28"


def test_papers_without_meta_lines_keep_unknowns_empty() -> None:
    text = (
        paper("First Paper", ABSTRACT, None)
        + "\n"
        + paper("Second Paper", ABSTRACT, meta(4, "Mar 1, 2024"))
        + "\n"
        + paper("Third Paper", ABSTRACT, None)
    )
    papers = by_title(text)
    assert list(papers) == ["First Paper", "Second Paper", "Third Paper"]
    first = papers["First Paper"]
    assert (first.author_count, first.date, first.date_raw, first.upvotes) == (
        None,
        None,
        None,
        None,
    )
    assert first.abstract == ABSTRACT
    assert papers["Second Paper"].author_count == 4
    assert papers["Third Paper"].abstract == ABSTRACT


def test_urls_lose_trailing_punctuation_but_abstract_is_kept() -> None:
    abstract = (
        "Code: https://github.com/owner/repo. Site (https://example.org/x_(y)), "
        "and https://example.org/a.git."
    )
    (entry,) = parse_hf(paper("T", abstract, meta(1, "Jan 5, 2024")), AS_OF).entries
    assert entry.urls == [
        "https://github.com/owner/repo",
        "https://example.org/x_(y)",
        "https://example.org/a.git",
    ]
    assert entry.abstract == abstract


def test_find_urls_deduplicates() -> None:
    assert find_urls("see http://a.org/x, again http://a.org/x.") == ["http://a.org/x"]


def test_latex_accents_become_unicode_other_latex_kept() -> None:
    abstract = r"A Mat\'ern kernel and \left\{ x \in \Omega \right. with {unbalanced"
    (entry,) = parse_hf(
        paper(r"On Mat\'ern Priors", abstract, meta(1, "Jan 5, 2024")), AS_OF
    ).entries
    assert entry.title == "On Matérn Priors"
    assert entry.abstract == r"A Matérn kernel and \left\{ x \in \Omega \right. with {unbalanced"


def test_crlf_and_cr_parse_like_lf() -> None:
    text = paper("T One", ABSTRACT, meta(2, "Sep 28")) + "\n" + paper("T Two", ABSTRACT, None)
    expected = [e.to_dict() for e in parse_hf(text, AS_OF).entries]
    for newline in ("\r\n", "\r"):
        got = [e.to_dict() for e in parse_hf(text.replace("\n", newline), AS_OF).entries]
        assert got == expected


def test_organisation_instead_of_author_count() -> None:
    (entry,) = parse_hf(paper("T", ABSTRACT, "  • Example Lab\n·\nJan 5, 2024"), AS_OF).entries
    assert entry.organization == "Example Lab"
    assert entry.author_count is None
    assert entry.date == "2024-01-05"


def test_meta_block_recognition() -> None:
    assert is_meta_block(["  • 3 authors", "·", "Oct 2, 2023"])
    assert is_meta_block(["Sep 26 2"])
    assert not is_meta_block(["May the Force Be With Us"])
    assert not is_meta_block(["A title · with a dot"])


def test_detect_and_no_papers_error() -> None:
    assert detect(SAMPLE_DIGEST.read_text(encoding="utf-8")) == "hf-daily"
    with pytest.raises(ParseError, match="no papers found"):
        parse("just some words\n\nthat are not a digest\n", AS_OF)
    with pytest.raises(ParseError, match="no papers found"):
        parse("new\n\nSubscribe\n\nDaily Papers\n\nNov 11\n", AS_OF, fmt="hf-daily")


def test_unknown_format_name() -> None:
    with pytest.raises(ParseError, match="unknown format 'nope'"):
        parse("x", AS_OF, fmt="nope")
