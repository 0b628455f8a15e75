"""A fast reader for entry files in the exact shape ``yaml_emit`` writes.

PyYAML's safe loader (even the C one) costs ~0.3 ms an entry file, most of a rebuild of
the index at 100,000 papers. This reads the emitter's subset directly, then checks that
emitting the result gives back the very same text. Only then is the result returned;
anything else (a hand-written flow list, a comment, an unquoted date, an odd indent)
returns None and the caller uses PyYAML. Since the emitter's output is tested to load
identically with PyYAML, an accepted text means what PyYAML would make of it.
"""

from __future__ import annotations

import re
from typing import Any

from papercli.entry_yaml.emit import dump_mapping

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): ?(.*)")
_QUOTED_KEY_LINE = re.compile(r'"((?:[^"\\]|\\.)*)": ?(.*)')
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))")
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\x00"}
_CONSTANTS: dict[str, Any] = {"null": None, "true": True, "false": False, "[]": [], "{}": {}}


class _Rejected(Exception):
    """The text is not in the emitter's shape."""


def fast_load(text: str) -> dict[str, Any] | None:
    """The mapping in ``text`` if it is exactly what ``dump_mapping`` writes, else None."""
    try:
        data = _parse(text.split("\n"))
    except (_Rejected, ValueError, IndexError):
        return None
    try:
        same = dump_mapping(data) == text
    except (TypeError, ValueError):
        return None
    return data if same else None


def _parse(lines: list[str]) -> dict[str, Any]:
    if not lines or lines[-1] != "":
        raise _Rejected
    data: dict[str, Any] = {}
    i, end = 0, len(lines) - 1
    while i < end:
        match = _KEY_LINE.fullmatch(lines[i])
        if not match:
            raise _Rejected
        key, rest = match.groups()
        i += 1
        if rest:
            data[key], i = _value(rest, lines, i, "")
        elif i < end and lines[i].startswith("- "):
            items = []
            while i < end and lines[i].startswith("- "):
                item, i = _value(lines[i][2:], lines, i + 1, "  ")
                items.append(item)
            data[key] = items
        else:
            mapping = {}
            while i < end and lines[i].startswith("  ") and not lines[i].startswith("   "):
                name, rest = _mapping_item(lines[i][2:])
                mapping[name], i = _value(rest, lines, i + 1, "  ")
            if not mapping:
                raise _Rejected
            data[key] = mapping
    return data


def _mapping_item(line: str) -> tuple[str, str]:
    """(key, rest of line) of a nested mapping line; keys may be quoted."""
    plain = _KEY_LINE.fullmatch(line)
    if plain:
        return plain.group(1), plain.group(2)
    quoted = _QUOTED_KEY_LINE.fullmatch(line)
    if not quoted:
        raise _Rejected
    return _unescape(quoted.group(1)), quoted.group(2)


def _value(rest: str, lines: list[str], i: int, indent: str) -> tuple[Any, int]:
    """One scalar starting with ``rest``; block lines follow at ``i``. Returns (value, next)."""
    if rest in _CONSTANTS:
        constant = _CONSTANTS[rest]
        return (type(constant)() if isinstance(constant, list | dict) else constant), i
    if rest.startswith('"'):
        if len(rest) < 2 or not rest.endswith('"'):
            raise _Rejected
        return _unescape(rest[1:-1]), i
    if rest in ("|", "|-"):
        return _literal(rest == "|", lines, i, indent + "  ")
    if _INT.fullmatch(rest):
        return int(rest), i
    return rest, i  # a plain scalar: the round-trip check decides whether it was one


def _literal(keep_newline: bool, lines: list[str], i: int, pad: str) -> tuple[str, int]:
    body = []
    end = len(lines) - 1
    while i < end and (lines[i].startswith(pad) or lines[i] == ""):
        body.append(lines[i][len(pad) :])
        i += 1
    if not body:
        raise _Rejected
    return "\n".join(body) + ("\n" if keep_newline else ""), i


def _unescape(body: str) -> str:
    if '"' in body.replace('\\"', ""):
        raise _Rejected

    def one(match: re.Match[str]) -> str:
        hex2, hex4, simple = match.groups()
        if simple is not None:
            if simple not in _SIMPLE_ESCAPES:
                raise _Rejected
            return _SIMPLE_ESCAPES[simple]
        return chr(int(hex2 or hex4, 16))

    return _ESCAPE.sub(one, body) if "\\" in body else body
