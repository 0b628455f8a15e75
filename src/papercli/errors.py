"""Errors a user can act on, each with its exit status.

The core raises these; the CLI's single error boundary prints ``Error: <message>`` on
stderr and exits with ``exit_code``. Exit statuses are listed in README.md.
"""

from __future__ import annotations


class PapercliError(Exception):
    """Base class: a failure with a message meant for the user."""

    exit_code = 1


class InputError(PapercliError):
    """A digest or argument that cannot be used (missing, binary, no papers...)."""

    exit_code = 1


class NotFoundError(PapercliError):
    """A key, tag or other name that does not exist in the library."""

    exit_code = 1


class NoMatchError(PapercliError):
    """A search that found nothing (exit 1, like grep)."""

    exit_code = 1


class LibraryError(PapercliError):
    """The library on disk cannot be read or written safely."""

    exit_code = 2


class LockError(LibraryError):
    """Another papercli process holds the library lock."""

    exit_code = 3


class SourceError(PapercliError):
    """An online source (arXiv, Crossref) that cannot be used: unreachable or a bad answer."""

    exit_code = 1


class NetworkError(SourceError):
    """No answer: no network, a timeout, retries used up, or ``--offline`` without a cache."""


class BadResponseError(SourceError):
    """An answer that is malformed, hostile or too large; nothing is taken from it."""


class MissingCitationsError(NotFoundError):
    """A LaTeX document cites keys the library lacks; the papers it has were still exported."""

    exit_code = 5


class Interrupted(KeyboardInterrupt):
    """Ctrl-C that stopped a write part-way: the message says what was kept and how to
    finish (the CLI prints ``Error: interrupted; <message>`` and exits 130)."""
