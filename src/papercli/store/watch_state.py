"""When the watcher is worth asking, and what the library remembers about it.

The watcher (``watch_client``/``watcher``) only pays where the full stat check is slow: below
``WATCH_FROM`` papers statting every file costs less than starting a daemon and asking it, so
``watch: auto`` (the default) starts one only from that size (``watch: true`` always does).

A watcher that cannot start must not cost every read a new attempt. Each failure is written
to the library's local state (``local_state``: ``.papercli/state/watch.json``) with its
reason and a back-off: until ``retry_after`` no
read starts a daemon (it runs the stat check at once), and every failure in a row doubles
the wait, up to an hour. A daemon that starts clears the count (the last failure stays, for
``doctor``). An unreadable or damaged file means "no failures" (and is rewritten).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path

STATE_NAME = "watch"  # .papercli/state/watch.json
LOG_NAME = "watch.log"  # the daemon's stderr: its tracebacks and why it exited
# Measured (whole processes, paired in turns; README "Performance"): `list --limit 50` with
# the watcher took 0.92x the CPU of the stat check at 1,000 papers (within the noise) and
# 0.62x at 10,000; the check grows with the library, the daemon's start-up does not.
WATCH_FROM = 5_000
FIRST_BACKOFF = 60.0  # seconds without a new attempt after the first failure
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class WatchSettings:
    """Whether reads may use the file watcher, from which library size, and how long it
    lives unused (``min_papers`` 0: whatever the size)."""

    enabled: bool = True
    idle_seconds: float = 600.0
    min_papers: int = WATCH_FROM  # as the setting's default, ``auto``

    @classmethod
    def from_setting(cls, watch: bool | str, idle_seconds: float) -> WatchSettings:
        """The settings for the ``watch`` setting's value: true, false or ``auto``."""
        if watch == "auto":
            return cls(True, idle_seconds, WATCH_FROM)
        return cls(bool(watch), idle_seconds, 0)


@dataclass(frozen=True)
class WatchState:
    """What the library remembers about its watcher's failures."""

    failures: int = 0  # failed starts in a row
    last_failure: float | None = None  # when (seconds since the epoch)
    reason: str = ""  # why the last start failed
    retry_after: float = 0.0  # no new start before this moment

    def backing_off(self, now: float | None = None) -> bool:
        """True while no new daemon should be started."""
        return (time.time() if now is None else now) < self.retry_after

    def to_dict(self) -> dict[str, object]:
        """Plain data (for the state file and ``doctor --json``)."""
        return {
            "failures": self.failures,
            "last_failure": self.last_failure,
            "reason": self.reason,
            "retry_after": self.retry_after,
        }


def read_state(hidden_dir: Path) -> WatchState:
    """The recorded state (no failures when the file is missing or unreadable)."""
    from papercli.errors import LibraryError
    from papercli.store.local_state import read_state as read_local
    from papercli.store.local_state import state_file

    path = state_file(Path(hidden_dir), STATE_NAME)

    try:
        data = read_local(path)
        return WatchState(
            failures=int(data.get("failures", 0)),
            last_failure=_number(data.get("last_failure")),
            reason=str(data.get("reason", "")),
            retry_after=float(data.get("retry_after", 0.0)),
        )
    except (LibraryError, ValueError, TypeError, AttributeError):
        return WatchState()


def record_failure(hidden_dir: Path, reason: str, now: float | None = None) -> WatchState:
    """Remember that a start failed and why; the next attempt waits twice as long."""
    now = time.time() if now is None else now
    failures = read_state(hidden_dir).failures + 1
    wait = min(FIRST_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF)
    state = WatchState(failures, now, reason, now + wait)
    _write(hidden_dir, state)
    return state


def record_start(hidden_dir: Path) -> None:
    """A daemon answered: starts are allowed again (the last failure is kept for doctor)."""
    state = read_state(hidden_dir)
    if state.failures or state.retry_after:
        _write(hidden_dir, WatchState(0, state.last_failure, state.reason, 0.0))


def _write(hidden_dir: Path, state: WatchState) -> None:
    """Replace the state file atomically; a folder that cannot be written is left alone."""
    from papercli.store.local_state import state_file, write_state

    with contextlib.suppress(OSError):
        write_state(state_file(Path(hidden_dir), STATE_NAME), state.to_dict())


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
