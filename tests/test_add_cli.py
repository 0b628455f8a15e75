"""``papercli add``: ids looked up on a local fake arXiv/Crossref, then imported."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import snapshot
from tests.fake_http import FakeServer, Reply, fixture_text

FERN_DOI = "10.5555/fake.fern.2024"


def route_batch(online: FakeServer) -> None:
    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    online.route(f"/crossref/works/{FERN_DOI}", Reply(200, fixture_text("crossref-work.json")))


def listed(cli) -> dict[str, dict]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return {e["key"]: e for e in json.loads(result.stdout)}


def test_batch_add_is_one_arxiv_request(cli, online: FakeServer, library_path: Path) -> None:
    route_batch(online)
    result = cli(
        "add",
        "arXiv:2401.09876v2",
        "https://arxiv.org/abs/hep-th/9912345",
        "https://huggingface.co/papers/2402.00555",
        f"https://doi.org/{FERN_DOI}",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == 4 and report["not_found"] == [] and not report["dry_run"]
    assert "4 added, 0 updated, 0 unchanged" in result.stderr
    (arxiv_request,) = online.requests_to("/api/query")
    assert arxiv_request.query["id_list"] == ["2401.09876,hep-th/9912345,2402.00555"]
    assert len(online.requests) == 2
    entries = listed(cli).values()
    by_id = {e["arxiv_id"] or e["doi"]: e for e in entries}
    assert by_id["2402.00555"]["authors"][0] == "The PRETEND Collaboration"
    assert "Zoë Ångström" in by_id["2402.00555"]["authors"]
    assert by_id[FERN_DOI]["authors"][0] == "Hélène Marchetti"
    assert by_id["hep-th/9912345"]["title"] == "Toy Strings on a Folded Torus"
    assert all(e["status"] == "new" for e in entries)


def test_stdin_and_second_run_merges_from_cache(cli, online: FakeServer) -> None:
    route_batch(online)
    first = cli("add", "-", input="# my list\n2401.09876\n\nhep-th/9912345v3\n")
    assert first.exit_code == 0, first.stderr
    assert "2 added" in first.stderr
    again = cli("add", "2401.09876", "hep-th/9912345", "--json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["added"] == [] and len(report["unchanged"]) == 2
    assert len(online.requests) == 1  # the same batch was answered from the cache
    assert len(listed(cli)) == 2


def test_add_completes_an_imported_entry(cli, online: FakeServer) -> None:
    route_batch(online)
    bib = "@misc{mine, title = {Toy Strings on a Folded Torus}, year = {1999}}\n"
    imported = cli("import", "-", "--format", "bibtex", input=bib)
    assert imported.exit_code == 0, imported.stderr
    result = cli("add", "hep-th/9912345", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["updated"] == ["mine"]
    entry = listed(cli)["mine"]
    assert entry["arxiv_id"] == "hep-th/9912345"
    assert entry["authors"] == ["Cornelius Vane"]


def test_dry_run_writes_nothing(cli, online: FakeServer, library_path: Path) -> None:
    route_batch(online)
    result = cli("add", "2401.09876", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("would add ")
    assert "Gradient Gardening" in result.stdout
    assert "dry run: 1 added" in result.stderr
    assert not library_path.exists()


def test_unknown_ids(cli, online: FakeServer, library_path: Path) -> None:
    online.route("/api/query", Reply(200, fixture_text("arxiv-empty.xml")))
    result = cli("add", "2501.00001", "10.5555/missing")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Error: no paper found: arXiv:2501.00001 (not found on arXiv); "
        "doi:10.5555/missing (not found on Crossref); nothing was added"
    )
    assert snapshot(library_path) == {}


def test_some_unknown_are_warned(cli, online: FakeServer) -> None:
    route_batch(online)
    result = cli("add", "2401.09876", "10.5555/missing", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["not_found"] == ["doi:10.5555/missing (not found on Crossref)"]
    assert "Warning: doi:10.5555/missing (not found on Crossref)" in result.stderr


def test_bad_id_is_one_line_before_any_request(cli, online: FakeServer) -> None:
    result = cli("add", "2401.09876", "not-an-id")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'not-an-id': not an arXiv id, DOI")
    assert len(result.stderr.strip().splitlines()) == 1
    assert online.requests == []


def test_malformed_answer_changes_nothing(cli, online: FakeServer, filled_library: Path) -> None:
    before = snapshot(filled_library)
    online.route("/api/query", Reply(200, "<feed xmlns='http://www.w3.org/2005/Atom'><entry>"))
    result = cli("add", "2401.09876")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unusable answer from the arXiv API")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(filled_library) == before


def test_offline_without_cache(cli, online: FakeServer, filled_library: Path) -> None:
    before = snapshot(filled_library)
    result = cli("add", "2401.09876", "--offline")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: offline: no saved answer for ")
    assert online.requests == []
    assert snapshot(filled_library) == before
