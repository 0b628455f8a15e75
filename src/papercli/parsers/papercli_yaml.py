"""papercli's own YAML export (``export -f yaml``): a list of entry mappings, read back whole.

Every field is kept as written (key, tags, reading status, dates, venue fields...), checked
exactly as an entry file is; the import then merges or adds them like any other records.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from papercli.entry_yaml import load_yaml, yaml_problem
from papercli.model import Entry, EntryFormatError
from papercli.parsers.base import ParsedDigest, ParseError

NAME = "papercli-yaml"
DESCRIPTION = "papercli's YAML export (export -f yaml): a list of entries, every field kept"
_START = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*- key:", re.MULTILINE)


def sniff(text: str) -> float:
    """Sure when the text opens as a YAML list whose first item starts with ``key:``."""
    return 0.95 if _START.match(text) and "\n  title:" in text[:20_000] else 0.0


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """The entries of the list; ParseError naming the first item that is not an entry."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ParseError(f"not valid YAML ({yaml_problem(exc)})") from None
    if not isinstance(data, list):
        raise ParseError("not a list of entries")
    entries = []
    for i, item in enumerate(data, 1):
        try:
            entries.append(Entry.from_dict(item))
        except EntryFormatError as exc:
            raise ParseError(f"item {i} is not a papercli entry: {exc}") from None
    return ParsedDigest(entries)
