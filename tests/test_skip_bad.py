"""A few bad records refuse a digest, listing each; ``--skip-bad`` imports the others.
A capture whose layout is unreadable but which names paper ids offers ``papercli add``."""

from __future__ import annotations

import json
from pathlib import Path

AS_OF = ("--as-of", "2026-06-01")


def _paper(n: int, title: str) -> str:
    url = f"https://huggingface.co/papers/2601.0000{n}"
    abstract = f"An abstract for made-up paper number {n}, long enough to read as one for sure."
    return f"### [{title}]({url})\n\n[{abstract}]({url})\n\n- {n + 2} authors\n\n·\n\nJan {n}\n\n"


def _digest(tmp_path: Path) -> Path:
    titles = ["Ducks on Ponds", "Copyright 2026 Made-Up Lab", "Geese in Rows", "Swans at Dusk"]
    titles.append("Copyright 2026 Another Lab")
    path = tmp_path / "capture.md"
    path.write_text("".join(_paper(n, t) for n, t in enumerate(titles, 1)), encoding="utf-8")
    return path


def test_refusal_lists_every_bad_record_with_its_line(cli, tmp_path: Path) -> None:
    result = cli("import", str(_digest(tmp_path)), *AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message
    assert "2 of 5 records" in message
    assert "record 2 (line 11) 'Copyright 2026 Made-Up Lab'" in message
    assert "record 5 (line 41) 'Copyright 2026 Another Lab'" in message
    assert "page furniture" in message and "--skip-bad" in message
    assert cli("list", "--json").stdout.strip() in ("", "[]")


def test_skip_bad_imports_the_others_and_reports_the_skipped(cli, tmp_path: Path) -> None:
    result = cli("import", str(_digest(tmp_path)), *AS_OF, "--skip-bad", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == 3
    assert [(s["line"], s["title"]) for s in report["skipped"]] == [
        (11, "Copyright 2026 Made-Up Lab"),
        (41, "Copyright 2026 Another Lab"),
    ]
    assert "skipped record 2 (line 11)" in result.stderr
    titles = {e["title"] for e in json.loads(cli("list", "--json").stdout)}
    assert titles == {"Ducks on Ponds", "Geese in Rows", "Swans at Dusk"}


def test_skip_bad_still_refuses_when_most_records_are_bad(cli, tmp_path: Path) -> None:
    path = tmp_path / "junk.md"
    titles = ["Copyright 2026 A Lab", "Copyright 2026 B Lab", "Ducks on Ponds"]
    path.write_text("".join(_paper(n, t) for n, t in enumerate(titles, 1)), encoding="utf-8")
    result = cli("import", str(path), *AS_OF, "--skip-bad")
    assert result.exit_code == 1 and "most records" in result.stderr


def test_unreadable_layout_with_ids_offers_the_add_command(cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Reading list (made up)\n\nlook at arXiv:2601.01111 first, then\n"
        "https://arxiv.org/abs/2601.02222v3 and maybe 2601.01111 again\n",
        encoding="utf-8",
    )
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "papercli add 2601.01111 2601.02222" in result.stderr
    assert result.stderr.count("\n") == 1


def test_json_of_a_refused_file_is_json_and_exits_like_the_real_import(cli, tmp_path: Path) -> None:
    path = _digest(tmp_path)
    for extra in ((), ("--dry-run",)):
        result = cli("import", str(path), *AS_OF, "--json", *extra)
        assert result.exit_code == 1
        report = json.loads(result.stdout)
        assert report["added"] == [] if not extra else True
        assert [r["file"] for r in report["refused"]] == [str(path)]
        assert "--skip-bad" in report["refused"][0]["reason"]
    assert cli("list", "--json").stdout.strip() in ("", "[]")
