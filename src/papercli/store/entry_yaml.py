"""Entry <-> YAML text, with the safe (C when available) loader and dumper only.

PyYAML is imported on first use: files in the shape papercli writes never need it (see
``yaml_read``), and a command that answers from the index reads no entry file at all.
"""

from __future__ import annotations

from typing import Any

from papercli.model import Entry
from papercli.store.yaml_emit import dump_mapping
from papercli.store.yaml_read import fast_load


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


def entry_to_yaml(entry: Entry) -> str:
    """The text of ``entries/<key>.yaml`` for ``entry`` (fast emitter, see yaml_emit)."""
    return dump_mapping(entry.to_dict())


def entry_from_yaml(text: str) -> Entry:
    """Parse an entry file's text; raises yaml.YAMLError or EntryFormatError.

    Files in the shape papercli writes take the fast reader; any other YAML takes PyYAML.
    """
    data = fast_load(text)
    return Entry.from_dict(load_yaml(text) if data is None else data)
