"""The gate: files that are not digests import nothing, and every record must read as a paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.parsers import FORMATS, parse
from papercli.parsers.base import ParsedDigest, ParseError
from papercli.parsers.gate import check, record_problem, title_problem
from tests.conftest import snapshot

REFERENCE = dt.date(2025, 11, 20)
DATA = Path(__file__).resolve().parent / "data"

README = """# Notes on my reading list

This folder keeps the digests I have not imported yet, and a few scripts that help.

## Usage

Run the script below once a week; it copies the newest digest here.

| file | what |
|---|---|
| `a.txt` | the Monday digest |

See [the docs](https://example.org/docs) for more.
"""
PYTHON = '''"""A small module that is not a digest at all."""

import sys


def main(argv: list[str]) -> int:
    """Print every argument on its own line, then return zero to the shell."""
    for arg in argv:
        print(arg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
'''
CSV = (
    "title,year,authors\n"
    "A Spreadsheet Row That Looks Like A Title,2024,Ann One\n"
    "Another Row Of The Same Made-Up Table,2023,Bob Two\n"
)
PDF = (
    "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n"
    "4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 100 700 Td (Hello) Tj ET\nendstream\n"
    "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
WEB_PAGE = """<!doctype html>
<html><head><title>Bakery opening hours</title></head>
<body><nav><a href="/">Home</a> <a href="/menu">Menu</a></nav>
<h1>Fresh bread every morning</h1>
<p>We open at seven and close when the last loaf is gone. Our sourdough rests for two days
before it is baked in a wood-fired oven, and the croissants are folded by hand.</p>
<footer>Copyright 2024 The Made-Up Bakery</footer></body></html>
"""
NON_DIGESTS = {
    "readme": README,
    "python": PYTHON,
    "csv": CSV,
    "pdf": PDF,
    "web-page": WEB_PAGE,
    "empty-yaml": "---\n...\n",
    "yaml-front-matter-only": "---\ntitle: Daily Papers - Hugging Face\n---\n",
    "blank": "\n\n  \n",
}


@pytest.mark.parametrize("name", sorted(NON_DIGESTS))
def test_non_digests_are_refused_when_detected(name: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(NON_DIGESTS[name], REFERENCE, origin=f"{name}.txt")
    assert "\n" not in str(info.value)
    assert f"{name}.txt" in str(info.value)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(NON_DIGESTS))
def test_non_digests_are_refused_under_every_forced_format(name: str, fmt: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(NON_DIGESTS[name], REFERENCE, fmt=fmt, origin="x.txt")
    assert f"read as {fmt}" in str(info.value) or "x.txt" in str(info.value)


def test_arxiv_listing_forced_as_hf_daily_is_refused() -> None:
    listing = (DATA / "arxiv-email" / "listing-with-header.txt").read_text(encoding="utf-8")
    with pytest.raises(ParseError, match=r"read as hf-daily\).*looks like arxiv-email"):
        parse(listing, REFERENCE, fmt="hf-daily", origin="listing.txt")


def test_refusal_names_format_and_first_bad_record() -> None:
    good = Entry(title="A Perfectly Ordinary Paper Title", arxiv_id="2501.00001")
    bad = Entry(title="[Subscribe](https://huggingface.co/login)", arxiv_id="2501.00002")
    with pytest.raises(ParseError) as info:
        check(ParsedDigest(entries=[good, bad, bad]), "hf-daily-md", "d.md", ("arxiv_id",))
    message = str(info.value)
    assert "read as hf-daily-md" in message and "record 2" in message
    assert "Subscribe" in message and "nothing imported" in message


@pytest.mark.parametrize(
    "title",
    [
        "https://huggingface.co/login?next=%2Fpapers",
        "www.example.org/paper",
        "Sep 3, 2024",
        "2024-09-03",
        "[-] 1",
        "1.09k",
        "-",
        "### [VIBEVOICE-ASR Technical Report][65]",
        "# Web source",
        "## Daily Papers",
        "[Subscribe][29]",
        "[<video src='x.mp4'></video>](https://huggingface.co/papers/2604.00001)",
        "![](https://cdn.example.org/thumb.png)",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "Submitted by someone",
        "Title: Daily Papers - Hugging Face",
        "[12]: https://huggingface.co/papers/2501.00001",
        "x" * 401,
        "ab",
        "!!! ???",
        "import sys",
        "def main(argv: list[str]) -> int:",
        "#include <stdio.h>",
    ],
)
def test_titles_that_are_not_titles(title: str) -> None:
    assert title_problem(title) is not None


@pytest.mark.parametrize(
    "title",
    [
        "Engage with Slow Readers: A [Fake] Benchmark",
        "DR^{3}-Eval: Towards Realistic Deep Research Evaluation",
        "深層学習による日本語文書の要約",
        "Attention Is All You Need",
        "GPT-4o: 2 Models, 1 Benchmark, and 0 Shortcuts",
        "O(n log n) Sorting < Linear Time? A Made-Up Question",
        "x" * 400,
    ],
)
def test_real_looking_titles_pass(title: str) -> None:
    assert title_problem(title) is None


def test_format_that_always_has_an_identifier_needs_one() -> None:
    entry = Entry(title="An Ordinary Title For A Paper")
    assert "arXiv id" in (record_problem(entry, ("arxiv_id",)) or "")
    entry.arxiv_id = "2501.00001"
    assert record_problem(entry, ("arxiv_id",)) is None


def test_refused_import_writes_nothing(cli, library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(README, encoding="utf-8")
    before = snapshot(library_path)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(library_path) == before
