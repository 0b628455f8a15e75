"""PDFs and the rest of the library: doctor, stats, git, open, add --pdf."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papercli.model import Entry
from tests.fake_http import Reply
from tests.gitlib import git, isolate_git, tracked
from tests.pdf_writer import make_pdf
from tests.test_pdfs import PDF_A, PDF_B, make_library

PAPERS = [
    Entry(key="kept", title="Kept Paper", arxiv_id="2402.00001", date="2024-02-01"),
    Entry(key="lost", title="Lost Paper", date="2024-02-02"),
    Entry(key="swapped", title="Swapped Paper", date="2024-02-03"),
    Entry(key="blank", title="Blank Pages", date="2024-02-04"),
]


@pytest.fixture
def attached(cli, library_path: Path, tmp_path: Path) -> Path:
    make_library(library_path, PAPERS)
    blank = make_pdf(["", ""])
    for key, data in (("kept", PDF_A), ("lost", PDF_A), ("swapped", PDF_B), ("blank", blank)):
        source = tmp_path / f"{key}.pdf"
        source.write_bytes(data)
        result = cli("attach", key, str(source))
        assert result.exit_code == 0, result.stderr
    return library_path


def problems(cli) -> dict[str, list[str]]:
    report = cli("doctor", "--json")
    out: dict[str, list[str]] = {}
    for problem in json.loads(report.stdout)["problems"]:
        out.setdefault(problem["kind"], []).extend(problem["files"])
    return out


def test_doctor_finds_each_kind_of_pdf_mismatch(cli, attached: Path) -> None:
    found = problems(cli)
    assert found == {"pdf-no-text": ["pdfs/blank.pdf"]}  # a scanned-like PDF, nothing else
    (attached / "pdfs" / "lost.pdf").unlink()
    (attached / "pdfs" / "swapped.pdf").write_bytes(PDF_A)
    (attached / "pdfs" / "stray.pdf").write_bytes(PDF_B)
    found = problems(cli)
    assert found["pdf-missing"] == ["pdfs/lost.pdf"]
    assert found["pdf-checksum"] == ["pdfs/swapped.pdf"]
    assert found["pdf-orphan"] == ["pdfs/stray.pdf"]
    text = cli("doctor").stdout
    assert "papercli detach lost" in text


def test_stats_counts_papers_with_pdfs(cli, attached: Path) -> None:
    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["with_pdf"] == 4
    sizes = sum(p.stat().st_size for p in (attached / "pdfs").iterdir())
    assert stats["pdf_bytes"] == sizes
    assert "4 with a PDF" in cli("stats").stdout


def test_pdfs_stay_out_of_git_unless_asked(cli, tmp_path: Path, monkeypatch) -> None:
    isolate_git(tmp_path, monkeypatch)
    library = tmp_path / "gitlib"
    assert cli("init", str(library), "--git").exit_code == 0
    monkeypatch.setenv("PAPERCLI_LIBRARY", str(library))
    make_library(library, PAPERS[:1])
    source = tmp_path / "paper.pdf"
    source.write_bytes(PDF_A)
    assert cli("attach", "kept", str(source)).exit_code == 0
    git(library, "add", "-A")
    assert "pdfs/kept.pdf" not in tracked(library)
    assert "/pdfs/" in (library / ".gitignore").read_text(encoding="utf-8")
    other = tmp_path / "withpdfs"
    monkeypatch.setenv("PAPERCLI_COMMIT_PDFS", "1")
    assert cli("init", str(other), "--git").exit_code == 0
    assert "/pdfs/" not in (other / ".gitignore").read_text(encoding="utf-8")


def test_open_prefers_the_pdf(cli, attached: Path) -> None:
    result = cli("open", "kept", "--print")
    assert result.stdout.strip() == str(attached / "pdfs" / "kept.pdf")
    page = cli("open", "kept", "--print", "--page")
    assert page.stdout.strip() == "https://arxiv.org/abs/2402.00001"


def test_open_pdf_without_one_says_how_to_get_it(cli, library_path: Path) -> None:
    make_library(library_path, PAPERS[:1])
    result = cli("open", "kept", "--pdf", "--print")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no PDF in the library; try papercli pdf kept" in result.stderr


def test_open_runs_the_pdf_viewer(cli, attached: Path, tmp_path: Path, monkeypatch) -> None:
    record = tmp_path / "viewed.txt"
    viewer = tmp_path / "fake viewer"
    viewer.write_text(
        f"#!{sys.executable}\nimport sys, pathlib\n"
        f"pathlib.Path({str(record)!r}).write_text(repr(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    viewer.chmod(0o755)
    monkeypatch.setenv("PAPERCLI_PDF_VIEWER", f"'{viewer}'")
    result = cli("open", "kept")
    assert result.exit_code == 0, result.stderr
    deadline = time.monotonic() + 20
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text(encoding="utf-8") == repr([str(attached / "pdfs" / "kept.pdf")])


def read_only(folders: list[Path]) -> list[list[str]]:
    """Commands making ``folders`` unwritable even for root (chattr +i), and undoing it;
    plain permissions for anyone else."""
    if os.geteuid() != 0:
        return [["chmod", "555", *map(str, folders)], ["chmod", "755", *map(str, folders)]]
    return [["chattr", "+i", *map(str, folders)], ["chattr", "-i", *map(str, folders)]]


@pytest.mark.parametrize("command", ["attach", "detach", "pdf"])
def test_read_only_library_refuses_in_one_line(
    cli, library_path: Path, tmp_path: Path, command: str, online, monkeypatch
) -> None:
    make_library(library_path, PAPERS[:1])
    source = tmp_path / "paper é.pdf"
    source.write_bytes(PDF_A)
    if command == "detach":
        assert cli("attach", "kept", str(source)).exit_code == 0
    online.route("/pdf/2402.00001", Reply(200, PDF_A, {"Content-Type": "application/pdf"}))
    monkeypatch.setenv("PAPERCLI_ARXIV_PDF", online.url + "/pdf")
    (library_path / "pdfs").mkdir(exist_ok=True)
    folders = [library_path / "pdfs", library_path / "entries"]
    before = {p: p.read_bytes() for f in folders for p in f.iterdir()}
    lock, unlock = read_only(folders)
    subprocess.run(lock, check=True)
    try:
        args = {"attach": [str(source)], "detach": [], "pdf": []}[command]
        result = cli(command, "kept", *args)
    finally:
        subprocess.run(unlock, check=True)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if "Error" in line or "Warning" in line]
    assert len(errors) == 1 and "cannot" in errors[0] and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for f in folders for p in f.iterdir()} == before
    assert source.read_bytes() == PDF_A


def test_add_pdf_fetches_the_new_papers_pdfs(cli, online, library_path: Path, monkeypatch) -> None:
    from tests.fake_http import fixture_text

    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    online.route("/pdf/2401.09876", Reply(200, PDF_A, {"Content-Type": "application/pdf"}))
    monkeypatch.setenv("PAPERCLI_ARXIV_PDF", online.url + "/pdf")
    result = cli("add", "arXiv:2401.09876v2", "--json")
    assert result.exit_code == 0, result.stderr
    assert not (library_path / "pdfs").exists()  # not asked for
    monkeypatch.setenv("PAPERCLI_PDF_ON_ADD", "1")  # the setting makes it the default
    again = cli("add", "arXiv:2401.09876v2", "--json")
    assert again.exit_code == 0, again.stderr
    files = list((library_path / "pdfs").iterdir())
    assert [f.read_bytes() for f in files] == [PDF_A]


def test_o_in_triage_opens_the_pdf(
    cli, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_triage import PAPERS as TRIAGE_PAPERS
    from tests.test_triage import run

    store = make_library(library_path, TRIAGE_PAPERS)
    source = tmp_path / "grok.pdf"
    source.write_bytes(PDF_A)
    assert cli("attach", "grokking2024", str(source)).exit_code == 0
    viewed: list[tuple[str, str | None]] = []
    browsed: list[str] = []
    monkeypatch.setattr("papercli.ops.pdfs.open_pdf", lambda p, v: viewed.append((p, v)))
    monkeypatch.setattr("webbrowser.open", lambda url: browsed.append(url) or True)
    monkeypatch.delenv("PAPERCLI_PDF_VIEWER", raising=False)

    async def script(app, pilot) -> None:
        await pilot.press("o")
        assert viewed == [(str(library_path / "pdfs" / "grokking2024.pdf"), None)]
        assert browsed == []
        await pilot.press("q")

    run(store, script)


def test_a_yaml_export_imported_elsewhere_claims_no_pdf(
    cli, attached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = cli("export", "-f", "yaml", "kept")
    assert "pdf: pdfs/kept.pdf" in exported.stdout  # the export keeps every field
    path = tmp_path / "kept.yaml"
    path.write_text(exported.stdout, encoding="utf-8")
    monkeypatch.setenv("PAPERCLI_LIBRARY", str(tmp_path / "elsewhere"))
    assert cli("import", str(path)).exit_code == 0
    assert "pdf" not in json.loads(cli("show", "kept", "--json").stdout)


def test_sync_never_deletes_a_pdf(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_git_sync import team as make_team  # the two-clone fixture's recipe

    alice, bob = make_team.__wrapped__(tmp_path, cli, monkeypatch)
    key = json.loads(alice.run("list", "--json").stdout)[0]["key"]
    source = tmp_path / "paper.pdf"
    source.write_bytes(PDF_A)
    alice.run("attach", key, str(source))
    alice.run("sync")
    assert "pdfs/" not in " ".join(tracked(alice.root))
    bob.run("rm", key, "--yes")
    bob.run("sync")
    alice.run("sync")  # removed there, changed (attached) here: the entry is kept
    assert (alice.root / "pdfs" / f"{key}.pdf").read_bytes() == PDF_A
    assert json.loads(alice.run("show", key, "--json").stdout)["pdf"] == f"pdfs/{key}.pdf"
    bob.run("sync")
    assert not (bob.root / "pdfs").exists()  # the file never travelled through git
    alice.run("rm", key, "--yes")
    alice.run("sync")
    assert (alice.root / "pdfs" / f"{key}.pdf").read_bytes() == PDF_A  # rm keeps the file
