"""``sync``: commit what is pending, merge what others pushed, push what is ours.

Merge, not rebase: papercli's merge driver runs on a merge and turns two sets of edits to
one entry into one entry once; a rebase would replay each local commit over the remote
ones and could stop at the same entry again and again. A merge also keeps the history of a
shared reading list honest: every commit stays as its author made it, and nothing already
pushed is rewritten.

Removals: a paper removed on one side and unchanged on the other is removed (git's own
merge); removed on both sides, it is gone. Removed on one side and changed on the other, it
is kept (nothing is lost), and the merge commit says so in one ``Papercli-Kept: KEY``
trailer per paper. That record travels with the history, so every clone's ``sync`` reports
the papers when the merge reaches it, and ``doctor`` lists them (``pending_removals``) until
someone decides: ``papercli rm KEY`` removes the paper again, ``papercli sync --keep KEY``
keeps it (an empty commit with a ``Papercli-Keep: KEY`` trailer). Papers whose fields
changed differently on both sides stop the sync with ``MergeConflict`` (exit 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from papercli.ops import git
from papercli.ops.git import GitError, MergeConflict, check, run
from papercli.store import Store
from papercli.store.files import key_of_name


@dataclass
class SyncReport:
    """What ``sync`` did, for one summary line."""

    committed: str = ""  # message of the commit of pending changes, if any
    remote: str = ""  # ``origin/main`` when there is one
    incoming: int = 0  # commits merged in
    outgoing: int = 0  # commits pushed
    kept: list[str] = field(default_factory=list)  # keys removed on one side, changed on the
    # other, named by the merges this sync brought in (its own, or another clone's)
    decided: list[str] = field(default_factory=list)  # keys ``--keep`` kept
    note: str = ""  # why nothing was exchanged (no remote, offline)

    def summary(self) -> str:
        """One line: ``synced with origin/main: 2 commits in, 1 out``."""
        parts = []
        if self.committed:
            parts.append(f"committed {self.committed.removeprefix('sync: ')}")
        if self.remote and not self.note:
            parts.append(f"synced with {self.remote}: {self.incoming} in, {self.outgoing} out")
        if self.decided:
            parts.append(f"keeping {', '.join(self.decided)} (recorded for every clone)")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts) or "nothing to sync"

    def kept_message(self) -> str:
        """What to tell about papers removed on one machine and changed on another, or ''."""
        if not self.kept:
            return ""
        count = len(self.kept)
        papers = f"{count} paper{'s' if count != 1 else ''}"
        return f"kept {papers} removed on one machine and changed on another: " + kept_hint(
            self.kept
        )


KEPT_TRAILER = "Papercli-Kept"
KEEP_TRAILER = "Papercli-Keep"


def kept_hint(keys: list[str]) -> str:
    """``a, b; 'papercli rm a b' removes them again, 'papercli sync --keep a b' keeps them``."""
    names = " ".join(keys)
    return (
        f"{', '.join(keys)}; 'papercli rm {names}' removes "
        f"{'it' if len(keys) == 1 else 'them'} again, 'papercli sync --keep {names}' "
        f"keeps {'it' if len(keys) == 1 else 'them'}"
    )


def sync(store: Store, keep: list[str] | None = None) -> SyncReport:
    """Commit pending changes (and ``keep`` decisions), fetch + merge, push, then refresh
    the index."""
    store.require()
    root = store.root
    git.require_repo(root)
    git.register_driver(root)
    report = SyncReport()
    before = _head(root)  # a merge concluded below (stopped by a conflict before) counts too
    with store.transaction():
        report.committed = _commit_pending(store)
        if keep:
            report.decided = _record_keep(store, keep)
    _exchange(store, _branch(root), report)
    report.kept = _kept_since(store, before)
    return report


def _exchange(store: Store, branch: str, report: SyncReport) -> None:
    """Fetch, merge and push (``report`` says what happened), then refresh the index."""
    root = store.root
    remote, remote_branch, tracked = _upstream(root, branch)
    if remote is None:
        report.note = "no remote to sync with; changes are committed locally"
        store.count()
        return
    report.remote = f"{remote}/{remote_branch}"
    fetched = run(root, "fetch", "--quiet", remote)
    if not fetched.ok:
        report.note = (
            f"cannot reach {remote} ({git.first_line(fetched)}); changes are committed "
            "locally, run 'papercli sync' again when online"
        )
        store.count()
        return
    target = f"refs/remotes/{remote}/{remote_branch}"
    exists = run(root, "rev-parse", "-q", "--verify", target).ok
    if exists:
        report.incoming = _count(root, f"HEAD..{target}")
        if report.incoming:
            with store.transaction():
                _merge(store, target, report.remote)
    report.outgoing = _count(root, f"{target}..HEAD" if exists else "HEAD")
    if report.outgoing or not tracked:
        _push(root, remote, f"{branch}:refs/heads/{remote_branch}", tracked)
    store.count()  # any read brings the index up to date with the merged files


def _commit_pending(store: Store) -> str:
    root = store.root
    if git.merging(root):
        _stop_if_conflicted(store)
        kept = _trailer_keys(git.merge_message(root), KEPT_TRAILER)
        git.commit_all(root, _with_trailers("sync: conclude merge", KEPT_TRAILER, kept))
        return "sync: conclude merge"
    pending = git.changed_paths(root)
    if not pending:
        return ""
    message = git.describe_pending(pending)
    return message if git.commit_all(root, message) else ""


def _branch(root: Path) -> str:
    result = run(root, "symbolic-ref", "--short", "-q", "HEAD")
    if not result.ok:
        raise GitError("the library's repository is not on a branch; 'papercli git switch ...'")
    return result.out.strip()


def _upstream(root: Path, branch: str) -> tuple[str | None, str, bool]:
    """(remote, branch there, whether the branch already tracks it)."""
    remote = run(root, "config", "--get", f"branch.{branch}.remote").out.strip()
    merge = run(root, "config", "--get", f"branch.{branch}.merge").out.strip()
    if remote and remote != "." and merge:
        return remote, merge.removeprefix("refs/heads/"), True
    remotes = run(root, "remote").out.split()
    if not remotes:
        return None, branch, False
    return ("origin" if "origin" in remotes else remotes[0]), branch, False


def _count(root: Path, revisions: str) -> int:
    result = run(root, "rev-list", "--count", revisions)
    return int(result.out.strip()) if result.ok and result.out.strip().isdigit() else 0


def _merge(store: Store, target: str, name: str) -> None:
    """Merge ``target``; settle removed-vs-changed papers (recorded in the merge message);
    MergeConflict for the rest."""
    root = store.root
    message = f"sync: merge {name}"
    merged = run(root, "merge", "--no-edit", "-m", message, target)
    if merged.ok:
        return
    if not git.merging(root):
        raise GitError(f"git merge failed: {git.first_line(merged)}")
    kept = [
        key_of_name(Path(path).name)
        for path in _settle_removals(root)
        if path.startswith("entries/")
    ]
    message = _with_trailers(message, KEPT_TRAILER, kept)
    git.set_merge_message(root, message)  # a sync that stops here concludes with it
    _stop_if_conflicted(store)
    check(root, "commit", "--quiet", "-F", "-", stdin=message, doing="git commit")


def _with_trailers(message: str, trailer: str, keys: list[str]) -> str:
    if not keys:
        return message
    return message + "\n\n" + "".join(f"{trailer}: {key}\n" for key in keys)


def _trailer_keys(text: str, trailer: str) -> list[str]:
    prefix = trailer + ":"
    return [
        line[len(prefix) :].strip()
        for line in text.splitlines()
        if line.startswith(prefix) and line[len(prefix) :].strip()
    ]


def _head(root: Path) -> str | None:
    result = run(root, "rev-parse", "-q", "--verify", "HEAD")
    return result.out.strip() if result.ok else None


def _kept_since(store: Store, before: str | None) -> list[str]:
    """Keys the merges after ``before`` (a commit) kept though removed on one side, that
    still wait for a decision."""
    span = f"{before}..HEAD" if before else "HEAD"
    log = run(store.root, "log", "--merges", f"--grep=^{KEPT_TRAILER}:", "--format=%B", span)
    keys = _trailer_keys(log.out, KEPT_TRAILER) if log.ok else []
    if not keys:
        return []
    waiting = set(pending_removals(store))
    return [key for key in dict.fromkeys(keys) if key in waiting]


def pending_removals(store: Store) -> list[str]:
    """Papers a sync kept though removed on one machine, that nobody has decided on since:
    still in the library, not removed again after the merge that kept them, and no
    ``sync --keep`` for them after it. Empty when the library is not in a git repository.
    """
    root = store.root
    if git.top_level(root) is None:
        return []
    log = run(
        root,
        "log",
        "--reverse",
        f"--grep=^{KEPT_TRAILER}:",
        f"--grep=^{KEEP_TRAILER}:",
        "--format=%H%x00%B%x00",
    )
    if not log.ok:
        return []
    waiting: dict[str, str] = {}  # key -> the merge that kept it
    fields = log.out.split("\0")
    for commit, body in zip(fields[::2], fields[1::2], strict=False):
        for key in _trailer_keys(body, KEPT_TRAILER):
            waiting[key] = commit.strip()
        for key in _trailer_keys(body, KEEP_TRAILER):
            waiting.pop(key, None)
    return sorted(key for key, commit in waiting.items() if _undecided(store, key, commit))


def _undecided(store: Store, key: str, commit: str) -> bool:
    """The paper is still there and was not removed (and brought back) since ``commit``."""
    path = store.entry_path(key)
    if not path.exists():
        return False
    removed = run(
        store.root, "log", "-1", "--format=%H", "--diff-filter=D", f"{commit}..HEAD", "--",
        store.relative(str(path)),
    )  # fmt: skip
    return not (removed.ok and removed.out.strip())


def _record_keep(store: Store, keys: list[str]) -> list[str]:
    """One empty commit saying ``keys`` stay; GitError naming a key that is not waiting."""
    waiting = set(pending_removals(store))
    for key in keys:
        if key not in waiting:
            raise GitError(
                f"{key} is not waiting for a decision ('papercli doctor' lists the papers "
                "a sync kept though removed on another machine)"
            )
    keys = list(dict.fromkeys(keys))
    message = _with_trailers(f"sync: keep {', '.join(keys)}", KEEP_TRAILER, keys)
    check(store.root, "commit", "--quiet", "--allow-empty", "-F", "-", stdin=message)
    return keys


def _settle_removals(root: Path) -> list[str]:
    """Keep papers removed on one side and changed on the other; drop ones removed on both."""
    status = run(root, "status", "--porcelain=v1", "-z", "--", ".").out
    prefix = run(root, "rev-parse", "--show-prefix").out.strip()
    kept = []
    for record in status.split("\0"):
        code, path = record[:2], record[3:].removeprefix(prefix)
        if code in ("DU", "UD"):
            check(root, "add", "--", path)
            kept.append(path)
        elif code == "DD":
            check(root, "rm", "--quiet", "--cached", "--", path)
    return kept


def _stop_if_conflicted(store: Store) -> None:
    """MergeConflict naming the papers still conflicted; ones already fixed by hand (a valid
    entry again, markers gone) are marked resolved."""
    root = store.root
    left = []
    for path in git.unmerged(root):
        key = Path(path).name.removesuffix(".yaml")
        if path.startswith("entries/") and store.try_read(key) is not None:
            check(root, "add", "--", path)
        else:
            left.append(path)
    if not left:
        return
    keys = [Path(p).name.removesuffix(".yaml") for p in left]
    shown = ", ".join(keys[:5]) + (f" (+{len(keys) - 5} more)" if len(keys) > 5 else "")
    raise MergeConflict(
        f"merge conflict in {len(left)} paper(s): {shown}; keep one version of each "
        "conflicting field with 'papercli edit KEY', then run 'papercli sync'"
    )


def _push(root: Path, remote: str, refspec: str, tracked: bool) -> None:
    args = ["push", "--quiet"] + ([] if tracked else ["--set-upstream"])
    pushed = run(root, *args, remote, refspec)
    if not pushed.ok:
        raise GitError(
            f"push to {remote} failed: {git.first_line(pushed)}; your commits are kept, "
            "run 'papercli sync' again"
        )
