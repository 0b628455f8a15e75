"""``papercli enrich`` end to end against a local fake arXiv API and Crossref."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.fake_http import FakeServer, Reply, fixture_text

# A made-up Hugging Face digest: names no authors, only how many, and dates without a year.
HF_DIGEST = """Daily Papers

May 20

Column-normalized momentum for training imaginary language models faster

A made-up optimiser, as the digest describes it.

  • 2 authors
·
May 16

Pretend-Bench 2: Evaluating Imaginary Agents on Long Tasks

A made-up benchmark.

  • 5 authors
·
May 19
"""
COLUMN, PRETEND = "column2025normalized", "pretend2025bench"
BY_ID_BIB = """@misc{garden, title = {Gradient Gardening}, eprint = {2401.09876v2},
  archivePrefix = {arXiv}, year = {2024}}
@misc{strings, title = {Toy Strings on a Folded Torus}, eprint = {hep-th/9912345}}
@article{fern, title = {Growing synthetic ferns}, doi = {10.5555/fake.fern.2024}}
"""


@pytest.fixture
def hf_library(cli, library_path: Path) -> Path:
    result = cli("import", "-", "--as-of", "2025-05-20", input=HF_DIGEST)
    assert result.exit_code == 0, result.stderr
    return library_path


def route_titles(online: FakeServer) -> None:
    online.route("/api/query", Reply(200, fixture_text("arxiv-title-search.xml")))
    online.route("/crossref/works", Reply(200, fixture_text("crossref-search.json")))


def entries(cli) -> dict[str, dict]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return {e["key"]: e for e in json.loads(result.stdout)}


def test_fills_authors_by_title_and_never_applies_a_near_miss(
    cli, online: FakeServer, hf_library: Path
) -> None:
    route_titles(online)
    assert cli("tag", COLUMN, "--add", "optimisers").exit_code == 0
    assert cli("note", COLUMN, "--set", "read section 3").exit_code == 0
    before = entries(cli)
    result = cli("enrich", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    outcomes = {o["key"]: o for o in report["entries"]}
    assert outcomes[COLUMN]["status"] == "filled"
    assert outcomes[COLUMN]["found"] == "arXiv:2505.11111"
    assert {"authors", "arxiv_id", "categories"} <= set(outcomes[COLUMN]["filled"])
    assert outcomes[PRETEND]["status"] == "ambiguous"
    assert "arXiv:2505.22222" in outcomes[PRETEND]["reason"]
    assert "nothing applied" in outcomes[PRETEND]["reason"]
    assert "1 filled, 1 ambiguous, 0 unchanged" in result.stderr
    after = entries(cli)
    column = after[COLUMN]
    assert column["authors"] == ["Petra Oakhurst", "Quentin Larch"]
    assert column["author_count"] == 2
    assert column["arxiv_id"] == "2505.11111"
    # What the user (or the digest) set is kept: title as printed, tags, note, status.
    for name in ("title", "tags", "note", "status", "abstract", "added", "source"):
        assert column[name] == before[COLUMN][name], name
    assert after[PRETEND] == before[PRETEND]
    # Titles were searched in one batch: one arXiv request, Crossref only for the miss.
    (arxiv,) = online.requests_to("/api/query")
    # two titles, one also spelled the other way (normalized / normalised)
    assert arxiv.query["search_query"][0].count("ti:") == 3
    assert len(online.requests_to("/crossref/works")) == 1


def test_human_report(cli, online: FakeServer, hf_library: Path) -> None:
    route_titles(online)
    result = cli("enrich")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{COLUMN}\tfilled\tfilled authors, arxiv_id")
    assert lines[1].startswith(f"{PRETEND}\tambiguous\t")
    assert result.stderr == "1 filled, 1 ambiguous, 0 unchanged; 2 requests\n"


def test_what_was_found_is_searchable_and_exported(
    cli, online: FakeServer, hf_library: Path
) -> None:
    route_titles(online)
    assert cli("enrich").exit_code == 0
    found = cli("search", "2505.11111v1", "--json")
    assert found.exit_code == 0, found.stderr
    assert json.loads(found.stdout)[0]["key"] == COLUMN
    bib = cli("export", "2505.11111", "--bibtex")
    assert bib.exit_code == 0, bib.stderr
    assert "eprint = {2505.11111}" in bib.stdout


def test_by_id_batched_and_doi(cli, online: FakeServer, library_path: Path) -> None:
    assert cli("import", "-", "--format", "bibtex", input=BY_ID_BIB).exit_code == 0
    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    online.route(
        "/crossref/works/10.5555/fake.fern.2024", Reply(200, fixture_text("crossref-work.json"))
    )
    result = cli("enrich", "--json")
    assert result.exit_code == 0, result.stderr
    statuses = {o["key"]: o["status"] for o in json.loads(result.stdout)["entries"]}
    assert statuses == {"garden": "filled", "strings": "filled", "fern": "filled"}
    (arxiv,) = online.requests_to("/api/query")
    assert sorted(arxiv.query["id_list"][0].split(",")) == ["2401.09876", "hep-th/9912345"]
    after = entries(cli)
    assert after["strings"]["authors"] == ["Cornelius Vane"]
    assert after["fern"]["authors"][0] == "Hélène Marchetti"
    assert after["fern"]["journal_ref"] == "Journal of Made-Up Research"
    assert after["garden"]["title"] == "Gradient Gardening"  # the user's title is kept
    assert after["garden"]["doi"] == "10.5555/fake.2024.0042"


def test_dry_run_then_second_run_costs_no_request(
    cli, online: FakeServer, hf_library: Path
) -> None:
    route_titles(online)
    before = snapshot(hf_library)
    dry = cli("enrich", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True
    assert snapshot(hf_library) == before
    sent = len(online.requests)
    again = cli("enrich", "--dry-run", "--json")
    assert json.loads(again.stdout)["requests"] == 0
    assert len(online.requests) == sent
    offline = cli("enrich", "--offline", "--json")  # the saved answers are enough
    assert offline.exit_code == 0, offline.stderr
    assert json.loads(offline.stdout)["entries"][0]["status"] == "filled"
    assert len(online.requests) == sent


def test_offline_without_cache_changes_nothing(cli, online: FakeServer, hf_library: Path) -> None:
    before = snapshot(hf_library)
    result = cli("enrich", "--offline")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: offline: no saved answer for http://127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert online.requests == []
    assert snapshot(hf_library) == before


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(cli, online: FakeServer, hf_library: Path, status: int) -> None:
    online.route(
        "/api/query",
        Reply(status, "slow down", {"Retry-After": "0"}),
        Reply(200, fixture_text("arxiv-title-search.xml")),
    )
    online.route("/crossref/works", Reply(200, fixture_text("crossref-search.json")))
    result = cli("enrich", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(online.requests_to("/api/query")) == 2
    assert entries(cli)[COLUMN]["authors"] == ["Petra Oakhurst", "Quentin Larch"]


def assert_failed_cleanly(result, library: Path, before: dict, start: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {start}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert snapshot(library) == before


def test_503_forever_gives_up_in_one_line(cli, online: FakeServer, hf_library: Path) -> None:
    before = snapshot(hf_library)
    online.route("/api/query", Reply(503, "down", {"Retry-After": "0"}))
    result = cli("enrich")
    assert_failed_cleanly(result, hf_library, before, "127.0.0.1:")
    assert "HTTP 503 (gave up after 4 tries)" in result.stderr


def test_timeout_is_one_line(cli, online: FakeServer, hf_library: Path) -> None:
    before = snapshot(hf_library)
    online.route("/api/query", Reply(200, fixture_text("arxiv-title-search.xml"), delay=1.0))
    result = cli("enrich")
    assert_failed_cleanly(result, hf_library, before, "127.0.0.1:")
    assert "no answer within 0.5 s" in result.stderr


def test_malformed_xml_changes_nothing(cli, online: FakeServer, hf_library: Path) -> None:
    before = snapshot(hf_library)
    online.route("/api/query", Reply(200, "<feed><entry><title>half"))
    result = cli("enrich")
    assert_failed_cleanly(result, hf_library, before, "unusable answer from the arXiv API")


def test_no_network_is_one_line(
    cli, hf_library: Path, monkeypatch: pytest.MonkeyPatch, online: FakeServer
) -> None:
    before = snapshot(hf_library)
    monkeypatch.setenv("PAPERCLI_ARXIV_API", "http://127.0.0.1:9/api/query")
    result = cli("enrich")
    assert_failed_cleanly(result, hf_library, before, "cannot reach 127.0.0.1:9")
    assert result.stderr.strip().endswith("is the network up?")


def test_selection_by_ref_tag_and_nothing_to_do(cli, online: FakeServer, hf_library: Path) -> None:
    route_titles(online)
    assert cli("tag", PRETEND, "--add", "bench").exit_code == 0
    tagged = cli("enrich", "--tag", "bench", "--json")
    assert [o["key"] for o in json.loads(tagged.stdout)["entries"]] == [PRETEND]
    assert cli("enrich", COLUMN).exit_code == 0
    by_id = cli("enrich", "2505.11111", "--json")  # complete now: asked by id, nothing to fill
    (outcome,) = json.loads(by_id.stdout)["entries"]
    assert outcome["key"] == COLUMN and outcome["status"] == "unchanged"
    searched = cli("enrich", "--search", "imaginary agents", "--json")
    assert [o["key"] for o in json.loads(searched.stdout)["entries"]] == [PRETEND]
    assert cli("tag", PRETEND, "--remove", "bench").exit_code == 0
    nothing = cli("enrich", "--tag", "optimisers")
    assert nothing.exit_code == 0
    assert "nothing to enrich" in nothing.stderr
    unknown = cli("enrich", "nosuchpaper2025")
    assert unknown.exit_code != 0 and len(unknown.stderr.strip().splitlines()) == 1
    assert "no paper with key 'nosuchpaper2025'" in unknown.stderr
    assert "nothing was enriched" in unknown.stderr and "export" not in unknown.stderr


def test_enrich_needs_a_library(cli, online: FakeServer) -> None:
    result = cli("enrich")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no library at ")


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from papercli.cli import enrich_cmd, output

    with enrich_cmd.progress_bar("looking up") as callback:
        assert callback is None  # tests' stderr is not a terminal
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(output, "console", lambda stderr=False: terminal)
    with enrich_cmd.progress_bar("looking up") as callback:
        assert callback is not None
        callback(1, 2)
        callback(2, 2)
    assert "looking up" in screen.getvalue()


def test_title_match_already_held_is_skipped(cli, online: FakeServer, hf_library: Path) -> None:
    route_titles(online)
    bib = "@misc{held, title = {Colnorm}, author = {P. Oakhurst}, eprint = {2505.11111}}\n"
    assert cli("import", "-", "--format", "bibtex", input=bib).exit_code == 0
    result = cli("enrich", COLUMN, "--json")
    assert result.exit_code == 0, result.stderr
    (outcome,) = json.loads(result.stdout)["entries"]
    assert outcome["status"] == "skipped"
    assert outcome["reason"] == (
        f"arXiv:2505.11111 is already 'held'; 'papercli merge held {COLUMN}' folds the two"
    )
    assert entries(cli)[COLUMN]["arxiv_id"] is None
