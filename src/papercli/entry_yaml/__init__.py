"""Entry <-> YAML text: the one place papercli reads and writes YAML.

The safe (C when available) loader and dumper only; entry files through a fast emitter
(``emit``) and reader (``fast_read``) for the shape papercli writes; ``yaml_problem`` says
what the parser disliked and where, for every message about a YAML file (entries, the
config file, imported papercli YAML).
"""

from __future__ import annotations

from typing import Any

import yaml

from papercli.entry_yaml.emit import dump_mapping
from papercli.entry_yaml.fast_read import fast_load
from papercli.model import Entry

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper, SafeLoader  # type: ignore[assignment]


def dump_yaml(data: Any) -> str:
    """YAML text for plain data: block style, keys in given order, Unicode kept."""
    return yaml.dump(
        data,
        Dumper=SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no tags, no object construction)."""
    return yaml.load(text, Loader=SafeLoader)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What the YAML parser disliked, and where (line and column when it says)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        return f"character U+{code:04X} is not allowed in YAML text"
    if mark is None or problem is None:
        return str(exc).splitlines()[0] if str(exc) else "syntax error"
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"


def entry_to_yaml(entry: Entry) -> str:
    """The text of ``entries/<key>.yaml`` for ``entry`` (fast emitter, see yaml_emit)."""
    return dump_mapping(entry.to_dict())


def entry_from_yaml(text: str) -> Entry:
    """Parse an entry file's text; raises yaml.YAMLError or EntryFormatError.

    Files in the shape papercli writes take the fast reader; any other YAML takes PyYAML.
    """
    data = fast_load(text)
    return Entry.from_dict(load_yaml(text) if data is None else data)
