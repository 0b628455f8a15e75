"""arXiv and Crossref lookups end to end against a local server serving made-up answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from papercli.errors import BadResponseError, NetworkError
from papercli.model import Entry
from papercli.sources import arxiv as arxiv_mod
from papercli.sources.arxiv import ArxivSource, title_phrase
from papercli.sources.crossref import CrossrefSource, author_name, crossref_date
from papercli.sources.matching import best_match
from papercli.sources.settings import SourceSettings
from tests.fake_http import FakeServer, Reply, fixture_text, running_server


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as srv:
        yield srv


@pytest.fixture
def settings(server: FakeServer) -> SourceSettings:
    return SourceSettings.from_env(
        {
            "PAPERCLI_ARXIV_API": server.url + "/api/query",
            "PAPERCLI_CROSSREF_API": server.url + "/crossref/",
            "PAPERCLI_ARXIV_DELAY": "0",
            "PAPERCLI_EMAIL": "tester@example.org",
        }
    )


def arxiv(settings: SourceSettings, cache: Path | None = None, offline: bool = False):
    client = settings.client(cache_dir=cache, offline=offline)
    return ArxivSource(client, settings.arxiv_api, settings.arxiv_delay)


def test_batch_lookup_is_one_request(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    found = arxiv(settings).lookup(["2401.09876v2", "hep-th/9912345", "2402.00555", "2401.09876"])
    assert sorted(found) == ["2401.09876", "2402.00555", "hep-th/9912345"]
    assert found["hep-th/9912345"].entry.title == "Toy Strings on a Folded Torus"
    (request,) = server.requests
    assert request.query["id_list"] == ["2401.09876,hep-th/9912345,2402.00555"]
    assert request.query["max_results"] == ["3"]
    assert "mailto:tester@example.org" in request.headers["User-Agent"]


def test_batches_wait_the_arxiv_delay(server: FakeServer, monkeypatch) -> None:
    monkeypatch.setattr(arxiv_mod, "ID_BATCH", 2)
    server.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    waits: list[float] = []
    source = ArxivSource(SourceSettings().client(), server.url + "/api/query", delay=3.0)
    source.client.sleep = waits.append
    found = source.lookup(["2401.09876", "hep-th/9912345", "2402.00555"])
    assert len(found) == 3
    assert len(server.requests) == 2
    assert len(waits) == 1 and 2.5 < waits[0] <= 3.0


def test_unknown_ids_are_absent(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-empty.xml")))
    assert arxiv(settings).lookup(["2501.00001"]) == {}


def test_id_error_entry_is_a_warning(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-error.xml")))
    source = arxiv(settings)
    assert source.lookup(["2501.00001"]) == {}
    assert source.warnings == ["arXiv API: incorrect id format for not-an-id"]


def test_malformed_feed_is_one_clear_line(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/api/query", Reply(200, "<feed xmlns='http://www.w3.org/2005/Atom'><entry>"))
    with pytest.raises(BadResponseError) as caught:
        arxiv(settings).lookup(["2401.09876"])
    assert "\n" not in str(caught.value)
    assert "unusable answer from the arXiv API" in str(caught.value)


def test_title_search_query_and_near_miss(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-title-search.xml")))
    wanted = [
        Entry(title="Column-normalized momentum for training imaginary language models faster"),
        Entry(title="Pretend-Bench 2: Evaluating Imaginary Agents on Long Tasks"),
        Entry(title="Sparse Experts for Efficient Training of Large Imaginary Language Models"),
    ]
    candidates = [r.entry for r in arxiv(settings).search_titles([e.title for e in wanted])]
    (request,) = server.requests
    assert request.query["search_query"] == [
        'ti:"column normalized momentum for training imaginary language models faster" OR '
        # the other spelling too: a digest may write what arXiv spells otherwise
        'ti:"column normalised momentum for training imaginary language models faster" OR '
        'ti:"pretend bench 2 evaluating imaginary agents on long tasks" OR '
        'ti:"sparse experts for efficient training of large imaginary language models"'
    ]
    assert request.query["max_results"] == ["12"]
    verdicts = [best_match(e, candidates) for e in wanted]
    assert verdicts[0].status == "matched"
    assert verdicts[0].candidate.arxiv_id == "2505.11111"
    assert [v.status for v in verdicts[1:]] == ["ambiguous", "ambiguous"]  # near misses


def test_title_phrase_drops_query_syntax() -> None:
    assert (
        title_phrase('Is "Attention" (Really) All: You Need?') == "is attention really all you need"
    )


def test_cache_then_offline(server: FakeServer, settings: SourceSettings, tmp_path: Path) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    first = arxiv(settings, cache=tmp_path).lookup(["2401.09876"])
    second = arxiv(settings, cache=tmp_path).lookup(["2401.09876"])
    offline = arxiv(settings, cache=tmp_path, offline=True).lookup(["2401.09876"])
    assert first.keys() == second.keys() == offline.keys() == {"2401.09876"}
    assert len(server.requests) == 1
    with pytest.raises(NetworkError, match=r"^offline: no saved answer"):
        arxiv(settings, cache=tmp_path, offline=True).lookup(["2402.00555"])


def crossref(settings: SourceSettings) -> CrossrefSource:
    return CrossrefSource(settings.client(), settings.crossref_api)


def test_crossref_work(server: FakeServer, settings: SourceSettings) -> None:
    server.route(
        "/crossref/works/10.5555/fake.fern.2024", Reply(200, fixture_text("crossref-work.json"))
    )
    entry = crossref(settings).work("10.5555/fake.fern.2024")
    assert entry is not None
    assert entry.title == "Growing Synthetic Ferns: A Made-Up Study"
    assert entry.authors == ["Hélène Marchetti", "van den Berg, Pieter", "Fern Consortium"]
    assert entry.date == "2024-06-14"
    assert entry.doi == "10.5555/fake.fern.2024"
    assert entry.type == "article"
    assert entry.journal_ref == "Journal of Made-Up Research"
    assert (entry.volume, entry.number, entry.pages) == ("12", "3", "201--219")
    assert entry.extra == {}  # venue fields are real fields, not extras
    assert entry.abstract == "We describe a made-up method for growing synthetic ferns in silico."
    assert entry.urls == ["https://doi.org/10.5555/fake.fern.2024"]
    assert entry.source == "crossref"


def test_crossref_404_is_not_found_not_an_error(
    server: FakeServer, settings: SourceSettings
) -> None:
    server.route(
        "/crossref/works/10.5555/fake.fern.2024", Reply(200, fixture_text("crossref-work.json"))
    )
    found = crossref(settings).works(["10.5555/missing", "10.5555/fake.fern.2024"])
    assert found["10.5555/missing"] is None
    assert found["10.5555/fake.fern.2024"] is not None


def test_crossref_title_search(server: FakeServer, settings: SourceSettings) -> None:
    server.route("/crossref/works", Reply(200, fixture_text("crossref-search.json")))
    results = crossref(settings).search_title("Growing synthetic ferns: a made-up study", rows=2)
    assert [e.doi for e in results] == ["10.5555/fake.fern.2024", "10.5555/fake.fern.2021"]
    assert results[1].type == "inproceedings" and results[1].date == "2021"
    (request,) = server.requests
    assert request.query == {
        "query.bibliographic": ["Growing synthetic ferns: a made-up study"],
        "rows": ["2"],
    }
    verdict = best_match(Entry(title="Growing Synthetic Ferns - a Made-up Study"), results)
    assert verdict.status == "matched" and verdict.candidate.doi == "10.5555/fake.fern.2024"


@pytest.mark.parametrize(
    "body",
    ['{"status": "ok", "message-type": "work-list", "message": {}}', "[1, 2]", "<html>"],
)
def test_crossref_bad_answers(server: FakeServer, settings: SourceSettings, body: str) -> None:
    server.route("/crossref/works", Reply(200, body))
    with pytest.raises(BadResponseError) as caught:
        crossref(settings).search_title("anything")
    assert "\n" not in str(caught.value)


def test_crossref_mapping_edges() -> None:
    assert author_name({"given": "Ada", "family": "Lovelace"}) == "Ada Lovelace"
    assert author_name({"family": "Plato"}) == "Plato"
    assert author_name({"name": "The ATLAS Collaboration"}) == "The ATLAS Collaboration"
    assert author_name("junk") == ""
    assert crossref_date({"issued": {"date-parts": [[2020, 13]]}}) == "2020"
    assert (
        crossref_date(
            {"issued": {"date-parts": [[None]]}, "published-print": {"date-parts": [[2019, 2, 3]]}}
        )
        == "2019-02-03"
    )
    assert crossref_date({}) is None


def test_crossref_arxiv_doi_gives_the_arxiv_id() -> None:
    from papercli.sources.crossref import work_to_entry

    entry = work_to_entry(
        {"DOI": "10.48550/arXiv.2401.09876", "type": "posted-content", "title": ["T"]}
    )
    assert (entry.arxiv_id, entry.type) == ("2401.09876", "misc")


def test_a_british_title_is_also_asked_for_spelled_the_american_way(
    server: FakeServer, settings: SourceSettings
) -> None:
    server.route("/api/query", Reply(200, fixture_text("arxiv-title-search.xml")))
    british = "Column-Normalised Momentum for Training Imaginary Language Models Faster"
    candidates = [r.entry for r in arxiv(settings).search_titles([british])]
    (request,) = server.requests
    assert 'ti:"column normalized momentum' in request.query["search_query"][0]
    assert 'ti:"column normalised momentum' in request.query["search_query"][0]
    assert any("Momentum" in c.title for c in candidates)
