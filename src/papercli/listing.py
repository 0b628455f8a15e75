"""Small checks and hints for the reading commands: limits and did-you-mean keys."""

from __future__ import annotations

from collections.abc import Iterable

from papercli.errors import InputError


def check_limit(limit: int | None) -> None:
    """Raise InputError for a negative limit."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """Keys that look most like ``key`` (for 'did you mean' hints)."""
    from rapidfuzz import fuzz, process, utils

    matches = process.extract(
        key, list(keys), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [m[0] for m in matches if m[1] >= 50]
