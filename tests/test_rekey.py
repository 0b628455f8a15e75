"""Keys never change silently: doctor reports stale key years, rekey renames on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.ops.rekeying import key_year, stale_keys

DIGEST = """Daily Papers

Tidal Gardens of the Inner Moon

We study made-up tides on an invented moon and find they are pleasant.

  • 3 authors
·
Sep 28
"""
EMAIL = """From: no-reply@arxiv.org
Date: Sun, 28 Sep 2025 20:00:00 -0400
Subject: cs daily Subj-class mailing 1

------------------------------------------------------------------------------
\\\\
arXiv:2509.01234
Date: Sun, 28 Sep 2025 12:00:00 GMT   (10kb)

Title: Tidal Gardens of the Inner Moon
Authors: Ada Brook, Ben Reed, Cy Moss
Categories: physics.flu-dyn
\\\\
  We study made-up tides on an invented moon and find they are pleasant.
\\\\ ( https://arxiv.org/abs/2509.01234 ,  10kb)
------------------------------------------------------------------------------
"""


def test_key_year() -> None:
    assert key_year("vaswani2017attention") == 2017
    assert key_year("He:2016") == 2016
    assert key_year("nothing") is None
    assert key_year("a2019b2020") is None  # two years: cannot tell


def test_stale_keys() -> None:
    fresh = Entry(key="moss2025tidal", title="T", date="2025-09-28")
    stale = Entry(key="moss2026tidal", title="T", date="2025-09-28")
    assert stale_keys([fresh, stale]) == [stale]


@pytest.fixture
def guessed(cli, tmp_path: Path) -> str:
    """A paper whose year was guessed (2026) and then learnt (2025) from an arXiv e-mail."""
    digest = tmp_path / "digest.txt"
    digest.write_text(DIGEST, encoding="utf-8")
    assert cli("import", str(digest), "--as-of", "2026-11-30").exit_code == 0
    (paper,) = json.loads(cli("list", "--json").stdout)
    assert paper["date"] == "2026-09-28" and paper["date_inferred"] is True
    email = tmp_path / "listing.txt"
    email.write_text(EMAIL, encoding="utf-8")
    result = cli("import", str(email), "--format", "arxiv-email")
    assert result.exit_code == 0, result.stderr
    (paper,) = json.loads(cli("list", "--json").stdout)
    assert paper["date"] == "2025-09-28" and paper["date_inferred"] is False
    return paper["key"]


def test_doctor_reports_and_rekey_renames(cli, guessed: str, library_path: Path) -> None:
    assert "2026" in guessed
    report = cli("doctor", "--json")
    kinds = [p["kind"] for p in json.loads(report.stdout)["problems"]]
    assert "key-year" in kinds
    renamed = cli("rekey", guessed)
    assert renamed.exit_code == 0, renamed.stderr
    old, new = renamed.stdout.strip().split(" -> ")
    assert old == guessed and "2025" in new
    assert not (library_path / "entries" / f"{guessed}.yaml").exists()
    assert json.loads(cli("show", new, "--json").stdout)["date"] == "2025-09-28"
    assert "key-year" not in cli("doctor").stdout


def test_rekey_all_touches_only_stale_keys(cli, guessed: str, filled_library: Path) -> None:
    before = {e["key"] for e in json.loads(cli("list", "--json").stdout)}
    result = cli("rekey", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert [p["old"] for p in pairs] == [guessed]
    after = {e["key"] for e in json.loads(cli("list", "--json").stdout)}
    assert after == (before - {guessed}) | {pairs[0]["new"]}


def test_rekey_needs_keys_or_all(cli, guessed: str) -> None:
    result = cli("rekey")
    assert result.exit_code == 1 and "--all" in result.stderr
