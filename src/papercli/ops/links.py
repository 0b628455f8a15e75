"""The web page of a paper, and showing it in the user's browser."""

from __future__ import annotations

import webbrowser

from papercli.errors import InputError
from papercli.model import Entry, paper_url


def require_url(entry: Entry) -> str:
    """``paper_url``, or InputError saying how to add one."""
    url = paper_url(entry)
    if url is None:
        raise InputError(
            f"{entry.key} has no arXiv id, URL or DOI to open; add one with "
            f"'papercli edit {entry.key}'"
        )
    return url


def open_in_browser(url: str) -> None:
    """Show ``url`` in the browser chosen by ``$BROWSER`` or the system; InputError if none."""
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error as exc:
        raise InputError(
            f"cannot start a web browser ({exc}); set $BROWSER or use --print"
        ) from None
    if not opened:
        raise InputError("no web browser could be started; set $BROWSER or use --print")
