"""Semantic Scholar and DBLP answers as VenueRecords, the sure-match rule, and the plan."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest

from papercli.errors import BadResponseError
from papercli.model import Entry
from papercli.sources.dblp import DblpSource, hits_to_records
from papercli.sources.http import HttpClient
from papercli.sources.published import VenueRecord, choose, clean_pages, family_key, plan_venue
from papercli.sources.semantic_scholar import SemanticScholarSource, paper_to_record
from tests.fake_http import FakeServer, Reply, fixture_text, running_server

PAPERS = json.loads(fixture_text("s2-papers.json"))


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as srv:
        yield srv


def test_s2_arxiv_only_is_no_venue() -> None:
    record = paper_to_record(PAPERS["ARXIV:2401.03333"])  # journal "ArXiv", venue "arXiv.org"
    assert record.kind is None and record.venue is None and record.volume is None
    assert record.doi is None  # an arXiv DOI is not a venue's
    assert record.dblp_key == "journals/corr/abs-2401-03333"
    assert record.describe().startswith("arXiv only")


def test_s2_conference_with_pages_only() -> None:
    record = paper_to_record(PAPERS["ARXIV:2312.01111"])
    assert record.kind == "inproceedings"  # "Conference" among the types wins
    assert record.venue == "Advances in Neural Information Processing Systems"
    assert record.pages == "1201--1213" and record.volume is None
    assert (record.year, record.arxiv_id) == (2023, "2312.01111")


def test_s2_journal_article_with_arxiv_id() -> None:
    record = paper_to_record(PAPERS["ARXIV:2305.02222"])
    assert record.kind == "article" and record.venue == "Nature Machine Intelligence"
    assert (record.volume, record.pages) == ("6", "88--97")
    assert record.doi == "10.5555/fake.natmi.2024.7" and record.arxiv_id == "2305.02222"
    assert record.authors == ["Anneli Rockwell", "Bo Stone"]


def test_s2_empty_venue_and_nulls() -> None:
    record = paper_to_record(PAPERS["ARXIV:2410.05555"])
    assert record.kind is None and record.title == "Fen Water Tables as Graphs"


def test_s2_unknown_journal_name_is_kept() -> None:
    paper = {
        "title": "Toads",
        "venue": "J. Imag. Amphib.",
        "journal": {"name": "Journal of Imaginary Amphibians", "volume": "3"},
        "publicationTypes": None,
        "externalIds": {"CorpusId": 5},
    }
    record = paper_to_record(paper)
    assert record.kind == "article" and record.venue == "Journal of Imaginary Amphibians"
    assert record.label == "S2:5"
    workshop = paper_to_record({"title": "Frogs", "venue": "Workshop on Imaginary Frogs"})
    assert workshop.kind == "inproceedings"


def test_s2_batch_posts_ids_and_reads_nulls(server: FakeServer) -> None:
    body = json.dumps([PAPERS["ARXIV:2312.01111"], None])
    server.route("/graph/v1/paper/batch", Reply(200, body))
    source = SemanticScholarSource(HttpClient(), server.url + "/graph/v1/", key=None, delay=0)
    found = source.batch(["ARXIV:2312.01111", "ARXIV:2501.99999"])
    assert found["ARXIV:2501.99999"] is None
    assert found["ARXIV:2312.01111"] is not None
    (seen,) = server.requests
    assert seen.method == "POST" and seen.path == "/graph/v1/paper/batch"
    assert json.loads(seen.body) == {"ids": ["ARXIV:2312.01111", "ARXIV:2501.99999"]}
    assert seen.headers["Content-Type"] == "application/json"


def test_s2_batch_is_split_and_paced(server: FakeServer, monkeypatch) -> None:
    from papercli.sources import semantic_scholar

    monkeypatch.setattr(semantic_scholar, "BATCH", 1)
    server.route("/s2/paper/batch", Reply(200, "[null]"))
    waits: list[float] = []
    client = HttpClient(sleep=waits.append)
    found = SemanticScholarSource(client, server.url + "/s2", delay=1.5).batch(["A:1", "A:2"])
    assert found == {"A:1": None, "A:2": None}
    assert len(server.requests) == 2
    assert len(waits) == 1 and 1.0 < waits[0] <= 1.5


def test_s2_title_match_404_is_none(server: FakeServer) -> None:
    server.route("/s2/paper/search/match", Reply(404, '{"error": "Title match not found"}'))
    source = SemanticScholarSource(HttpClient(), server.url + "/s2", delay=0)
    assert source.match_title("Nothing Like This") is None
    server.route("/s2/paper/search/match", Reply(200, '{"data": "no"}'))
    with pytest.raises(BadResponseError, match="has no list of data"):
        source.match_title("Something Else")


def test_dblp_shapes() -> None:
    quiet = hits_to_records(json.loads(fixture_text("dblp-quiet.json")))
    (record,) = quiet  # completions.c an object, the author a single object
    assert record.authors == ["Odile Quillon"]  # the homonym number is dropped
    assert record.title == "Quiet Ferns Learn Slowly"  # without DBLP's final "."
    assert (record.kind, record.year, record.pages) == ("inproceedings", 2025, None)
    assert record.venue == "International Conference on Learning Representations"
    conference, corr = hits_to_records(json.loads(fixture_text("dblp-moss.json")))
    assert (conference.volume, conference.pages) == ("37", "1201--1213")
    assert conference.dblp_key == "conf/nips/MossgraveF24"
    assert corr.kind is None and corr.doi is None  # CoRR: no venue, an arXiv DOI
    (bracken,) = hits_to_records(json.loads(fixture_text("dblp-bracken.json")))
    assert bracken.kind is None and bracken.arxiv_id == "2401.03333"
    assert hits_to_records(json.loads(fixture_text("dblp-empty.json"))) == []
    one = json.loads(fixture_text("dblp-quiet.json"))
    one["result"]["hits"]["hit"] = one["result"]["hits"]["hit"][0]  # a lone hit object
    assert len(hits_to_records(one)) == 1
    with pytest.raises(BadResponseError, match=r"has no result\.hits"):
        hits_to_records({"result": {}})


def test_dblp_query(server: FakeServer) -> None:
    server.route("/dblp", Reply(200, fixture_text("dblp-empty.json")))
    source = DblpSource(HttpClient(), server.url + "/dblp", delay=0)
    assert source.search("Quiet: Ferns (learn) slowly!") == []
    assert source.search("...") == []  # no words: no request
    (seen,) = server.requests
    assert seen.query == {"q": ["quiet ferns learn slowly"], "format": ["json"], "h": ["10"]}


PREPRINT = Entry(
    key="quiet",
    title="Quiet Ferns Learn Slowly",
    authors=["Odile Quillon", "Ada Other"],
    date="2024-09-30",
    arxiv_id="2409.04444",
    doi="10.48550/arXiv.2409.04444",
)
ICLR = VenueRecord(
    source="DBLP",
    label="dblp:conf/iclr/Quillon25",
    title="Quiet ferns learn slowly",
    authors=["Odile Quillon"],
    year=2025,
    kind="inproceedings",
    venue="International Conference on Learning Representations",
    doi="10.5555/iclr.quiet",
)


def test_title_author_and_year_must_all_match() -> None:
    assert choose(PREPRINT, [ICLR], "DBLP").status == "matched"
    other_author = replace(ICLR, authors=["Ben Quill"])
    verdict = choose(PREPRINT, [other_author], "DBLP")
    assert verdict.status == "ambiguous" and "first author 'Ben Quill'" in verdict.reason
    too_late = replace(ICLR, year=2026)
    assert "but year 2026" in choose(PREPRINT, [too_late], "DBLP").reason
    similar = replace(ICLR, title="Quiet Ferns Learn Slowly, Loud Ferns Learn Fast")
    assert choose(PREPRINT, [similar], "DBLP").status == "ambiguous"
    unrelated = replace(ICLR, title="Loud Cacti")
    assert choose(PREPRINT, [unrelated], "DBLP").status == "none"
    nameless = replace(PREPRINT, authors=[])
    assert "no first author" in choose(nameless, [ICLR], "DBLP").reason


def test_same_id_is_enough_and_two_versions_are_ambiguous() -> None:
    renamed = replace(ICLR, title="A Different Title Entirely", arxiv_id="2409.04444v3")
    assert choose(PREPRINT, [renamed], "DBLP").status == "matched"
    journal = replace(ICLR, kind="article", venue="Journal of Machine Learning Research")
    verdict = choose(PREPRINT, [ICLR, journal], "DBLP")
    assert verdict.status == "ambiguous" and "2 published versions" in verdict.reason
    corr = replace(ICLR, kind=None, venue=None)
    assert choose(PREPRINT, [corr], "DBLP").reason == "DBLP: only the arXiv preprint"


def test_family_names() -> None:
    assert family_key("Xiaoling Zhang 0009") == family_key("Zhang, Xiaoling") == "zhang"
    assert family_key("Zoë Ångström") == "angstrom"


def test_plan_keeps_key_and_arxiv_id() -> None:
    plan = plan_venue(PREPRINT, ICLR)
    new = plan.entry
    assert new.type == "inproceedings" and new.booktitle == ICLR.venue
    assert (new.key, new.arxiv_id, new.title) == ("quiet", "2409.04444", PREPRINT.title)
    assert new.date == "2025" and new.doi == "10.5555/iclr.quiet"  # the arXiv DOI replaced
    assert plan.filled == ["type", "booktitle", "date", "doi"]
    assert PREPRINT.type == "misc"  # the input is not changed


def test_a_replaced_arxiv_doi_leaves_its_arxiv_id_behind() -> None:
    only_doi = replace(PREPRINT, arxiv_id=None, doi="10.48550/arXiv.2409.04444")
    new = plan_venue(only_doi, ICLR).entry
    assert (new.doi, new.arxiv_id) == ("10.5555/iclr.quiet", "2409.04444")


def test_plan_keeps_a_real_doi_and_same_year_date() -> None:
    mine = replace(PREPRINT, doi="10.1000/mine", date="2025-01-15")
    new = plan_venue(mine, ICLR).entry
    assert new.doi == "10.1000/mine" and new.date == "2025-01-15"


def test_plan_leaves_a_published_entry_alone() -> None:
    published = replace(PREPRINT, type="article", journal="Journal of Ferns")
    plan = plan_venue(published, ICLR)
    assert not plan.changed and plan.reason == "already has a venue: Journal of Ferns"


def test_plan_fills_journal_fields() -> None:
    jmlr = replace(
        ICLR,
        kind="article",
        venue="Journal of Machine Learning Research",
        volume="25",
        number="112",
        pages="1--38",
        doi=None,
    )
    new = plan_venue(replace(PREPRINT, date="2025"), jmlr).entry
    assert new.type == "article" and new.journal == "Journal of Machine Learning Research"
    assert (new.volume, new.number, new.pages) == ("25", "112", "1--38")
    assert new.booktitle is None and new.doi == PREPRINT.doi


def test_clean_pages() -> None:
    assert clean_pages("525 - 535") == "525--535"
    assert clean_pages("e1234") == "e1234"
    assert clean_pages("  ") is None


def test_preprint_server_dois_are_no_venue() -> None:
    ssrn_like = {
        "title": "Imaginary Markets",
        "venue": "",
        "journal": {"name": "Imaginary Finance eJournal"},
        "publicationTypes": ["Review"],
        "externalIds": {"DOI": "10.2139/ssrn.1234567", "CorpusId": 7},
    }
    record = paper_to_record(ssrn_like)
    assert record.kind is None and record.doi is None
    known = {**ssrn_like, "venue": "ICML", "externalIds": {"DOI": "10.48550/arXiv.2401.1"}}
    icml = paper_to_record(known)  # a known venue stands, without the arXiv DOI
    assert icml.kind == "inproceedings" and icml.doi is None


def test_plan_replaces_a_preprint_doi() -> None:
    biorxiv = replace(PREPRINT, doi="10.1101/2024.01.01.123456")
    assert plan_venue(biorxiv, ICLR).entry.doi == "10.5555/iclr.quiet"
