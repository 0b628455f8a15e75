"""The web page of a paper, and showing it in the user's browser."""

from __future__ import annotations

import webbrowser

from papercli.errors import InputError
from papercli.model import Entry
from papercli.parsers.arxiv_common import abs_url


def paper_url(entry: Entry) -> str | None:
    """The arXiv abstract page, else the first URL, else the DOI resolver; None if none."""
    if entry.arxiv_id and entry.arxiv_id.strip():
        return abs_url(entry.arxiv_id.strip())
    for url in entry.urls:
        if url.strip():
            return url.strip()
    if entry.doi and entry.doi.strip():
        return f"https://doi.org/{entry.doi.strip()}"
    return None


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
