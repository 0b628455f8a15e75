"""Entry <-> YAML text: the one place papercli reads and writes YAML.

The safe (C when available) loader and dumper only; entry files through a fast emitter
(``emit``) and reader (``fast_read``) for the shape papercli writes; ``yaml_problem`` says
what the parser disliked and where, for every message about a YAML file (entries, the
config file, imported papercli YAML).

PyYAML is imported on first use: files in the shape papercli writes never need it, and a
command that answers from the index reads no entry file at all.
"""

from __future__ import annotations

from typing import Any

from papercli.entry_yaml.emit import dump_mapping
from papercli.entry_yaml.fast_read import fast_load
from papercli.model import Entry


def yaml_error() -> type[Exception]:
    """PyYAML's error class (for ``except yaml_error():``, evaluated only on an error)."""
    import yaml

    return yaml.YAMLError


def _safe() -> tuple[Any, Any, Any]:
    """PyYAML, its safe dumper and its safe loader (the C ones when PyYAML has them)."""
    import yaml

    try:  # pragma: no cover - depends on how PyYAML was built
        return yaml, yaml.CSafeDumper, yaml.CSafeLoader
    except AttributeError:  # pragma: no cover
        return yaml, yaml.SafeDumper, yaml.SafeLoader


def __getattr__(name: str) -> Any:
    """``SafeLoader`` and ``SafeDumper`` (the C ones when PyYAML has them), on first use."""
    if name in ("SafeLoader", "SafeDumper"):
        _, dumper, loader = _safe()
        return loader if name == "SafeLoader" else dumper
    raise AttributeError(name)


def dump_yaml(data: Any) -> str:
    """YAML text for plain data: block style, keys in given order, Unicode kept."""
    yaml, dumper, _ = _safe()
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no tags, no object construction)."""
    yaml, _, loader = _safe()
    return yaml.load(text, Loader=loader)


def load_simple_yaml(text: str) -> Any:
    """``load_yaml``, through the fast reader when the text is in the shape it reads."""
    data = fast_load(text)
    return load_yaml(text) if data is None else data


def yaml_problem(exc: Exception) -> str:
    """What the YAML parser disliked, and where (line and column when it says)."""
    import yaml

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
