"""Enrichment planning: only empty fields are filled; what the user set never changes."""

from __future__ import annotations

import pytest

from papercli.errors import InputError
from papercli.model import Entry
from papercli.parsers import arxiv_atom
from papercli.sources.enrich import plan_enrichment
from papercli.sources.settings import DEFAULT_ARXIV_API, SourceSettings
from tests.fake_http import fixture_text


def found_paper() -> Entry:
    return arxiv_atom.parse_feed(fixture_text("arxiv-batch.xml")).records[0].entry


def hf_entry() -> Entry:
    """A Hugging Face digest entry: a count of authors, a date without a year, user edits."""
    return Entry(
        key="quillfeather2024gradient",
        title="Gradient gardening (my own title edit)",
        author_count=2,
        date="2025-01-18",
        date_raw="Jan 18",
        upvotes=12,
        urls=["https://huggingface.co/papers/2401.09876"],
        tags=["to-read"],
        note="check the appendix",
        source="hf-daily",
        added="2025-01-20",
        organization="Imaginary Lab",
    )


def test_fills_empty_fields_and_keeps_the_users() -> None:
    before = hf_entry()
    plan = plan_enrichment(before, found_paper())
    new = plan.entry
    assert plan.filled == [
        "authors",
        "abstract",
        "arxiv_id",
        "doi",
        "journal_ref",
        "comments",
        "categories",
        "date",
        "urls",
    ]
    assert plan.reason.startswith("filled authors, abstract, arxiv_id")
    assert new.authors == ["Ada Quillfeather", "Bartholomew Nettle"] and new.author_count == 2
    assert (new.arxiv_id, new.doi) == ("2401.09876", "10.5555/fake.2024.0042")
    assert new.categories == ["cs.LG", "stat.ML"]
    assert (new.date, new.date_raw) == ("2024-01-18", None)  # inferred year replaced
    assert new.urls == [
        "https://huggingface.co/papers/2401.09876",
        "https://arxiv.org/abs/2401.09876",
        "https://example.org/gg",
        "https://example.org/gradient-gardening",
    ]
    for kept in ("key", "title", "tags", "note", "upvotes", "source", "added", "organization"):
        assert getattr(new, kept) == getattr(before, kept), kept
    assert before == hf_entry()  # the input is not modified


def test_explicit_date_and_set_fields_stay() -> None:
    mine = Entry(
        title="T",
        date="2023-05-01",
        doi="10.5555/mine",
        authors=["Me Myself"],
        journal_ref="My venue",
        categories=["math.CO"],
    )
    plan = plan_enrichment(mine, found_paper())
    new = plan.entry
    assert (new.date, new.doi, new.authors) == ("2023-05-01", "10.5555/mine", ["Me Myself"])
    assert (new.journal_ref, new.type, new.categories) == ("My venue", "misc", ["math.CO"])


def test_more_precise_date_replaces_a_prefix() -> None:
    plan = plan_enrichment(Entry(title="T", date="2024-01"), found_paper())
    assert plan.entry.date == "2024-01-18" and "date" in plan.filled
    plan = plan_enrichment(Entry(title="T", date="2024-02"), found_paper())
    assert plan.entry.date == "2024-02" and "date" not in plan.filled


def test_other_arxiv_id_is_another_paper() -> None:
    plan = plan_enrichment(Entry(title="T", arxiv_id="2312.99999"), found_paper())
    assert not plan.changed
    assert plan.reason == "found arXiv:2401.09876, but the entry is arXiv:2312.99999; nothing taken"


def test_nothing_to_fill() -> None:
    full = found_paper()
    plan = plan_enrichment(full, found_paper())
    assert not plan.changed
    assert plan.reason == "nothing to fill: every field is set"


def test_extra_fields_fill_without_overwriting() -> None:
    found = Entry(title="T", extra={"volume": "12", "pages": "1--9"})
    plan = plan_enrichment(Entry(title="T", extra={"volume": "3"}), found)
    assert plan.entry.extra == {"volume": "3", "pages": "1--9"}
    assert plan.filled == ["pages"]


def test_settings_from_env() -> None:
    assert SourceSettings.from_env({}) == SourceSettings()
    assert SourceSettings().arxiv_api == DEFAULT_ARXIV_API
    custom = SourceSettings.from_env(
        {
            "PAPERCLI_ARXIV_API": "http://127.0.0.1:9/q",
            "PAPERCLI_CROSSREF_API": "http://127.0.0.1:9/cr/",
            "PAPERCLI_ARXIV_DELAY": "0.5",
            "PAPERCLI_EMAIL": "a@b.org",
        }
    )
    assert (custom.arxiv_api, custom.crossref_api) == (
        "http://127.0.0.1:9/q",
        "http://127.0.0.1:9/cr",
    )
    assert (custom.arxiv_delay, custom.email) == (0.5, "a@b.org")
    assert "mailto:a@b.org" in custom.client().user_agent


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PAPERCLI_ARXIV_DELAY", "soon"),
        ("PAPERCLI_ARXIV_DELAY", "-1"),
        ("PAPERCLI_ARXIV_DELAY", "nan"),
        ("PAPERCLI_ARXIV_API", "ftp://x"),
    ],
)
def test_bad_settings_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(InputError, match=name):
        SourceSettings.from_env({name: value})


def test_journal_found_makes_a_misc_entry_an_article() -> None:
    found = Entry(title="T", type="article", journal_ref="Journal of Made-Up Research")
    plan = plan_enrichment(Entry(title="T"), found)
    assert (plan.entry.type, plan.entry.journal_ref) == ("article", "Journal of Made-Up Research")
    assert plan.filled == ["journal_ref", "type"]
    kept = plan_enrichment(Entry(title="T", type="inproceedings"), found)
    assert kept.entry.type == "inproceedings"
