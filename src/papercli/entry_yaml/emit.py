"""A fast YAML emitter for entry files: flat mappings of text, numbers, lists and dicts.

PyYAML's representer costs ~0.4 ms an entry, most of an import of 100,000 papers. Entry
files have a fixed, simple shape, so this writes them directly: plain scalars where they
are unambiguous, ``|`` literal blocks for clean multi-line text, double-quoted scalars
with escapes for everything else. The output is read back with the safe loader; the tests
check that every value round-trips exactly.
"""

from __future__ import annotations

import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,()/+'&;!?@=-]*")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = frozenset(
    "y yes n no true false on off null".split()
)  # YAML 1.1 booleans and null, in any case
# Characters a YAML reader treats specially even inside quotes or blocks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_QUOTE_NEEDED = re.compile('[\\\\"\n\t\r]|' + _UNSAFE.pattern)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return '"' + _QUOTE_NEEDED.sub(_escape_char, text) + '"'


def _literal_ok(text: str) -> bool:
    if "\n" not in text or _UNSAFE.search(text) or "\r" in text or "\t" in text:
        return False
    lines = text.split("\n")
    body = lines[:-1] if text.endswith("\n") else lines
    if text.endswith("\n\n") or not body or not body[0].strip():
        return False
    return all(line == line.strip() for line in body)


def scalar(value: Any, indent: str = "") -> str:
    """One scalar value (text, int, bool or None) in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    if _literal_ok(text):
        chomp = "" if text.endswith("\n") else "-"
        pad = indent + "  "
        lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
        return f"|{chomp}\n" + "\n".join(pad + line if line else "" for line in lines)
    return quoted(text)


def _key(name: str) -> str:
    plain = _PLAIN_KEY.fullmatch(name) and name.lower() not in _RESERVED
    return name if plain else quoted(name)


def dump_mapping(data: dict[str, Any]) -> str:
    """A flat mapping as block YAML: values are scalars, lists of scalars or dicts of them."""
    out: list[str] = []
    for name, value in data.items():
        key = _key(name)
        if isinstance(value, list):
            if not value:
                out.append(f"{key}: []")
            else:
                out.append(f"{key}:")
                out.extend(f"- {scalar(item, '  ')}" for item in value)
        elif isinstance(value, dict):
            if not value:
                out.append(f"{key}: {{}}")
            else:
                out.append(f"{key}:")
                out.extend(f"  {_key(k)}: {scalar(v, '  ')}" for k, v in value.items())
        else:
            out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"
