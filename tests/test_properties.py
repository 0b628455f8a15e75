"""Property tests: YAML storage is exact for any text; parsers fail only with ParseError."""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from papercli.entry_yaml import entry_from_yaml, entry_to_yaml
from papercli.errors import InputError
from papercli.model import Entry
from papercli.ops.digest_input import decode_digest
from papercli.ops.importing import clean_entry, clean_text
from papercli.parsers import ParseError, hf_daily, parse

SETTINGS = settings(max_examples=200, deadline=None)
REFERENCE = dt.date(2025, 11, 20)

# Any Unicode text except lone surrogates, which cannot be written as UTF-8 at all (the
# importer removes them, see clean_text); PyYAML escapes every other character exactly.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
titles = any_text.filter(lambda t: t.strip() != "")
text_lists = st.lists(any_text, max_size=4)
maybe_text = st.none() | any_text
maybe_int = st.none() | st.integers(min_value=-(2**63), max_value=2**63)
# Stored dates follow the one date rule (dates.is_valid_date): real days, months or years.
valid_dates = st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    return Entry(
        key=draw(any_text),
        title=draw(titles),
        authors=draw(text_lists),
        author_count=draw(maybe_int),
        date=draw(valid_dates),
        date_raw=draw(maybe_text),
        upvotes=draw(maybe_int),
        abstract=draw(any_text),
        urls=draw(text_lists),
        tags=draw(text_lists),
        source=draw(maybe_text),
        added=draw(maybe_text),
        type=draw(any_text),
        arxiv_id=draw(maybe_text),
        doi=draw(maybe_text),
        categories=draw(text_lists),
        comments=draw(maybe_text),
        journal_ref=draw(maybe_text),
        organization=draw(maybe_text),
        note=draw(maybe_text),
        extra=draw(st.dictionaries(any_text, any_text, max_size=3)),
    )


@SETTINGS
@given(entries())
def test_entry_yaml_round_trip_is_exact(entry: Entry) -> None:
    assert entry_from_yaml(entry_to_yaml(entry)) == entry


@SETTINGS
@given(st.text(max_size=80))
def test_clean_text_is_safe_nfc_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    for char in cleaned:
        assert char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cs")
    cleaned.encode("utf-8")  # always writable


@SETTINGS
@given(entries(), st.text(max_size=20))
def test_cleaned_entries_round_trip_even_from_surrogates(entry: Entry, raw: str) -> None:
    entry.note = raw
    clean_entry(entry)
    assume(entry.title.strip())  # the importer skips papers whose title cleans to nothing
    assert entry_from_yaml(entry_to_yaml(entry)) == entry


# Text that looks like a digest often enough to reach deep into the parser.
digest_lines = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            "",
            "·",
            "  • 3 authors",
            "• 1,024 authors",
            "• Some Org",
            "Oct 2, 2023",
            "Sep 28 12",
            "Feb 29",
            "Daily Papers",
            "Subscribe",
            "A Short Title",
            "x" * 500,
            "An abstract sentence that is long enough to be an abstract of a paper, really.",
            "See https://example.org/a_(b). and http://",
            "Mat\\'ern \\\"o {\\ss}",
        ]
    ),
)
digests = st.lists(digest_lines, max_size=30).map("\n".join) | st.text(max_size=300)


@SETTINGS
@given(digests)
def test_hf_daily_parser_never_raises(text: str) -> None:
    result = hf_daily.parse(text, REFERENCE)
    for entry in result.entries:
        assert entry.title.strip()
        assert entry.source == "hf-daily"


@SETTINGS
@given(digests, st.sampled_from([None, "hf-daily", "no-such-format"]))
def test_parse_with_detection_raises_only_parse_error(text: str, fmt: str | None) -> None:
    try:
        result = parse(text, REFERENCE, fmt=fmt, origin="digest.txt")
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    assert result.entries


@SETTINGS
@given(st.binary(max_size=300))
def test_decoding_arbitrary_bytes_raises_only_input_error(data: bytes) -> None:
    try:
        text = decode_digest(data, "digest.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        assert text == data.decode("utf-16")
    else:  # UTF-8, decoded without loss; binary (NUL bytes) is refused, never decoded
        assert text.encode("utf-8") == data.removeprefix(codecs.BOM_UTF8)
        assert "\x00" not in text


def test_an_empty_venue_kept_in_extra_stays_there() -> None:
    # Found by hypothesis: an empty journal in extra was moved into the journal field.
    from papercli.entry_yaml import entry_from_yaml, entry_to_yaml

    entry = Entry(key="k", title="T", extra={"journal": ""})
    assert entry_from_yaml(entry_to_yaml(entry)) == entry


def test_a_venue_held_in_extra_is_settled_as_reading_would() -> None:
    # Found by hypothesis (explore): extra={'booktitle': '0'} came back as the booktitle
    # field, so a cleaned entry did not read back from its file as it was written.
    from papercli.entry_yaml import entry_from_yaml, entry_to_yaml

    entry = clean_entry(Entry(key="k", title="T", extra={"booktitle": "Proc. X", "note2": "y"}))
    assert entry.booktitle == "Proc. X" and entry.extra == {"note2": "y"}
    assert entry_from_yaml(entry_to_yaml(entry)) == entry
