"""Unit tests: LaTeX escaping, brace balance, title protection and BibTeX fields."""

from __future__ import annotations

import unicodedata

import bibtexparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercli.exporters.bibtex import ExportError, export_bibtex, find_duplicate_keys, render_bibtex
from papercli.latex.escape import (
    braces_balanced,
    encode_char,
    escape_text,
    escape_title,
    verbatim_value,
)
from papercli.latex.math import split_math
from papercli.model import Entry
from tests.bibtex_decode import decode


def fields_of(text: str) -> dict[str, str]:
    """The fields of the single entry in ``text``, as written (enclosing removed)."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    return {name: f.value for name, f in entry.fields_dict.items()}


@pytest.mark.parametrize(
    ("plain", "latex"),
    [
        ("A & B", r"A \& B"),
        ("50%", r"50\%"),
        ("$5", r"\$5"),
        ("#1", r"\#1"),
        ("a_b", r"a\_b"),
        ("{x}", r"\textbraceleft{}x\textbraceright{}"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("\\", r"\textbackslash{}"),
        ("<|>", r"\textless{}\textbar{}\textgreater{}"),
        ("two\n\n  lines\tand tab", "two lines and tab"),
        ("bell\x07 dropped", "bell dropped"),
        ("Matérn", "Matérn"),
    ],
)
def test_escape_text_makes_specials_print_as_themselves(plain: str, latex: str) -> None:
    assert escape_text(plain) == latex


@pytest.mark.parametrize(
    ("char", "latex"),
    [
        ("é", r"{\'e}"),
        ("É", r"{\'E}"),
        ("ö", r"{\"o}"),
        ("ç", r"{\c{c}}"),
        ("í", r"{\'\i}"),
        ("Ł", r"{\L}"),
        ("Ø", r"{\O}"),
        ("ß", r"{\ss}"),
        ("å", r"{\aa}"),
        ("ấ", r"{\'{\^a}}"),
        ("–", r"\textendash{}"),
        ("α", r"{$\alpha$}"),
        ("Γ", r"{$\Gamma$}"),
        ("Α", r"{$\mathrm{A}$}"),
        ("×", r"{$\times$}"),
        ("²", r"{\textsuperscript{2}}"),
        ("ﬁ", "fi"),
    ],
)
def test_encode_char_writes_ascii_macros(char: str, latex: str) -> None:
    unknown: set[str] = set()
    assert encode_char(char, unknown) == latex
    assert not unknown


def test_encode_char_marks_unknown_characters_visibly_and_reports_them() -> None:
    unknown: set[str] = set()
    assert encode_char("中", unknown) == "{[U+4E2D]}"
    assert encode_char("😀", unknown) == "{[U+1F600]}"
    assert unknown == {"中", "😀"}


def test_accents_round_trip_through_the_repo_decoder() -> None:
    text = "Matérn Gödel Łukasz Ørsted Straße Ångström François Dvořák Şahin"
    encoded = escape_text(text, ascii=True)
    assert encoded.isascii()
    assert decode(encoded) == text


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        ("LLMs Are Few-Shot Learners", "{LLM}s {Are} {Few}-{Shot} {Learners}"),
        ("Beating GPT-4", "Beating {GPT}-4"),
        ("ResNet Strikes Back", "{ResNet} {Strikes} {Back}"),
        ("3D Scenes on iPhone", "{3D} {Scenes} on {iPhone}"),
        ("Plain Title Case", "Plain {Title} {Case}"),
        ("A_B & C", r"A\_{B} \& {C}"),
        ("R&D for Nash", r"R\&{D} for {Nash}"),
        ("a Bayesian view", "a {Bayesian} view"),
        ("page 12--34", "page 12-{}-34"),
        (r"An $O(\sqrt{T})$ Bound", r"An {$O(\sqrt{T})$} {Bound}"),
        ("$x$ first", "{$x$} first"),
        ("costs $5 or $10", r"costs \$5 or \$10"),
        (
            r"$\mathbb{R}$ and $x$",
            r"\$\textbackslash{}mathbb\textbraceleft{}{R}\textbraceright{}\$ and \$x\$",
        ),
        ("one $ and $x$", r"one \$ and \$x\$"),
    ],
)
def test_escape_title_protects_words_with_inner_capitals(title: str, latex: str) -> None:
    assert escape_title(title) == latex


def test_escape_title_protects_encoded_capitals_without_making_a_special_character() -> None:
    assert escape_title("ÉCOLE", ascii=True) == r"{{\'E}COLE}"
    assert escape_title("über Γ", ascii=True) == r"{\"u}ber {{$\Gamma$}}"


@given(st.text())
def test_every_escaped_field_has_balanced_braces(text: str) -> None:
    for ascii in (False, True):
        assert braces_balanced(escape_text(text, ascii=ascii))
        assert braces_balanced(escape_title(text, ascii=ascii))
    assert braces_balanced(verbatim_value(text))


@given(st.text(alphabet=st.characters(codec="latin-1")))
def test_escaped_text_decodes_to_the_original(text: str) -> None:
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    want = " ".join(kept.split())
    assert decode(escape_text(text)) == want
    # A title keeps "$0$" as math, also when cleaning made it so ("$0\x1b$": hypothesis).
    if not any(is_math for is_math, _ in split_math(want)):
        assert decode(escape_title(text)) == want


def test_verbatim_value_keeps_urls_but_percent_encodes_what_breaks_bibtex() -> None:
    url = "https://example.org/a%20b_c/~u#x?q=1&r=2"
    assert verbatim_value(url) == url
    assert verbatim_value("https://x.org/{a} b\\c") == "https://x.org/%7Ba%7D%20b%5Cc"


def test_braces_balanced_counts_like_bibtex() -> None:
    assert braces_balanced("{a}{b{c}}")
    assert not braces_balanced("}{")
    assert not braces_balanced(r"\{")  # bibtex counts escaped braces too


def full_entry(**changes: object) -> Entry:
    data: dict[str, object] = {
        "key": "lovelace2024costs",
        "title": "Costs of LLMs",
        "authors": ["Ada Lovelace", "Kurt Gödel"],
        "date": "2024-03-05",
        "abstract": "An abstract.",
        "urls": ["https://example.org/a_b", "https://example.org/two"],
        "tags": ["rl", "c++ & co"],
        "arxiv_id": "2403.01234",
        "categories": ["cs.LG", "cs.AI"],
        "doi": "10.1/x_y",
    }
    data.update(changes)
    return Entry(**data)  # type: ignore[arg-type]


def test_fields_of_a_full_entry() -> None:
    text = export_bibtex([full_entry()])
    assert text.startswith("@misc{lovelace2024costs,\n")
    assert "  month = mar,\n" in text  # a plain.bst month macro, not braced
    assert fields_of(text) == {
        "author": "Lovelace, Ada and Gödel, Kurt",
        "title": "Costs of {LLM}s",
        "year": "2024",
        "month": "mar",
        "day": "5",
        "doi": "10.1/x_y",
        "eprint": "2403.01234",
        "archiveprefix": "arXiv",
        "primaryclass": "cs.LG",
        "howpublished": "arXiv:2403.01234 [cs.LG]",  # what plain.bst prints of a preprint
        "url": "https://arxiv.org/abs/2403.01234",  # the paper's own page
        "urls": "https://example.org/a_b https://example.org/two",
        "keywords": r"rl, c++ \& co",
        "abstract": "An abstract.",
    }


def test_entry_without_names_gets_an_unprinted_author_count_and_a_label() -> None:
    entry = full_entry(authors=[], author_count=9, organization="Org & Co", date="2023")
    fields = fields_of(export_bibtex([entry]))
    assert "author" not in fields and "month" not in fields
    assert "note" not in fields and fields["authorcount"] == "9"
    assert fields["key"] == r"Org \& Co"
    assert fields["organization"] == r"Org \& Co"


def test_entry_with_nothing_about_authors_sorts_by_title() -> None:
    fields = fields_of(export_bibtex([Entry(key="x1", title="Only a Title")]))
    assert fields == {"title": "Only a {Title}", "key": "Only a Title"}


def test_type_note_and_journal_ref() -> None:
    article = full_entry(type="Article", journal_ref="J. Stuff 1", note="Oral.")
    text = export_bibtex([article])
    assert text.startswith("@article{")
    assert fields_of(text)["journal"] == "J. Stuff 1"
    assert "note" not in fields_of(text)  # the user's note is private: never printed
    assert fields_of(text)["annote"] == "Oral."
    misc = fields_of(export_bibtex([full_entry(journal_ref="NeurIPS 2024")]))
    assert misc["howpublished"] == "arXiv:2403.01234 [cs.LG]. NeurIPS 2024"
    misc = fields_of(export_bibtex([full_entry(journal_ref="NeurIPS 2024", arxiv_id=None)]))
    assert misc["howpublished"] == "NeurIPS 2024"


def test_invalid_entry_type_falls_back_to_misc_with_a_warning() -> None:
    result = render_bibtex([full_entry(type="not a type")])
    assert result.text.startswith("@misc{")
    assert "not a BibTeX type" in result.warnings[0]


def test_author_names_bibtex_would_split_are_braced() -> None:
    entry = full_entry(authors=["Tom and Jerry Studio", "de la Cruz, Juan", "  "])
    assert (
        fields_of(export_bibtex([entry]))["author"] == "{Tom and Jerry Studio} and de la Cruz, Juan"
    )


def test_extra_fields_are_raw_bibtex_unless_their_braces_do_not_balance() -> None:
    extra = {
        "pages": "1--10",
        "publisher": "{ACM} Press",
        "bad": "{x",
        "title": "clash",
        "no pe": "x",
    }
    result = render_bibtex([full_entry(extra=extra)])
    fields = fields_of(result.text)
    assert fields["pages"] == "1--10"
    assert fields["publisher"] == "{ACM} Press"
    assert fields["bad"] == r"\textbraceleft{}x"
    assert fields["title"] == "Costs of {LLM}s"
    assert "no pe" not in fields
    assert len(result.warnings) == 3


def test_ascii_export_is_pure_ascii_and_warns_about_characters_without_macros() -> None:
    entry = full_entry(title="中 Matérn", authors=["Łukasz Kaiser"], extra={"address": "Zürich"})
    result = render_bibtex([entry], ascii=True)
    assert result.text.isascii()
    fields = fields_of(result.text)
    assert fields["author"] == r"Kaiser, {\L}ukasz"
    assert fields["title"] == r"{[U+4E2D]} {Mat{\'e}rn}"
    assert fields["address"] == r"Z{\"u}rich"
    assert result.warnings == [
        "lovelace2024costs: no ASCII LaTeX for 中 (U+4E2D); wrote [U+XXXX] (export without --ascii)"
    ]


def test_utf8_export_keeps_unicode() -> None:
    assert "Gödel" in export_bibtex([full_entry()])


def test_keys_equal_ignoring_case_are_refused() -> None:
    entries = [full_entry(key="Smith2020a"), full_entry(key="smith2020a"), full_entry(key="b")]
    assert [[e.key for e in g] for g in find_duplicate_keys(entries)] == [
        ["Smith2020a", "smith2020a"]
    ]
    with pytest.raises(ExportError, match="'Smith2020a', 'smith2020a'"):
        export_bibtex(entries)


def test_invalid_citation_key_is_refused() -> None:
    with pytest.raises(ExportError, match="not one BibTeX and biber accept"):
        export_bibtex([full_entry(key="a b")])


def test_no_entries_give_empty_text() -> None:
    assert export_bibtex([]) == ""
