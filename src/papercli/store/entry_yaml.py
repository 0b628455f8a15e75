"""Entry <-> YAML text, with the safe (C when available) loader and dumper only."""

from __future__ import annotations

from typing import Any

import yaml

from papercli.model import Entry
from papercli.store.yaml_emit import dump_mapping
from papercli.store.yaml_read import fast_load

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


def entry_to_yaml(entry: Entry) -> str:
    """The text of ``entries/<key>.yaml`` for ``entry`` (fast emitter, see yaml_emit)."""
    return dump_mapping(entry.to_dict())


def entry_from_yaml(text: str) -> Entry:
    """Parse an entry file's text; raises yaml.YAMLError or EntryFormatError.

    Files in the shape papercli writes take the fast reader; any other YAML takes PyYAML.
    """
    data = fast_load(text)
    return Entry.from_dict(load_yaml(text) if data is None else data)
