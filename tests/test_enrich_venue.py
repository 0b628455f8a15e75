"""``papercli enrich --venue`` end to end against a local fake Semantic Scholar and DBLP.

The library holds made-up preprints: one published at NeurIPS (Semantic Scholar links it to
its DBLP record), one in a journal that also carries an arXiv id (Semantic Scholar links it
to the CoRR record; DBLP has the journal's), one only on arXiv (S2 "ArXiv"/"arXiv.org", DBLP
CoRR), one Semantic Scholar does not know (a bare ``null`` in the batch) that DBLP finds at
ICLR (an author given as a single object), a CoRL paper known by its DOI that DBLP does not
have, and one without ids whose only match is a near miss.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import snapshot
from tests.fake_http import FakeServer, Reply, Seen, fixture_text

LIBRARY = r"""@misc{moss, title = {Sparse Moss Networks for Imaginary Vision},
  author = {Mossgrave, Ingrid and Ferncliff, Tomas}, eprint = {2312.01111v2},
  archivePrefix = {arXiv}, year = {2023}}
@misc{lichen, title = {Lichen growth curves from tiny transformers},
  author = {Anneli Rockwell and Bo Stone}, eprint = {2305.02222}, year = {2023}}
@misc{bracken, title = {Bracken: A Benchmark of Imaginary Undergrowth},
  author = {Cora Thicket}, eprint = {2401.03333}, year = {2024}}
@misc{quiet, title = {Quiet Ferns Learn Slowly}, author = {Odile Quillon},
  eprint = {2409.04444}, year = {2024}}
@inproceedings{heath, title = {Heath Walking Robots That Never Fall},
  author = {Ivo Heatherby}, doi = {10.5555/fake.heath.2022}, year = {2022}}
@misc{reed, title = {Reed Grammars for Marsh Agents}, author = {Pim Reedman}, year = {2024}}
@inproceedings{done, title = {An Already Published Paper}, author = {Ulla Done},
  booktitle = {International Conference on Machine Learning}, year = {2022}}
"""
BATCH = "/s2/paper/batch"
MATCH = "/s2/paper/search/match"
DBLP = "/dblp/search/publ/api"
NEURIPS = "Advances in Neural Information Processing Systems"


def s2_batch(seen: Seen) -> Reply:
    """Semantic Scholar's batch: a list aligned with the ids posted, null for unknown ones."""
    papers = json.loads(fixture_text("s2-papers.json"))
    ids = json.loads(seen.body)["ids"]
    return Reply(200, json.dumps([papers.get(i) for i in ids]))


def s2_match(seen: Seen) -> Reply:
    if seen.query["query"][0].startswith("Reed Grammars"):
        return Reply(200, fixture_text("s2-match-reed.json"))
    return Reply(404, '{"error":"Title match not found"}')


def dblp(seen: Seen) -> Reply:
    first = seen.query["q"][0].split()[0]
    names = {"sparse": "moss", "bracken": "bracken", "quiet": "quiet", "lichen": "lichen"}
    name = names.get(first, "empty")
    return Reply(200, fixture_text(f"dblp-{name}.json"))


@pytest.fixture
def venue_server(online: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    monkeypatch.setenv("PAPERCLI_S2_API", online.url + "/s2")
    monkeypatch.setenv("PAPERCLI_DBLP_API", online.url + DBLP)
    monkeypatch.setenv("PAPERCLI_VENUE_DELAY", "0")
    monkeypatch.delenv("PAPERCLI_S2_KEY", raising=False)
    online.handle(BATCH, s2_batch)
    online.handle(MATCH, s2_match)
    online.handle(DBLP, dblp)
    return online


@pytest.fixture
def preprints(cli, library_path: Path) -> Path:
    result = cli("import", "-", "--format", "bibtex", input=LIBRARY)
    assert result.exit_code == 0, result.stderr
    return library_path


def on_disk(library: Path, key: str) -> dict:
    return yaml.safe_load((library / "entries" / f"{key}.yaml").read_text(encoding="utf-8"))


def test_published_versions_are_cited(cli, venue_server: FakeServer, preprints: Path) -> None:
    before = {k: on_disk(preprints, k) for k in ("bracken", "reed", "done")}
    result = cli("enrich", "--venue", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    outcomes = {o["key"]: o for o in report["entries"]}
    assert set(outcomes) == {"bracken", "heath", "lichen", "moss", "quiet", "reed"}  # no "done"
    statuses = {k: o["status"] for k, o in outcomes.items()}
    assert statuses == {
        "moss": "filled",
        "lichen": "filled",
        "heath": "filled",
        "quiet": "filled",
        "bracken": "not found",
        "reed": "ambiguous",
    }
    assert "only the arXiv preprint" in outcomes["bracken"]["reason"]
    assert "Wilma Cattail" in outcomes["reed"]["reason"]
    assert "nothing applied" in outcomes["reed"]["reason"]
    assert outcomes["moss"]["found"] == "dblp:conf/nips/MossgraveF24"

    moss = on_disk(preprints, "moss")
    assert moss["type"] == "inproceedings" and moss["booktitle"] == NEURIPS
    assert moss["date"] == "2024"  # the venue's year, not the preprint's 2023
    assert (moss["volume"], moss["pages"]) == ("37", "1201--1213")
    assert moss["arxiv_id"] == "2312.01111" and moss["title"].startswith("Sparse Moss")
    assert moss.get("journal") is None and moss.get("doi") is None

    lichen = on_disk(preprints, "lichen")
    assert lichen["type"] == "article" and lichen["journal"] == "Nature Machine Intelligence"
    assert (lichen["volume"], lichen["number"], lichen["pages"]) == ("6", "2", "88--97")
    assert lichen["doi"] == "10.5555/fake.natmi.2024.7" and lichen["arxiv_id"] == "2305.02222"
    assert outcomes["lichen"]["found"] == "dblp:journals/natmi/RockwellS24"

    heath = on_disk(preprints, "heath")  # DBLP has no record: Semantic Scholar's details
    assert heath["type"] == "inproceedings" and heath["booktitle"] == "Conference on Robot Learning"
    assert (heath["pages"], heath["date"]) == ("44--52", "2022")
    assert heath["doi"] == "10.5555/fake.heath.2022"
    assert lichen["date"] == "2024"
    assert lichen["title"] == "Lichen growth curves from tiny transformers"  # the user's title

    quiet = on_disk(preprints, "quiet")
    assert quiet["type"] == "inproceedings"
    assert quiet["booktitle"] == "International Conference on Learning Representations"
    assert quiet["date"] == "2025"

    for key, data in before.items():
        assert on_disk(preprints, key) == data, key  # near misses and arXiv-only: untouched

    (batch,) = venue_server.requests_to(BATCH)
    assert batch.method == "POST"
    assert json.loads(batch.body)["ids"] == [
        "ARXIV:2401.03333",
        "DOI:10.5555/fake.heath.2022",
        "ARXIV:2305.02222",
        "ARXIV:2312.01111",
        "ARXIV:2409.04444",
    ]
    assert "externalIds" in batch.query["fields"][0]
    assert "x-api-key" not in {h.lower() for h in batch.headers}
    assert len(venue_server.requests_to(MATCH)) == 2  # quiet (unknown to S2) and reed
    assert len(venue_server.requests_to(DBLP)) == 6  # one per paper
    assert "4 filled, 1 ambiguous, 1 not found, 0 unchanged; 9 requests" in result.stderr


def test_bibtex_export_shows_the_venue(cli, venue_server: FakeServer, preprints: Path) -> None:
    assert cli("enrich", "--venue").exit_code == 0
    result = cli("export", "moss", "lichen", "--bibtex")
    assert result.exit_code == 0, result.stderr
    assert "@inproceedings{moss," in result.stdout and "@article{lichen," in result.stdout
    assert "eprint = {2312.01111}" in result.stdout  # the arXiv id stays


def test_second_run_asks_only_about_new_papers(
    cli, venue_server: FakeServer, preprints: Path
) -> None:
    assert cli("enrich", "--venue").exit_code == 0
    sent = len(venue_server.requests)
    again = cli("enrich", "--venue", "--json")  # bracken and reed are left: all answered
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert [o["key"] for o in report["entries"]] == ["bracken", "reed"]
    assert report["requests"] == 0 and len(venue_server.requests) == sent
    fen = "@misc{fen, title = {Fen Water Tables as Graphs}, eprint = {2410.05555}}\n"
    assert cli("import", "-", "--format", "bibtex", input=fen).exit_code == 0
    third = cli("enrich", "--venue", "--all", "--json")  # a different batch
    assert third.exit_code == 0, third.stderr
    batches = venue_server.requests_to(BATCH)
    assert len(batches) == 2
    assert json.loads(batches[1].body) == {"ids": ["ARXIV:2410.05555"]}
    statuses = {o["key"]: o["status"] for o in json.loads(third.stdout)["entries"]}
    assert statuses["moss"] == "unchanged" and statuses["done"] == "unchanged"
    assert statuses["fen"] == "not found"
    offline = cli("enrich", "--venue", "--all", "--offline", "--json")
    assert offline.exit_code == 0, offline.stderr
    assert json.loads(offline.stdout)["requests"] == 0


def test_dry_run_changes_nothing(cli, venue_server: FakeServer, preprints: Path) -> None:
    before = snapshot(preprints)
    result = cli("enrich", "--venue", "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    moss = next(o for o in report["entries"] if o["key"] == "moss")
    assert moss["status"] == "filled" and "booktitle" in moss["filled"]
    assert snapshot(preprints) == before
    assert result.stderr.startswith("dry run: 4 filled")


def test_human_report(cli, venue_server: FakeServer, preprints: Path) -> None:
    result = cli("enrich", "--venue", "moss", "bracken")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("moss\tfilled\tfilled type, booktitle, date, volume, pages (")
    assert "NeurIPS 2024" in lines[0]
    assert lines[1].startswith("bracken\tnot found\t")


def test_api_key_is_sent(
    cli, venue_server: FakeServer, preprints: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERCLI_S2_KEY", "made-up-key")
    assert cli("enrich", "--venue", "moss", "reed").exit_code == 0
    asked = venue_server.requests_to(BATCH) + venue_server.requests_to(MATCH)
    assert len(asked) == 2
    for seen in asked:
        assert {k.lower(): v for k, v in seen.headers.items()}["x-api-key"] == "made-up-key"
    for seen in venue_server.requests_to(DBLP):  # the key is Semantic Scholar's alone
        assert "x-api-key" not in {k.lower() for k in seen.headers}
    config = json.loads(cli("config", "--json").stdout)["settings"]
    assert "made-up-key" not in json.dumps(config)  # a secret is never printed
    assert config["s2_api"]["source"] == "$PAPERCLI_S2_API"


def test_429_retry_after_is_honoured(cli, venue_server: FakeServer, preprints: Path) -> None:
    answers = iter([Reply(429, '{"message": "Too Many Requests"}', {"Retry-After": "0"})])
    venue_server.handle(BATCH, lambda seen: next(answers, None) or s2_batch(seen))
    result = cli("enrich", "--venue", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(venue_server.requests_to(BATCH)) == 2
    assert on_disk(preprints, "moss")["booktitle"] == NEURIPS


def assert_failed_cleanly(result, library: Path, before: dict, text: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ") and text in result.stderr, result.stderr
    assert snapshot(library) == before


def test_malformed_json_changes_nothing(cli, venue_server: FakeServer, preprints: Path) -> None:
    before = snapshot(preprints)
    venue_server.handle(BATCH, lambda seen: Reply(200, '[{"paperId": "x", "title": '))
    result = cli("enrich", "--venue")
    assert_failed_cleanly(result, preprints, before, "/s2/paper/batch answered with malformed JSON")


def test_batch_of_the_wrong_length_changes_nothing(
    cli, venue_server: FakeServer, preprints: Path
) -> None:
    before = snapshot(preprints)
    venue_server.handle(BATCH, lambda seen: Reply(200, "[null]"))
    result = cli("enrich", "--venue")
    assert_failed_cleanly(result, preprints, before, "is not a list of 5 papers")


def test_malformed_dblp_changes_nothing(cli, venue_server: FakeServer, preprints: Path) -> None:
    before = snapshot(preprints)
    venue_server.handle(DBLP, lambda seen: Reply(200, '{"result": {"status": {}}}'))
    result = cli("enrich", "--venue")
    assert_failed_cleanly(result, preprints, before, "DBLP's answer for")


def test_offline_without_cache(cli, venue_server: FakeServer, preprints: Path) -> None:
    before = snapshot(preprints)
    result = cli("enrich", "--venue", "--offline")
    assert_failed_cleanly(result, preprints, before, "offline: no saved answer for")
    assert venue_server.requests == []


def test_venue_doi_held_by_another_entry_is_skipped(
    cli, venue_server: FakeServer, preprints: Path
) -> None:
    held = "@article{natmi, title = {Lichen Growth Curves}, doi = {10.5555/FAKE.natmi.2024.7}}\n"
    assert cli("import", "-", "--format", "bibtex", input=held).exit_code == 0
    result = cli("enrich", "--venue", "lichen", "--json")
    assert result.exit_code == 0, result.stderr
    (outcome,) = json.loads(result.stdout)["entries"]
    assert outcome["status"] == "skipped"
    assert "is already 'natmi'; 'papercli merge natmi lichen' folds them" in outcome["reason"]
    assert on_disk(preprints, "lichen").get("journal") is None


def test_nothing_to_do(cli, venue_server: FakeServer, preprints: Path) -> None:
    result = cli("enrich", "--venue", "--tag", "nope")
    assert result.exit_code == 0
    assert "nothing to enrich: every paper chosen names a venue" in result.stderr
    assert venue_server.requests == []


def test_enriched_bibtex_typesets_with_plainnat(
    cli, venue_server: FakeServer, preprints: Path, tmp_path: Path
) -> None:
    from tests.tools import run_tool

    assert cli("enrich", "--venue").exit_code == 0
    bib = cli("export", "moss", "lichen", "quiet", "--bibtex")
    assert bib.exit_code == 0, bib.stderr
    folder = tmp_path / "tex"
    folder.mkdir()
    (folder / "refs.bib").write_text(bib.stdout, encoding="utf-8")
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{natbib}\n\\usepackage{url}\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    runs = [run_tool(latex, folder, encoding="latin-1"), run_tool(["bibtex", "doc"], folder)]
    runs += [run_tool(latex, folder, encoding="latin-1") for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, f"{done.args}: {done.stdout[-3000:]}"
    assert "Warning--" not in runs[1].stdout, runs[1].stdout
    text = " ".join(run_tool(["pdftotext", "doc.pdf", "-"], folder).stdout.split())
    assert "In Advances in Neural Information Processing Systems" in text
    assert "Nature Machine Intelligence, 6(2):88–97, 2024" in text
    assert "International Conference on Learning Representations, 2025" in text


def test_refresh_asks_again(cli, venue_server: FakeServer, preprints: Path) -> None:
    assert cli("enrich", "--venue", "bracken").exit_code == 0
    sent = len(venue_server.requests)
    assert cli("enrich", "--venue", "bracken").exit_code == 0
    assert len(venue_server.requests) == sent  # saved answers
    result = cli("enrich", "--venue", "bracken", "--refresh", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["requests"] == 2  # Semantic Scholar and DBLP again
    both = cli("enrich", "--venue", "--refresh", "--offline")
    assert both.exit_code == 1 and both.stdout == ""
    assert both.stderr == (
        "Error: --refresh asks the sources again; it cannot be used with --offline\n"
    )


def test_dblp_at_another_venue_leaves_semantic_scholars_details(
    cli, venue_server: FakeServer, preprints: Path
) -> None:
    other = fixture_text("dblp-lichen.json").replace(
        '"Nat. Mac. Intell."', '"J. Mach. Learn. Res."'
    )
    venue_server.handle(DBLP, lambda seen: Reply(200, other))
    result = cli("enrich", "--venue", "lichen", "--json")
    assert result.exit_code == 0, result.stderr
    (outcome,) = json.loads(result.stdout)["entries"]
    assert outcome["found"] == "S2:5a1e0c0ffee0000000000000000000000000a002"
    lichen = on_disk(preprints, "lichen")
    assert lichen["journal"] == "Nature Machine Intelligence" and lichen.get("number") is None
