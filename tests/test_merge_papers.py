"""``papercli merge``: duplicates folded into the first paper; nothing the user added is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from papercli.model import Entry
from papercli.ops.merge_papers import fold_into
from tests.gitlib import git, isolate_git

KEPT = """key: heron2026counting
title: Counting Herons with Optimisation
authors: []
author_count: 3
date: '2026-09-28'
date_raw: Sep 28
date_inferred: true
abstract: We count herons.
tags: [birds, To Read Soon]
status: to-read
note: my first note
added: '2026-10-01T09:00:00+00:00'
upvotes: 4
"""
FOLDED = """key: heron2025counting
title: Counting Herons with Optimization
authors: [Ada Heron, Ben Reed, Cy Moss]
date: '2025-09-27'
abstract: We count herons.
arxiv_id: '2509.04444'
tags: [BIRDS, theory]
status: read
note: a second thought
added: '2025-10-01T09:00:00+00:00'
upvotes: 9
aliases: [old-heron]
"""
OTHER_PAPER = """key: stork2025storks
title: Counting Storks
arxiv_id: '2509.05555'
"""


@pytest.fixture
def duplicates(library_path: Path, cli) -> Path:
    result = cli("import", "--help")  # creates nothing; the files below make the library
    assert result.exit_code == 0
    entries = library_path / "entries"
    entries.mkdir(parents=True)
    (library_path / "papercli.yaml").write_text("format_version: 1\n", encoding="utf-8")
    for text in (KEPT, FOLDED, OTHER_PAPER):
        key = yaml.safe_load(text)["key"]
        (entries / f"{key}.yaml").write_text(text, encoding="utf-8")
    assert cli("list").exit_code == 0
    return library_path


def _read(library: Path, key: str) -> dict:
    return yaml.safe_load((library / "entries" / f"{key}.yaml").read_text(encoding="utf-8"))


def test_fold_keeps_everything_the_user_added() -> None:
    kept = Entry.from_dict(yaml.safe_load(KEPT))
    folded = Entry.from_dict(yaml.safe_load(FOLDED))
    merged = fold_into(kept, folded)
    assert merged.key == "heron2026counting"
    assert merged.title == kept.title
    assert merged.tags == ["birds", "To Read Soon", "theory"]
    assert merged.note is not None
    assert (
        merged.note == "my first note\n----- merged from heron2025counting -----\na second thought"
    )
    assert (merged.date, merged.date_inferred) == ("2025-09-27", False)  # explicit beats a guess
    assert merged.authors == ["Ada Heron", "Ben Reed", "Cy Moss"]
    assert merged.arxiv_id == "2509.04444"
    assert merged.status == "read"
    assert merged.upvotes == 9
    assert merged.added == "2025-10-01T09:00:00+00:00"
    assert merged.aliases == ["heron2025counting", "old-heron"]
    assert kept.tags == ["birds", "To Read Soon"]  # the inputs are left alone


def test_merge_folds_writes_one_file_and_old_keys_resolve(cli, duplicates: Path) -> None:
    result = cli("merge", "heron2026counting", "heron2025counting")
    assert result.exit_code == 0, result.stderr
    assert "folded heron2025counting into heron2026counting" in result.stderr
    assert not (duplicates / "entries" / "heron2025counting.yaml").exists()
    stored = _read(duplicates, "heron2026counting")
    assert stored["aliases"] == ["heron2025counting", "old-heron"]
    for old in ("heron2025counting", "old-heron", "HERON2025COUNTING"):
        shown = cli("show", old)
        assert shown.exit_code == 0, shown.stderr
        assert "heron2026counting" in shown.stdout
    listed = json.loads(cli("list", "--json").stdout)
    assert sorted(e["key"] for e in listed) == ["heron2026counting", "stork2025storks"]


def test_dry_run_changes_nothing(cli, duplicates: Path) -> None:
    before = {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()}
    result = cli("merge", "--dry-run", "--json", "heron2026counting", "2509.04444")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["folded"] == ["heron2025counting"] and shown["dry_run"] is True
    assert shown["entry"]["status"] == "read"
    assert {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()} == before


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        (("heron2025counting", "stork2025storks"), "are two papers"),
        (("heron2026counting",), "two or more different papers"),
        (("heron2026counting", "heron2026counting"), "two or more different papers"),
        (("heron2026counting", "nosuchkey"), "no paper with key 'nosuchkey'"),
    ],
)
def test_refusals_change_nothing(cli, duplicates: Path, refs, message: str) -> None:
    before = {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()}
    result = cli("merge", *refs)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()} == before


def test_merge_is_one_git_commit(cli, tmp_path: Path, monkeypatch, library_path: Path) -> None:
    isolate_git(tmp_path, monkeypatch)
    assert cli("init", "--git").exit_code == 0
    bib = tmp_path / "two.bib"
    bib.write_text(
        "@misc{a1, title={Herons Again}, author={Heron, Ada}, year={2025}, eprint={2509.04444}}\n"
        "@misc{b2, title={Herons, Again}, author={Heron, Ada}, year={2025}, doi={10.1/h}}\n",
        encoding="utf-8",
    )
    assert cli("import", str(bib)).exit_code == 0
    commits = git(library_path, "rev-list", "--count", "HEAD").strip()
    result = cli("merge", "a1", "b2")
    assert result.exit_code == 0, result.stderr
    assert int(git(library_path, "rev-list", "--count", "HEAD")) == int(commits) + 1
    assert "merge: b2 -> a1" in git(library_path, "log", "-1", "--format=%s")
    assert git(library_path, "status", "--porcelain", "entries").strip() == ""


def test_the_folded_papers_pdf_moves_to_the_survivor(cli, duplicates: Path, tmp_path: Path) -> None:
    from tests.pdf_writer import make_pdf

    source = tmp_path / "heron.pdf"
    source.write_bytes(make_pdf(["Herons counted on page one."]))
    assert cli("attach", "heron2025counting", str(source)).exit_code == 0
    result = cli("merge", "heron2026counting", "heron2025counting")
    assert result.exit_code == 0, result.stderr
    stored = _read(duplicates, "heron2026counting")
    assert stored["pdf"] == "pdfs/heron2026counting.pdf"
    assert (duplicates / "pdfs" / "heron2026counting.pdf").read_bytes() == source.read_bytes()
    assert not (duplicates / "pdfs" / "heron2025counting.pdf").exists()
    doctor = cli("doctor", "--json")
    assert "pdf-" not in doctor.stdout, doctor.stdout


def test_papers_that_do_not_look_like_one_need_force(cli, duplicates: Path) -> None:
    before = {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()}
    result = cli("merge", "heron2026counting", "stork2025storks")
    assert result.exit_code == 1
    assert "do not look like one paper" in result.stderr and "--force" in result.stderr
    assert {p.name: p.read_bytes() for p in (duplicates / "entries").iterdir()} == before
    forced = cli("merge", "heron2026counting", "stork2025storks", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert not (duplicates / "entries" / "stork2025storks.yaml").exists()
