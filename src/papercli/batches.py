"""Pure work over many items, spread over the machine's cores in forked workers.

Reading and tokenising 100,000 entry files, or writing 100,000 BibTeX entries, is pure
Python; ``batched`` runs it a few batches ahead in worker processes (forked, so they see
the inputs without copying them through a pipe) while the caller consumes the results in
order. Small jobs, and platforms without ``fork``, run in-process: the result is the same
either way. Workers ignore SIGINT: a Ctrl-C in a terminal reaches the whole process
group, and only the parent should handle it (workers would print tracebacks, and a pool
whose workers died mid-task can hang); leaving the pool terminates them.

``LazySequence`` holds items still packed (the index's bytes) with their keys: a job over it
decodes each batch in the worker that handles it, so the parent decodes nothing and the
decoding is spread over the cores too.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from types import ModuleType
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")

# Below this many items a worker pool costs more than it saves.
PARALLEL_FROM = 4_000
# Batches computed ahead of the consumer: bounds the memory the results can take.
AHEAD = 4

# The inputs of the current job. Workers are forked after it is set, so they read it from
# their copy of memory instead of receiving it through a pipe.
_SOURCE: Any = None


def source() -> Any:
    """The current job's inputs (for the work function, in a worker or in-process)."""
    return _SOURCE


def batched(
    work: Callable[[tuple[int, int]], Any], inputs: Any, total: int, batch: int
) -> Generator[Any, None, None]:
    """``work(span)`` for each ``batch``-sized span of ``range(total)``, in order.

    ``work`` reads ``source()`` (which is ``inputs``) and must be a module-level function.
    """
    global _SOURCE
    spans = [(start, min(start + batch, total)) for start in range(0, total, batch)]
    _SOURCE = inputs
    try:
        workers = worker_count(total)
        if workers < 2:
            yield from map(work, spans)
            return
        with _pool(workers) as pool:
            pending: deque[Any] = deque()
            for span in spans:
                pending.append(pool.apply_async(work, (span,)))
                if len(pending) > AHEAD:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _SOURCE = None


def _pool(workers: int) -> Any:
    """A pool of forked workers that never see SIGINT: it is blocked while they are forked
    (here, and in the pool's own threads, which inherit the mask and fork replacements), so
    a Ctrl-C landing mid-fork cannot kill a worker before it ignores SIGINT, which would
    leave the pool waiting for it forever."""
    context = _multiprocessing().get_context("fork")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return context.Pool(workers, initializer=_ignore_sigint)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _multiprocessing() -> ModuleType:
    """The multiprocessing module, loaded only for the large jobs that use it (a start-up
    cost every command would pay otherwise)."""
    import multiprocessing

    return multiprocessing


def worker_count(total: int) -> int:
    """How many workers a job of ``total`` items gets (1: run in-process)."""
    if total < PARALLEL_FROM or sys.platform != "linux":
        return 1
    if "fork" not in _multiprocessing().get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 4)


class LazySequence(Sequence[T], Generic[T]):
    """Items kept packed and decoded when read: an index or a slice decodes only what it
    returns, and ``keys`` (one per item) needs no decoding at all."""

    def __init__(
        self,
        keys: list[str],
        packed: Sequence[Any],
        decode: Callable[[Any], T],
        unnamed: list[str] | Callable[[], list[str]] | None = None,
    ) -> None:
        self.keys = keys
        self._packed = packed
        self._decode = decode
        # Keys of the items without author names, when the index said (an export's warning).
        self._unnamed = unnamed

    @property
    def unnamed(self) -> list[str] | None:
        """Keys of the items without author names, when the index said (a function giving
        them is called when first asked: a listing never asks)."""
        if callable(self._unnamed):
            self._unnamed = self._unnamed()
        return self._unnamed

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._decode(item) for item in self._packed[index]]
        return self._decode(self._packed[index])

    def __iter__(self) -> Iterator[T]:
        return map(self._decode, self._packed)

    def sorted_by_key(self, key: Callable[[str], Any]) -> LazySequence[T]:
        """The same items ordered by ``key(item's key)``, still packed."""
        ranks = list(map(key, self.keys))
        order = sorted(range(len(ranks)), key=ranks.__getitem__)
        keys = [self.keys[i] for i in order]
        reordered = getattr(self._packed, "reordered", None)  # packed rows not read yet
        unnamed = None
        if self.unnamed is not None:  # in the new order, without sorting them again
            wanted = set(self.unnamed)
            unnamed = [k for k in keys if k in wanted]
        return LazySequence(
            keys,
            reordered(order) if reordered else [self._packed[i] for i in order],
            self._decode,
            unnamed,
        )


def keys_of(items: Sequence[Any]) -> list[str]:
    """The ``key`` of every item, without decoding a ``LazySequence``."""
    if isinstance(items, LazySequence):
        return items.keys
    return [item.key for item in items]
