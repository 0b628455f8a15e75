"""Code and configuration are never digests: say what a text looks like before any parser runs.

A source file can hold paper links and Markdown (a parser's docstring shows the capture it
reads), so a parser may find a "paper" in it. This check looks at the text as a whole
instead: program lines, a config or data format, a TeX document, documentation with code
blocks. Pure: text in, a name (``"Python source"``) or None out. The formats papercli imports
(CSL-JSON, its own YAML export, BibTeX, XML feeds, e-mail, HTML) are not judged here.
"""

from __future__ import annotations

import csv
import json
import re

from papercli.parsers.base import BIBTEX_ENTRY

_PYTHON = re.compile(
    r"^(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+\s*(?:,|as\s|$)|(?:async\s+)?def\s+\w+\s*\("
    r"|class\s+\w+\s*[(:]|if\s+__name__\s*==|@\w[\w.]*(?:\(.*\))?\s*$)"
)
_SHELL = re.compile(
    r"^\s*(?:set\s+-[euxo]|export\s+\w+=|(?:el)?if\s+\[|fi\s*$|done\s*$|then\s*$|do\s*$"
    r"|esac\s*$|echo\s|\w+\(\)\s*\{|for\s+\w+\s+in\s)"
)
_C_LIKE = re.compile(
    r"(?:[;{]\s*$|^\s*[})\]];?\s*$|^\s*(?:#include|#define|package\s|using\s|public\s|private\s"
    r"|function\s+\w+\s*\(|(?:const|let|var)\s+\w+\s*=|return\b))"
)
_TEX = re.compile(
    r"^\s*\\(?:documentclass|usepackage|begin\{document\}|section\*?\{|subsection\*?\{"
    r"|chapter\{|newcommand|input\{|include\{|bibliography\{|maketitle)"
)
_INI_SECTION = re.compile(r"^\s*\[\[?[\w.\- \"']+\]\]?\s*$")
_KEY_VALUE = re.compile(r"^\s*[\w.\-\"']+\s*[=:]\s*\S?")
_TOML_VALUE = re.compile(r"^\s*[\w.\-\"']+\s*=\s*(?:\"|'|\[|\{|true\b|false\b|-?\d)")
_YAML_LINE = re.compile(r"^\s*(?:-\s+\S.*|-\s*$|[\w.\-\"' ]+:(?:\s.*)?$|#.*)$")
_FENCE = re.compile(r"^\s*(?:```|~~~)", re.MULTILINE)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _share(lines: list[str], pattern: re.Pattern[str]) -> float:
    return sum(1 for line in lines if pattern.search(line)) / len(lines) if lines else 0.0


def _json(text: str) -> str | None:
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        json.loads(text)
    except ValueError:
        lines = _lines(text)
        if len(lines) >= 2 and all(_loads(line) for line in lines[:20]):
            return "JSON Lines data"
        return None
    return "JSON data"


def _loads(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _csv(lines: list[str]) -> str | None:
    """Rows of the same number of fields (two or more) on nearly every line."""
    if len(lines) < 3:
        return None
    for delimiter, name in ((",", "CSV"), ("\t", "TSV"), (";", "CSV")):
        try:
            rows = list(csv.reader(lines[:200], delimiter=delimiter))
        except csv.Error:
            return None
        widths = [len(row) for row in rows]
        common = max(set(widths), key=widths.count)
        if common >= 2 and widths.count(common) >= 0.9 * len(widths):
            return f"{name} data"
    return None


def _continued(body: list[str]) -> int:
    """Lines inside a value's brackets spread over several lines (TOML arrays, tables)."""
    depth = count = 0
    for line in body:
        if depth > 0:
            count += 1
        if _KEY_VALUE.match(line) or depth > 0:
            depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
            depth = max(depth, 0)
    return count


def _config(lines: list[str]) -> str | None:
    body = [line for line in lines if not line.lstrip().startswith(("#", ";"))]
    sections = sum(1 for line in body if _INI_SECTION.match(line))
    pairs = sum(1 for line in body if _KEY_VALUE.match(line)) + _continued(body)
    if len(body) < 2 or (sections + pairs) < 0.85 * len(body):
        return None
    if sections and _share(body, _TOML_VALUE) >= 0.3:
        return "TOML configuration"
    if sections:
        return "INI configuration"
    return None


def _yaml(lines: list[str]) -> str | None:
    if len(lines) >= 3 and _share(lines, _YAML_LINE) >= 0.9:
        return "YAML data"
    return None


def _script(shebang: str) -> str:
    words = shebang[2:].strip().split()
    name = words[0].rsplit("/", 1)[-1] if words else ""
    if name == "env" and len(words) > 1:
        name = words[1]
    if name.startswith("python"):
        return "Python source"
    if name in ("sh", "bash", "zsh", "dash", "ksh", "fish"):
        return "a shell script"
    return f"a script ({name or 'unknown interpreter'})"


def what_it_is(text: str) -> str | None:
    """What ``text`` looks like when it is code, configuration or data rather than a digest
    (``"Python source"``, ``"TOML configuration"``, ``"CSV data"``...), else None."""
    head = text[:400_000].replace("\r\n", "\n").replace("\r", "\n")
    lines = _lines(head)
    if not lines:
        return None
    if lines[0].startswith("#!"):
        return _script(lines[0])
    if found := _json(head):
        return found
    if _share(lines, _PYTHON) >= 0.03 and sum(1 for x in lines if _PYTHON.match(x)) >= 3:
        return "Python source"
    if _share(lines, _TEX) >= 0.05 or "\\begin{document}" in head:
        return "TeX source"
    if len(lines) >= 3 and _share(lines, _SHELL) >= 0.3:
        return "a shell script"
    if len(lines) >= 5 and _share(lines, _C_LIKE) >= 0.3:
        return "source code"
    if len(_FENCE.findall(head)) >= 2:
        return "Markdown documentation with code blocks"
    if BIBTEX_ENTRY.search(head):
        return None  # BibTeX is a format papercli reads (its fields hold commas and braces)
    return _config(lines) or _csv(lines) or _yaml(lines)
