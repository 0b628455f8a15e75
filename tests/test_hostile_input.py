"""Hostile digests and hostile surroundings: correct entries, or one clear error and no change."""

from __future__ import annotations

import codecs
import errno
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from tests.conftest import snapshot

ABSTRACT = "We study a hostile input and show that the importer survives it without losing a paper."


def paper(title: str, abstract: str = ABSTRACT, date: str = "Oct 2, 2023") -> str:
    return f"{title}\n\n{abstract}\n\n  • 3 authors\n·\n{date}\n\n"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def stored(library: Path) -> dict[str, dict]:
    """Every entry file's data, by key."""
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((library / "entries").glob("*.yaml"))
    }


def comparable(library: Path) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "added"} for e in stored(library).values()]


def assert_one_error(result, *fragments: str) -> None:
    assert result.exit_code != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def seeded(cli, library_path: Path, tmp_path: Path) -> Path:
    """A library with one paper, so 'unchanged' means something."""
    result = cli("import", str(write(tmp_path, "seed.txt", paper("Seed Paper On Kernels"))))
    assert result.exit_code == 0, result.stderr
    return library_path


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "is empty"),
        (b"  \n\t\n   \r\n", "no papers found"),
        (b"Daily Papers\n\nby AK and the research community\n\nSubscribe\n", "no papers found"),
        ("caf\xe9 au lait\n\n".encode("latin-1") * 20, "iconv"),
        (b"Title\x00\n\nabstract\x00\x00 text\n", "binary"),
    ],
    ids=["empty", "whitespace", "header-only", "latin-1", "nul-at-start"],
)
def test_unusable_digests_give_one_error_and_change_nothing(
    cli, seeded: Path, tmp_path: Path, data: bytes, fragment: str
) -> None:
    before = snapshot(seeded)
    result = cli("import", str(write(tmp_path, "bad.txt", data)))
    assert_one_error(result, fragment, "bad.txt")
    assert result.exit_code == 1
    assert snapshot(seeded) == before


def test_single_ten_megabyte_line_is_refused_cleanly(cli, seeded: Path, tmp_path: Path) -> None:
    before = snapshot(seeded)
    line = ("lorem ipsum 12 " * 700_000)[: 10 * 2**20]
    result = cli("import", str(write(tmp_path, "line.txt", line)))
    assert_one_error(result, "no papers found")
    assert snapshot(seeded) == before


def test_fifty_megabyte_digest_imports_every_paper(cli, library_path: Path, tmp_path: Path) -> None:
    body = ("Long abstract sentence about a model trained at scale. " * 1850).strip()
    count = 500
    text = "".join(paper(f"Scaling Study Number {i}", body) for i in range(count))
    assert len(text.encode()) > 50 * 10**6
    result = cli("import", str(write(tmp_path, "big.txt", text)))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"{count} added, 0 updated, 0 unchanged"
    listed = json.loads(cli("list", "--json").stdout)
    assert len(listed) == count
    assert {e["abstract"] for e in listed} == {body}


def test_nul_and_control_characters_are_removed(cli, library_path: Path, tmp_path: Path) -> None:
    # A NUL after the binary sniffing window, plus C0/C1 controls and a terminal escape.
    text = paper("Plain First Paper") + " " * 9000 + "\n\n"
    text += paper("Con\x00trol\x1b[31m Cha\x07rac\x7fters\x85 Here", "Abs\x00tract \x01" + ABSTRACT)
    result = cli("import", str(write(tmp_path, "ctrl.txt", text)))
    assert result.exit_code == 0, result.stderr
    titles = {e["title"]: e for e in stored(library_path).values()}
    assert set(titles) == {"Plain First Paper", "Control[31m Characters Here"}
    assert titles["Control[31m Characters Here"]["abstract"] == "Abstract " + ABSTRACT


def test_title_of_only_control_characters_is_skipped_with_a_warning(
    cli, library_path: Path, tmp_path: Path
) -> None:
    text = paper("Good Paper Title") + paper("\x01\x02\x03")
    result = cli("import", str(write(tmp_path, "ctrl.txt", text)))
    assert result.exit_code == 0, result.stderr
    assert "only control characters" in result.stderr
    assert [e["title"] for e in stored(library_path).values()] == ["Good Paper Title"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
    ids=["utf8-bom", "crlf", "cr", "utf16-le", "utf16-be"],
)
def test_encodings_and_line_endings_parse_like_plain_utf8(
    cli, library_path: Path, tmp_path: Path, encode
) -> None:
    text = paper("Ødegård Kernels for Matérn Fields") + paper("Second Paper: Plain ASCII")
    assert cli("import", str(write(tmp_path, "plain.txt", text))).exit_code == 0
    expected = comparable(library_path)
    for path in (library_path / "entries").iterdir():
        path.unlink()
    result = cli("import", str(write(tmp_path, "odd.txt", encode(text))))
    assert result.exit_code == 0, result.stderr
    assert comparable(library_path) == expected
    assert [e["title"] for e in expected] == [
        "Ødegård Kernels for Matérn Fields",
        "Second Paper: Plain ASCII",
    ]


def test_title_of_five_thousand_characters_is_refused(
    cli, library_path: Path, tmp_path: Path
) -> None:
    # No paper has a 5,000-character title: the digest is refused whole, nothing written.
    title = " ".join(f"word{i % 97}" for i in range(900))[:5000].strip()
    assert len(title) >= 4990
    before = snapshot(library_path)
    result = cli("import", str(write(tmp_path, "long.txt", paper(title))))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "longer than 400 characters" in result.stderr
    assert snapshot(library_path) == before


def test_title_of_four_hundred_characters_gets_a_short_key(
    cli, library_path: Path, tmp_path: Path
) -> None:
    title = " ".join(f"word{i % 97}" for i in range(90))[:400].strip()
    result = cli("import", str(write(tmp_path, "long.txt", paper(title))))
    assert result.exit_code == 0, result.stderr
    (entry,) = stored(library_path).values()
    assert entry["title"] == title
    assert entry["abstract"] == ABSTRACT
    assert len(entry["key"]) <= 120


def test_path_like_and_keyless_titles_stay_inside_the_library(
    cli, library_path: Path, tmp_path: Path
) -> None:
    titles = ["../../etc/passwd", "/root/.ssh/id_rsa", "!!! Ωμέγα ?", "深度学习的研究", "..\\..\\x"]
    result = cli("import", str(write(tmp_path, "paths.txt", "".join(paper(t) for t in titles))))
    assert result.exit_code == 0, result.stderr
    entries = stored(library_path)
    assert sorted(e["title"] for e in entries.values()) == sorted(titles)
    for key in entries:
        assert key.isascii() and key.isalnum()
    assert {"paper2023", "paper2023a"} <= set(entries)
    files = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    outside = {f for f in files if f.parts[0] not in ("library", "paths.txt")}
    assert outside == set()


def test_same_paper_twice_in_one_digest(cli, library_path: Path, tmp_path: Path) -> None:
    text = paper("Twice Told Tales of Attention") + paper("Twice told tales of attention!")
    result = cli("import", str(write(tmp_path, "twice.txt", text)))
    assert result.exit_code == 0
    assert result.stderr.strip() == "1 added, 0 updated, 0 unchanged, 1 duplicates merged"
    assert len(stored(library_path)) == 1


def test_nfc_and_nfd_titles_are_one_paper_stored_as_nfc(
    cli, library_path: Path, tmp_path: Path
) -> None:
    title = "Matérn Processes on Ångström Scales"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    result = cli("import", str(write(tmp_path, "d.txt", paper(nfd) + paper(title))))
    assert result.exit_code == 0
    assert "1 added" in result.stderr
    (entry,) = stored(library_path).values()
    assert entry["title"] == unicodedata.normalize("NFC", title)


def test_directory_given_as_digest(cli, seeded: Path, tmp_path: Path) -> None:
    before = snapshot(seeded)
    folder = tmp_path / "folder"
    folder.mkdir()
    result = cli("import", str(folder))
    assert_one_error(result, "is a folder")
    assert snapshot(seeded) == before


def test_fifo_given_as_digest_does_not_hang(seeded: Path, tmp_path: Path) -> None:
    before = snapshot(seeded)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "papercli", "import", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"Error: {fifo} is not a regular file; pipe it with '-' instead"
    ]
    assert snapshot(seeded) == before


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` read-only: permission bits, plus EROFS for writes (root ignores bits)."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    real_open, real_mkdir = os.open, os.mkdir
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def refuse(path: object) -> None:
        if Path(os.fspath(path)).resolve().is_relative_to(folder.resolve()):  # type: ignore[arg-type]
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def fake_open(path, flags, *args, **kwargs):
        if flags & writing:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        refuse(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


def _restore_write(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)


def test_read_only_library_gives_one_error_and_writes_nothing(
    cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = write(tmp_path, "new.txt", paper("A Brand New Paper") + paper("Another New Paper"))
    before = snapshot(seeded)
    _read_only(monkeypatch, seeded)
    try:
        result = cli("import", str(digest))
        assert_one_error(result, "lock", "read-only")
        assert result.exit_code == 2
        assert snapshot(seeded) == before
    finally:
        monkeypatch.undo()
        _restore_write(seeded)


def test_read_only_entries_folder_gives_one_error_and_writes_nothing(
    cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = write(tmp_path, "new.txt", paper("A Brand New Paper"))
    before = snapshot(seeded)
    _read_only(monkeypatch, seeded / "entries")
    try:
        result = cli("import", str(digest))
        assert_one_error(result, "cannot write", "entries")
        assert result.exit_code == 2
        assert snapshot(seeded) == before
        assert [p.name for p in (seeded / "entries").iterdir()] == ["seed2023paper.yaml"]
    finally:
        monkeypatch.undo()
        _restore_write(seeded)
