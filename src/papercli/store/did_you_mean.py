"""'Did you mean' hints: the known keys that look most like a mistyped one."""

from __future__ import annotations

from collections.abc import Iterable


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys that look most like ``key`` (for 'did you mean' hints)."""
    # Imported here, on the error path only: every command loads the store at start-up.
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        key, list(keys), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [m[0] for m in matches if m[1] >= 50]
