"""Property test: entry -> BibTeX (papercli.bibtex) -> bibtexparser gives back the same text.

BibTeX collapses whitespace, so the generated text uses single spaces between words.
"""

from __future__ import annotations

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Entry

# Letters, digits, punctuation and symbols (including BibTeX/LaTeX specials such as
# { } \ % & # $ _ ^ ~), joined into words by single spaces.
words = st.text(st.characters(whitelist_categories=("L", "N", "P", "S")), min_size=1, max_size=12)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(texts, texts, texts, st.booleans())
def test_bibtex_round_trip_decodes_to_the_same_text(
    title: str, abstract: str, note: str, ascii_only: bool
) -> None:
    from papercli.bibtex import export_bibtex  # imported here: fails alone until bibtex.py lands

    entry = Entry(key="roundtrip2024test", title=title, abstract=abstract, note=note)
    entry.date = "2024-05-01"
    text = export_bibtex([entry], ascii=ascii_only)
    if ascii_only:
        assert text.isascii()
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    (parsed,) = library.entries
    fields = {f.key.lower(): f.value for f in parsed.fields}
    assert parsed.key == "roundtrip2024test"
    assert fields["title"] == title
    for name, value in (("abstract", abstract), ("note", note)):
        if name in fields:  # exported fields must decode exactly too
            assert fields[name] == value
