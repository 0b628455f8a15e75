"""The RIS export: a strict reader checks the layout, rispy (a real RIS library) the content."""

from __future__ import annotations

import re

import rispy

from papercli.exporters import resolve_format
from papercli.model import Entry
from tests.test_export_latex import fixture_entries
from tests.tools import render_text

RIS = resolve_format("ris")
LINE = re.compile(r"([A-Z][A-Z0-9])  - (.*)")


def strict_records(text: str) -> list[list[tuple[str, str]]]:
    """Records of ``(tag, value)``; AssertionError on anything the RIS layout does not allow."""
    assert text.endswith("ER  - \n")
    records: list[list[tuple[str, str]]] = []
    for block in text[:-1].split("\n\n"):
        lines = [LINE.fullmatch(line) for line in block.split("\n")]
        assert all(lines), block
        pairs = [(m.group(1), m.group(2)) for m in lines if m]
        assert pairs[0][0] == "TY" and pairs[-1] == ("ER", "")
        assert all(value and value == value.strip() for _, value in pairs[:-1]), block
        records.append(pairs[:-1])
    return records


def test_fixture_records_are_strict_ris() -> None:
    entries = fixture_entries()
    records = strict_records(render_text(RIS, entries))
    assert [dict(r)["ID"] for r in records] == [e.key for e in entries]
    by_id = {dict(r)["ID"]: r for r in records}
    lovelace = by_id["lovelace2024costs"]
    assert ("AU", "Lovelace, Ada") in lovelace and ("AU", "Gödel, Kurt") in lovelace
    assert ("DA", "2024/03/05") in lovelace and ("PY", "2024") in lovelace
    assert [v for t, v in lovelace if t == "KW"] == ["math & logic", "under_score"]
    assert [v for t, v in lovelace if t == "UR"] == [
        "https://example.org/a%20b_c/~user/page#frag",
        "https://example.org/second",
    ]
    # The abstract's line break became a space: RIS values are one line.
    assert dict(lovelace)["AB"].startswith(r"We solve $\left\{ \begin{array}{ll} x & y_1")
    hopper = by_id["hopper2019compilers"]
    assert [v for t, v in hopper if t == "AU"] == [
        "Hopper, Grace",
        "Turing, Alan",
        "King, Martin Luther, Jr.",
        "van der Berg, Anna",
    ]
    assert ("N1", "12 authors") in hopper and ("TY", "CPAPER") in hopper
    assert ("AN", "1906.00001") in hopper and ("DB", "arXiv") in hopper
    assert ("TY", "JOUR") in by_id["kaiser2023matern"]
    assert ("T2", "Journal of Façade Studies 12 (2023)") in by_id["kaiser2023matern"]
    assert ("AU", "Tom and Jerry Studio") in by_id["tom2021quotes"]
    assert ("DA", "2020/02") in by_id["solo2020one"]


def test_rispy_reads_every_record() -> None:
    entries = fixture_entries()
    parsed = rispy.loads(render_text(RIS, entries))
    assert [r["id"] for r in parsed] == [e.key for e in entries]
    for record, entry in zip(parsed, entries, strict=True):
        assert record["title"] == " ".join(entry.title.split())
        if entry.abstract:
            assert record["abstract"] == " ".join(entry.abstract.split())
        assert record.get("keywords", []) == entry.tags
        assert "unknown_tag" not in record  # every tag written is a standard RIS tag
    llms = parsed[[e.key for e in entries].index("llms2024beat")]
    assert llms["type_of_reference"] == "GEN" and llms["notes"] == ["9 authors"]
    assert llms["publisher"] == "DeepMind & Co" and llms["accession_number"] == "2407.01234"
    kaiser = parsed[[e.key for e in entries].index("kaiser2023matern")]
    assert kaiser["authors"][0] == "Kaiser, Łukasz" and kaiser["doi"] == "10.1234/fancy_doi<1>"


def test_multi_line_text_stays_on_one_line() -> None:
    entry = Entry(key="n2024", title="Two\nlines", abstract="A\n\nB\tC", note=" x \n y ")
    (record,) = strict_records(render_text(RIS, [entry]))
    assert ("TI", "Two lines") in record and ("AB", "A B C") in record
    assert ("N1", "x y") in record
