"""The store: the only owner of a library's entries (files, lock, index, freshness)."""

from papercli.store.files import FileProblem
from papercli.store.query import Query
from papercli.store.store import Store, WatchSettings

__all__ = ["FileProblem", "Query", "Store", "WatchSettings"]
