"""After a command that wrote entries: commit what it wrote, when the library wants that.

Called by the error boundary (``app.guarded``) only after a command succeeded and its store
wrote or deleted entry files, so reading commands never start git. The commit message is
the one-line summary the command gave ``app.describe`` (else ``NAME: N papers``). A commit
that fails never fails the command: the change is on disk, and ``sync`` commits it later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercli.cli import output
from papercli.errors import PapercliError

if TYPE_CHECKING:
    from papercli.config import Settings
    from papercli.store import Store


def commit_written(store: Store, settings: Settings, summary: str | None, name: str) -> None:
    """Commit the entry files ``store`` wrote, per the ``git_commit`` setting."""
    from papercli.config import GIT_COMMIT_AUTO
    from papercli.ops import git

    try:
        mode = settings.value("git_commit")
        if mode is False or (mode == GIT_COMMIT_AUTO and not git.uses_driver(store.root)):
            return
        if git.top_level(store.root) is None:
            if mode is True:
                output.warn(
                    f"git_commit is on but {store.root} is not in a git repository; "
                    "nothing was committed"
                )
            return
        count = len(store.written)
        message = summary or f"{name}: {count} paper{'s' if count != 1 else ''}"
        with store.transaction():
            done = git.autocommit(store.root, message, store.written_paths())
        if done.note:
            output.info(done.note)
    except PapercliError as exc:
        output.warn(f"not committed to git: {exc}; 'papercli sync' commits it later")
