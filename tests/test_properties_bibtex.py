"""Property test: entry -> BibTeX (exporters.bibtex) -> bibtexparser gives back the same text.

BibTeX collapses whitespace, so the generated text uses single spaces between words.
"""

from __future__ import annotations

import unicodedata

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Entry
from tests.bibtex_decode import decode

# Letters, digits, punctuation and symbols (including BibTeX/LaTeX specials such as
# { } \ % & # $ _ ^ ~), joined into words by single spaces.
words = st.text(st.characters(whitelist_categories=("L", "N", "P", "S")), min_size=1, max_size=12)
# Stored text is NFC (the importer normalises it), so the property is stated for NFC text.
texts = st.lists(words, min_size=1, max_size=8).map(
    lambda ws: unicodedata.normalize("NFC", " ".join(ws))
)


@settings(max_examples=200, deadline=None)
@given(texts, texts, texts, st.booleans())
def test_bibtex_round_trip_decodes_to_the_same_text(
    title: str, abstract: str, note: str, ascii_only: bool
) -> None:
    from papercli.exporters.bibtex import render_bibtex

    entry = Entry(key="roundtrip2024test", title=title, abstract=abstract, note=note)
    entry.date = "2024-05-01"
    result = render_bibtex([entry], ascii=ascii_only)
    text = result.text
    if ascii_only:
        assert text.isascii()
        if result.warnings:  # characters with no ASCII form: shown as [U+XXXX], and said so
            assert "[U+" in text
        if not (title + abstract + note).isascii():
            # --ascii maps symbols to their nearest LaTeX (µ -> $\mu$): parse it, no exactness.
            assert bibtexparser.parse_string(text).failed_blocks == []
            return
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    (parsed,) = library.entries
    # balanced TeX math in an abstract is kept as math, not escaped text: not decoded here
    fields = {
        f.key.lower(): decode(f.value)
        for f in parsed.fields
        if not (f.key.lower() == "abstract" and "$" in abstract)
    }
    assert parsed.key == "roundtrip2024test"
    assert fields["title"] == title
    assert "note" not in fields  # the user's note is private: an annotation
    for name, value in (("abstract", abstract), ("annote", note)):
        if name == "abstract" and "$" in value:
            continue  # balanced TeX math in an abstract is kept as math, not escaped text
        if name in fields:  # exported fields must decode exactly too
            assert fields[name] == value
