"""``sync``: commit what is pending, merge what others pushed, push what is ours.

Merge, not rebase: papercli's merge driver runs on a merge and turns two sets of edits to
one entry into one entry once; a rebase would replay each local commit over the remote
ones and could stop at the same entry again and again. A merge also keeps the history of a
shared reading list honest: every commit stays as its author made it, and nothing already
pushed is rewritten.

Conflicts that are not about the content of one entry are settled the same way every
time: a paper removed on one side and changed on the other is kept (nothing is lost; the
remover can ``rm`` it again), a paper removed on both sides is gone. Papers whose fields
changed differently on both sides stop the sync with ``MergeConflict`` (exit 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from papercli.ops import git
from papercli.ops.git import GitError, MergeConflict, check, run
from papercli.store import Store


@dataclass
class SyncReport:
    """What ``sync`` did, for one summary line."""

    committed: str = ""  # message of the commit of pending changes, if any
    remote: str = ""  # ``origin/main`` when there is one
    incoming: int = 0  # commits merged in
    outgoing: int = 0  # commits pushed
    kept: list[str] = field(default_factory=list)  # removed on one side, changed on the other
    note: str = ""  # why nothing was exchanged (no remote, offline)

    def summary(self) -> str:
        """One line: ``synced with origin/main: 2 commits in, 1 out``."""
        parts = []
        if self.committed:
            parts.append(f"committed {self.committed.removeprefix('sync: ')}")
        if self.remote and not self.note:
            parts.append(f"synced with {self.remote}: {self.incoming} in, {self.outgoing} out")
        if self.kept:
            parts.append(f"kept {len(self.kept)} paper(s) removed on one side only")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts) or "nothing to sync"


def sync(store: Store) -> SyncReport:
    """Commit pending changes, fetch + merge, push, then refresh the index."""
    store.require()
    root = store.root
    git.require_repo(root)
    git.register_driver(root)
    report = SyncReport()
    with store.transaction():
        report.committed = _commit_pending(store)
    branch = _branch(root)
    remote, remote_branch, tracked = _upstream(root, branch)
    if remote is None:
        report.note = "no remote to sync with; changes are committed locally"
        store.count()
        return report
    report.remote = f"{remote}/{remote_branch}"
    fetched = run(root, "fetch", "--quiet", remote)
    if not fetched.ok:
        report.note = (
            f"cannot reach {remote} ({git.first_line(fetched)}); changes are committed "
            "locally, run 'papercli sync' again when online"
        )
        store.count()
        return report
    target = f"refs/remotes/{remote}/{remote_branch}"
    exists = run(root, "rev-parse", "-q", "--verify", target).ok
    if exists:
        report.incoming = _count(root, f"HEAD..{target}")
        if report.incoming:
            with store.transaction():
                report.kept = _merge(store, target, report.remote)
    report.outgoing = _count(root, f"{target}..HEAD" if exists else "HEAD")
    if report.outgoing or not tracked:
        _push(root, remote, f"{branch}:refs/heads/{remote_branch}", tracked)
    store.count()  # any read brings the index up to date with the merged files
    return report


def _commit_pending(store: Store) -> str:
    root = store.root
    if git.merging(root):
        _stop_if_conflicted(store)
        git.commit_all(root, "sync: conclude merge")
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


def _merge(store: Store, target: str, name: str) -> list[str]:
    """Merge ``target``; settle removed-vs-changed papers; MergeConflict for the rest."""
    root = store.root
    merged = run(root, "merge", "--no-edit", "-m", f"sync: merge {name}", target)
    if merged.ok:
        return []
    if not git.merging(root):
        raise GitError(f"git merge failed: {git.first_line(merged)}")
    kept = _settle_removals(root)
    _stop_if_conflicted(store)
    check(root, "commit", "--quiet", "--no-edit", doing="git commit")
    return kept


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
