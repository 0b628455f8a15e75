"""Answers are cached per paper: a later run whose batches differ asks only about new papers."""

from __future__ import annotations

import json
from pathlib import Path

from papercli.sources.answers import MISSING, PaperAnswers
from papercli.sources.http import HttpClient
from tests.fake_http import FakeServer, Reply, fixture_text
from tests.test_enrich_cli import BY_ID_BIB, PRETEND, hf_library, route_titles  # noqa: F401


def test_title_batches_that_changed_are_not_sent_again(
    cli,
    online: FakeServer,
    hf_library: Path,  # noqa: F811
) -> None:
    route_titles(online)
    first = cli("enrich", "--json")
    assert first.exit_code == 0, first.stderr
    (search,) = online.requests_to("/api/query")
    # both titles in one batch, one also spelled the other way (normalized / normalised)
    assert search.query["search_query"][0].count("ti:") == 3
    sent = len(online.requests)
    # One paper was filled, so this run's batch holds only the other title: a new URL.
    again = cli("enrich", "--json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert [o["key"] for o in report["entries"]] == [PRETEND]
    assert report["entries"][0]["status"] == "ambiguous"  # the same verdict, from the cache
    assert report["requests"] == 0
    assert len(online.requests) == sent


def test_id_batches_ask_only_for_new_ids(cli, online: FakeServer, library_path: Path) -> None:
    assert cli("import", "-", "--format", "bibtex", input=BY_ID_BIB).exit_code == 0
    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    online.route(
        "/crossref/works/10.5555/fake.fern.2024", Reply(200, fixture_text("crossref-work.json"))
    )
    assert cli("enrich", "garden").exit_code == 0
    (first,) = online.requests_to("/api/query")
    assert first.query["id_list"] == ["2401.09876"]
    result = cli("enrich", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    statuses = {o["key"]: o["status"] for o in json.loads(result.stdout)["entries"]}
    assert statuses["garden"] == "unchanged" and statuses["strings"] == "filled"
    first, second = online.requests_to("/api/query")
    assert second.query["id_list"] == ["hep-th/9912345"]  # garden's answer came from the cache
    offline = cli("enrich", "--all", "--offline", "--json")  # every answer is saved now
    assert offline.exit_code == 0, offline.stderr
    assert len(online.requests_to("/api/query")) == 2


def test_paper_answers_round_trip(tmp_path: Path) -> None:
    answers = PaperAnswers(HttpClient(cache_dir=tmp_path), "demo")
    assert answers.get("ARXIV:2401.00001") is MISSING
    answers.put("ARXIV:2401.00001", None)  # known not found
    answers.put("ARXIV:2401.00002", {"title": "Ünïcode"})
    saved, missing = answers.split(["arxiv:2401.00001", "ARXIV:2401.00002", "ARXIV:2401.00003"])
    assert saved == {"arxiv:2401.00001": None, "ARXIV:2401.00002": {"title": "Ünïcode"}}
    assert missing == ["ARXIV:2401.00003"]
    for path in tmp_path.iterdir():  # a damaged file is only a miss
        path.write_bytes(path.read_bytes()[:-3])
    assert answers.get("ARXIV:2401.00002") is MISSING


def test_no_cache_folder_saves_nothing() -> None:
    answers = PaperAnswers(HttpClient(cache_dir=None), "demo")
    answers.put("x", 1)
    assert answers.get("x") is MISSING


def test_refresh_reads_no_saved_answer(
    cli,
    online: FakeServer,
    hf_library: Path,  # noqa: F811
) -> None:
    route_titles(online)
    assert cli("enrich", "--dry-run").exit_code == 0
    sent = len(online.requests)
    again = cli("enrich", "--dry-run", "--refresh", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["requests"] == sent  # the same questions, asked again
