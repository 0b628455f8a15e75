"""PDFs fetched from a fake arXiv, attached from disk, detached, renamed with their entry."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.ops.pdfs import fetch
from papercli.sources.http import HttpClient
from papercli.store import Store
from tests.fake_http import Reply
from tests.pdf_writer import make_pdf

PDF_A = make_pdf(["Alpha paper page one", "Alpha page two"])
PDF_B = make_pdf(["Beta paper, version two", "Beta page two"])
HTML = b"<!DOCTYPE html><html><body>Access denied: please solve the captcha</body></html>"
PDF_TYPE = {"Content-Type": "application/pdf"}

PAPERS = [
    Entry(key="alpha", title="Alpha Waves", arxiv_id="2401.00001", date="2024-01-02", status="new"),
    Entry(key="beta", title="Beta Rays", arxiv_id="2401.00002v2", date="2024-01-03", status="new"),
    Entry(key="gone", title="Gone Paper", arxiv_id="2401.00003", date="2024-01-04"),
    Entry(key="banned", title="Banned Paper", arxiv_id="2401.00004", date="2024-01-05"),
    Entry(key="captcha", title="Captcha Page", arxiv_id="2401.00005", date="2024-01-06"),
    Entry(key="cut", title="Cut Short", arxiv_id="2401.00006", date="2024-01-07"),
    Entry(key="offline", title="Only In Print", doi="10.1000/xyz", date="2024-01-08"),
]


def make_library(root: Path, entries: list[Entry] = PAPERS) -> Store:
    """A library holding ``entries`` as real YAML files."""
    store = Store(root)
    with store.transaction():
        store.add([Entry(**e.to_dict()) for e in entries])
    return store


@pytest.fixture
def arxiv(online, monkeypatch: pytest.MonkeyPatch):
    """The fake server serving PDFs for some ids and errors for others."""
    online.route("/pdf/2401.00001", Reply(200, PDF_A, PDF_TYPE))
    online.route("/pdf/2401.00002v2", Reply(200, PDF_B, PDF_TYPE))
    online.route("/pdf/2401.00004", Reply(403, b"Forbidden", {"Content-Type": "text/plain"}))
    online.route("/pdf/2401.00005", Reply(200, HTML, {"Content-Type": "text/html"}))
    online.route("/pdf/2401.00006", Reply(200, PDF_A[:100], PDF_TYPE, length=len(PDF_A)))
    monkeypatch.setenv("PAPERCLI_ARXIV_PDF", online.url + "/pdf")
    return online


def leftovers(library: Path) -> list[str]:
    """Files in pdfs/ that are not a finished PDF."""
    folder = library / "pdfs"
    return (
        sorted(p.name for p in folder.iterdir() if not p.name.endswith(".pdf"))
        if folder.is_dir()
        else []
    )


def entry_json(cli, key: str) -> dict:
    return json.loads(cli("show", key, "--json").stdout)


def test_fetch_saves_good_pdfs_and_refuses_the_rest(cli, arxiv, library_path: Path) -> None:
    make_library(library_path)
    result = cli("pdf", *[p.key for p in PAPERS], "--json")
    assert result.exit_code == 1  # some papers got no PDF
    states = {o["key"]: o["state"] for o in json.loads(result.stdout)}
    assert states == {
        "alpha": "fetched",
        "beta": "fetched",
        "gone": "failed",
        "banned": "failed",
        "captcha": "failed",
        "cut": "failed",
        "offline": "skipped",
    }
    assert (library_path / "pdfs" / "alpha.pdf").read_bytes() == PDF_A
    assert (library_path / "pdfs" / "beta.pdf").read_bytes() == PDF_B
    assert sorted(p.name for p in (library_path / "pdfs").iterdir()) == ["alpha.pdf", "beta.pdf"]
    alpha = entry_json(cli, "alpha")
    assert alpha["pdf"] == "pdfs/alpha.pdf"
    assert alpha["pdf_sha256"] == hashlib.sha256(PDF_A).hexdigest()
    assert "pdf" not in entry_json(cli, "gone")
    # the version the entry names is the one asked for
    assert arxiv.requests_to("/pdf/2401.00002v2")
    lines = result.stderr.splitlines()
    assert any("offline: skipped: no arXiv id" in line for line in lines)
    assert any("captcha" in line and "HTML" in line for line in lines)
    assert any("banned" in line and "403" in line for line in lines)
    assert any("gone" in line and "404" in line for line in lines)


def test_second_run_skips_what_is_present(cli, arxiv, library_path: Path) -> None:
    make_library(library_path, PAPERS[:2])
    assert cli("pdf", "alpha", "beta").exit_code == 0
    before = len(arxiv.requests)
    again = cli("pdf", "--inbox", "--json")
    assert again.exit_code == 0, again.stderr
    assert {o["state"] for o in json.loads(again.stdout)} == {"present"}
    assert len(arxiv.requests) == before
    assert "0 fetched, 2 already present" in again.stderr


def test_cancelled_run_keeps_finished_papers_and_no_partial_file(arxiv, library_path: Path) -> None:
    store = make_library(library_path, PAPERS[:2])
    client = HttpClient(timeout=2)

    def cancel_after_first(outcome) -> None:
        raise KeyboardInterrupt

    entries = store.query()
    entries.sort(key=lambda e: e.key)
    with pytest.raises(KeyboardInterrupt):
        fetch(store, entries, client, arxiv.url + "/pdf", 0.0, cancel_after_first)
    assert sorted(p.name for p in (library_path / "pdfs").iterdir()) == ["alpha.pdf"]
    assert store.get("alpha").pdf == "pdfs/alpha.pdf"
    assert store.get("beta").pdf is None
    # resuming fetches only what is missing
    outcomes = fetch(store, store.get_many(["alpha", "beta"]), client, arxiv.url + "/pdf", 0.0)
    assert [o.state for o in outcomes] == ["present", "fetched"]
    assert len(arxiv.requests_to("/pdf/2401.00001")) == 1


def test_interrupted_write_leaves_nothing(library_path: Path) -> None:
    store = make_library(library_path, PAPERS[:1])

    def chunks():
        yield PDF_A[:50]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.pdfs.put_chunks("alpha", chunks())
    assert list((library_path / "pdfs").iterdir()) == []


def test_pdf_needs_papers(cli, library_path: Path) -> None:
    make_library(library_path, PAPERS[:1])
    result = cli("pdf")
    assert result.exit_code == 1 and result.stdout == ""
    assert "name the papers" in result.stderr


def test_attach_detach_keep_file_and_entry_together(
    cli, library_path: Path, tmp_path: Path
) -> None:
    make_library(library_path, PAPERS[:1])
    source = tmp_path / "Ünïcode paper name with spaces.pdf"
    source.write_bytes(PDF_A)
    result = cli("attach", "alpha", str(source))
    assert result.exit_code == 0, result.stderr
    assert source.exists()  # copied, not moved
    entry = entry_json(cli, "alpha")
    assert entry["pdf"] == "pdfs/alpha.pdf"
    assert entry["pdf_sha256"] == hashlib.sha256(PDF_A).hexdigest()
    assert (library_path / "pdfs" / "alpha.pdf").read_bytes() == PDF_A
    detached = cli("detach", "alpha")
    assert detached.exit_code == 0, detached.stderr
    assert not (library_path / "pdfs" / "alpha.pdf").exists()
    assert "pdf" not in entry_json(cli, "alpha")
    moved = cli("attach", "alpha", str(source), "--move")
    assert moved.exit_code == 0, moved.stderr
    assert not source.exists()
    assert (library_path / "pdfs" / "alpha.pdf").read_bytes() == PDF_A
    again = cli("detach", "alpha")
    assert again.exit_code == 0
    nothing = cli("detach", "alpha")
    assert nothing.exit_code == 1 and "has no PDF" in nothing.stderr


def test_rekey_moves_the_pdf(cli, library_path: Path, tmp_path: Path) -> None:
    make_library(
        library_path,
        [Entry(key="oldname", title="Tidal Gardens", authors=["Ada Brook"], date="2025-09-28")],
    )
    source = tmp_path / "paper.pdf"
    source.write_bytes(PDF_A)
    assert cli("attach", "oldname", str(source)).exit_code == 0
    renamed = cli("rekey", "oldname")
    assert renamed.exit_code == 0, renamed.stderr
    new = renamed.stdout.strip().split(" -> ")[1]
    entry = entry_json(cli, new)
    assert entry["pdf"] == f"pdfs/{new}.pdf"
    assert (library_path / entry["pdf"]).read_bytes() == PDF_A
    assert not (library_path / "pdfs" / "oldname.pdf").exists()
    found = cli("search", "--fulltext", "alpha", "--json")
    assert [h["key"] for h in json.loads(found.stdout)] == [new]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty (0 bytes)"),
        (b"just some text, not a PDF at all", "is not a PDF"),
        (HTML, "HTML"),
    ],
)
def test_attach_refuses_what_is_not_a_pdf(
    cli, library_path: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    make_library(library_path, PAPERS[:1])
    before = (library_path / "entries" / "alpha.yaml").read_bytes()
    source = tmp_path / "bad file é.pdf"
    source.write_bytes(content)
    result = cli("attach", "alpha", str(source), "--move")
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert source.read_bytes() == content  # nothing lost
    assert (library_path / "entries" / "alpha.yaml").read_bytes() == before
    assert not (library_path / "pdfs" / "alpha.pdf").exists()


def test_attach_missing_file(cli, library_path: Path, tmp_path: Path) -> None:
    make_library(library_path, PAPERS[:1])
    result = cli("attach", "alpha", str(tmp_path / "nowhere.pdf"))
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_encrypted_pdf_is_kept_and_reported(cli, library_path: Path, tmp_path: Path) -> None:
    make_library(library_path, PAPERS[:1])
    source = tmp_path / "locked.pdf"
    source.write_bytes(make_pdf(["secret words"], encrypted=True))
    result = cli("attach", "alpha", str(source))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "Warning" in line]
    assert len(warnings) == 1 and "encrypted" in warnings[0]
    assert (library_path / "pdfs" / "alpha.pdf").exists()
    doctor = cli("doctor", "--json")
    kinds = {p["kind"] for p in json.loads(doctor.stdout)["problems"]}
    assert "pdf-no-text" in kinds
