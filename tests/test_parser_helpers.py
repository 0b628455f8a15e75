"""Small pieces the digest parsers share: author lists, LaTeX text, arXiv ids, escapes."""

from __future__ import annotations

import datetime as dt

from papercli.parsers import arxiv_common as ax
from papercli.parsers import arxiv_email, bibtex_import, hf_markdown


def test_split_authors_drops_affiliations_and_joins_and() -> None:
    text = r"A. One (1 and 2), B. Tw\'o (2), and C. Three ((1) Univ X, Dept Y, (2) Lab Z)"
    assert ax.split_authors(text) == ["A. One", "B. Twó", "C. Three"]


def test_id_month_and_version() -> None:
    assert ax.strip_version("2303.08867v12") == "2303.08867"
    assert ax.id_month("2011.00552v3") == "2020-11"
    assert ax.id_month("hep-th/9901001v2") == "1999-01"
    assert ax.id_month("not-an-id") is None


def test_latex_to_text() -> None:
    value = r"The {LLM} Caf\'e \& {\em Bar}: \textbf{5\%} $\{x\}$ faster~today"
    assert bibtex_import.latex_to_text(value) == r"The LLM Café & Bar: 5% $\{x\}$ faster today"


def test_bibtex_names_and_macros() -> None:
    assert bibtex_import.split_names(r"M{\"u}ller, Jr., Hans and {Acme and Sons} and others") == [
        "Hans Müller Jr.",
        "Acme and Sons",
    ]
    strings = {"conf": "Proc. of {X}"}
    assert bibtex_import.resolve('conf # " 2024"', strings) == "Proc. of {X} 2024"


def test_markdown_unescape() -> None:
    assert hf_markdown.unescape(r"Engage\  with \[brackets\] and \*stars\*") == (
        "Engage with [brackets] and *stars*"
    )


def test_email_abstract_line_with_field_name_is_not_a_header() -> None:
    text = (
        "\\\\\narXiv:2401.00001\nDate: Mon, 1 Jan 2024 00:00:00 GMT   (1kb)\n\n"
        "Title: T\nAuthors: A. B\nCategories: cs.LG\n\\\\\n  Intro.\n"
        "Comments: are welcome, said nobody.\nResults: fine.\n"
        "\\\\ ( https://arxiv.org/abs/2401.00001 ,  1kb)\n"
    )
    [entry] = arxiv_email.parse(text, dt.date(2024, 2, 1)).entries
    assert entry.comments is None
    assert entry.abstract == "Intro. Comments: are welcome, said nobody. Results: fine."
