"""Small JSON documents a library keeps about itself (``.papercli/state/<name>.json``).

Unlike caches, local state is not derived from the entries and is never deleted by
papercli: ``pull`` remembers there the last day it pulled from each source. It is local
to one copy of the library (``.papercli/`` is not committed to git).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from papercli.errors import LibraryError
from papercli.store.atomic import atomic_write_text

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def state_file(hidden_dir: Path, name: str) -> Path:
    """The file of state ``name`` (a lower-case word) under the hidden folder."""
    if not _NAME.match(name):
        raise ValueError(f"bad state name {name!r}")
    return hidden_dir / "state" / f"{name}.json"


def read_state(path: Path) -> dict[str, Any]:
    """The mapping saved at ``path`` ({} when there is none); LibraryError when damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise LibraryError(f"cannot read {path}: {reason}; delete it to start afresh") from None
    if not isinstance(data, dict):
        raise LibraryError(f"{path} is not a JSON object; delete it to start afresh")
    return data


def write_state(path: Path, data: dict[str, Any]) -> None:
    """Save ``data`` at ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
