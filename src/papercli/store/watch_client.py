"""Ask the library's watcher daemon which entry files changed since a token.

:func:`changes_since` connects to ``hidden_dir/watch.sock`` and, when no daemon answers,
starts one (``python -m papercli.store.watcher``) and waits for it. The answer is
``(token, changed)``: keep the token for the next question; ``changed`` lists the names in the
entries folder written, touched, created, deleted or renamed since the given token, or is
None when the daemon cannot tell (a new daemon, an unknown token, lost events): then run the
full check. :class:`WatchUnavailable` means there is no watcher to ask (not Linux, a file
system inotify cannot see, a daemon that cannot start, an answer cut off): run the full check.
Its subclass :class:`Unresponsive` means a daemon holds the socket but did not answer in
time, or speaks another protocol version: :func:`replace_watcher` puts a new one in its place.

Every question and answer carries ``"v": PROTOCOL``. A daemon's stderr (its tracebacks, and a
line saying why it exited) goes to ``.papercli/watch.log``.

This module runs at every command start, so it imports only what that path needs.
"""

from __future__ import annotations

# The C module, not ``socket``: that one spends ~3.5 ms building enums at import, at every
# command start; a Unix stream socket needs nothing it adds.
import _socket
import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PROTOCOL = 1  # bumped whenever a question or an answer changes shape
SOCKET_NAME = "watch.sock"
LOCK_NAME = "watch.lock"  # flock held by the daemon; holds its pid and start time
LOG_NAME = "watch.log"  # the daemon's stderr
LOG_LIMIT = 256 * 1024  # a longer log is emptied before a new daemon writes to it
ANSWER_TIMEOUT = 0.3  # a running daemon answers in milliseconds; later means it is stuck
START_TIMEOUT = 2.0  # a new daemon needs an interpreter start-up first
SHORT_PATH_LIMIT = 100  # sun_path holds 108 bytes; longer paths go through /proc/self/fd

# Exit statuses of the daemon, so a client that started one can say why it is not there.
EXIT_BAD_FOLDER = 3
EXIT_NO_INOTIFY = 4
EXIT_UNWATCHABLE_FS = 5
EXIT_CANNOT_LISTEN = 6
_EXIT_REASONS = {
    EXIT_BAD_FOLDER: "the entries folder cannot be watched (missing or not a folder)",
    EXIT_NO_INOTIFY: "inotify is unavailable (kernel support or watch limit)",
    EXIT_UNWATCHABLE_FS: "the file system may change without inotify seeing it",
    EXIT_CANNOT_LISTEN: "the watcher cannot create its socket",
}

# Network and pass-through file systems: a change made on another machine (or on the host of
# a WSL or VM mount) raises no inotify event here, so a watcher would miss it.
_REMOTE_FS = frozenset(
    "nfs nfs4 cifs smb3 smbfs ncpfs afs 9p virtiofs ceph glusterfs lustre gpfs "
    "beegfs ocfs2 gfs2 davfs coda vboxsf vmhgfs prl_fs".split()
)


# Daemons this process started: kept so that they are not reported as leaked by Popen.__del__
# and so that a long-lived caller (a test) can reap them.
started: list[subprocess.Popen[bytes]] = []


class WatchUnavailable(Exception):
    """No watcher can answer; the caller falls back to the full check."""


class NotRunning(WatchUnavailable):
    """No daemon listens on the socket (and none was to be started)."""


class Unresponsive(WatchUnavailable):
    """A daemon holds the socket but did not answer in time, or in another protocol."""


class _NoAnswer(Exception):
    """Nobody listens on the socket (or it closed before saying anything)."""


def changes_since(
    hidden_dir: Path,
    entries_dir: Path,
    token: str | None,
    *,
    idle_seconds: float = 600,
    start: bool = True,
    timeout: float = START_TIMEOUT,
) -> tuple[str, list[str] | None]:
    """``(new token, names changed since token)``; changed is None when a full check is due.

    ``start``: when no daemon listens, start one and wait up to ``timeout`` for its answer.
    """
    if not sys.platform.startswith("linux"):
        raise WatchUnavailable("file watching needs Linux inotify")
    try:
        return _ask(hidden_dir, {"since": token}, timeout)
    except _NoAnswer:
        if not start:
            raise NotRunning("no watcher is running for this library") from None
    return _start_and_ask(hidden_dir, entries_dir, token, idle_seconds, timeout)


def replace_watcher(
    hidden_dir: Path,
    entries_dir: Path,
    token: str | None,
    *,
    idle_seconds: float = 600,
    timeout: float = START_TIMEOUT,
) -> tuple[str, list[str] | None]:
    """Kill the daemon that holds the socket without answering, start a new one, ask it."""
    if not sys.platform.startswith("linux"):
        raise WatchUnavailable("file watching needs Linux inotify")
    pid = _daemon_pid(hidden_dir)
    if pid is not None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # a stopped (SIGSTOP) process ignores SIGTERM
        deadline = time.monotonic() + timeout
        while watcher_running(hidden_dir) and time.monotonic() < deadline:
            time.sleep(0.002)
    with contextlib.suppress(OSError):
        (Path(hidden_dir) / SOCKET_NAME).unlink()
    return _start_and_ask(hidden_dir, entries_dir, token, idle_seconds, timeout)


def stop_watcher(hidden_dir: Path, timeout: float = 5.0) -> bool:
    """Stop the library's watcher, waiting until it has exited; True if one was running."""
    if not watcher_running(hidden_dir):
        return False
    try:
        _ask(hidden_dir, {"stop": True}, timeout)
    except (_NoAnswer, WatchUnavailable):
        pid = _daemon_pid(hidden_dir)
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while watcher_running(hidden_dir):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def watcher_running(hidden_dir: Path) -> bool:
    """Whether a watcher daemon holds this library's watch lock."""
    try:
        fd = os.open(Path(hidden_dir) / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops our shared lock, if we got it
    return False


def watcher_pid(hidden_dir: Path) -> int | None:
    """The pid of the running watcher daemon, if there is one."""
    return _daemon_pid(hidden_dir) if watcher_running(hidden_dir) else None


def unwatchable_file_system(path: Path) -> str | None:
    """The type of the file system holding ``path`` if inotify may miss changes on it."""
    try:
        dev = os.stat(path).st_dev
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mounts:
            lines = mounts.read().splitlines()
    except OSError:
        return None
    wanted = f"{os.major(dev)}:{os.minor(dev)}"
    for line in lines:
        fields = line.split()
        if len(fields) < 3 or fields[2] != wanted or " - " not in line:
            continue
        fstype = line.split(" - ", 1)[1].split()[0]
        if fstype in _REMOTE_FS or fstype.startswith("fuse"):
            return fstype
    return None


def watcher_since(hidden_dir: Path) -> float | None:
    """When the running daemon started (seconds since the epoch), if one is running."""
    if watcher_pid(hidden_dir) is None:
        return None
    try:
        lines = (Path(hidden_dir) / LOCK_NAME).read_text(encoding="ascii").split()
        return float(lines[1])
    except (OSError, ValueError, IndexError):
        return None


def _daemon_pid(hidden_dir: Path) -> int | None:
    try:
        text = (Path(hidden_dir) / LOCK_NAME).read_text(encoding="ascii")
        pid = int(text.split()[0])
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if b"papercli.store.watcher" not in cmdline.read():
                return None
    except (OSError, ValueError):
        return None
    return pid


@contextlib.contextmanager
def _address(socket_path: Path) -> Iterator[str]:
    """An address for ``socket_path`` that fits in sun_path (via a folder fd if long)."""
    if len(os.fsencode(socket_path)) <= SHORT_PATH_LIMIT:
        yield str(socket_path)
        return
    try:
        dir_fd = os.open(socket_path.parent, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        raise _NoAnswer from None
    try:
        yield f"/proc/self/fd/{dir_fd}/{socket_path.name}"
    finally:
        os.close(dir_fd)


def _ask(
    hidden_dir: Path, question: dict[str, object], timeout: float
) -> tuple[str, list[str] | None]:
    """One question, one answer, on a fresh connection."""
    with (
        _address(Path(hidden_dir) / SOCKET_NAME) as address,
        contextlib.closing(_socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)) as conn,
    ):
        conn.settimeout(timeout)
        try:
            conn.connect(address)
        except (FileNotFoundError, ConnectionRefusedError, NotADirectoryError):
            raise _NoAnswer from None
        except TimeoutError:
            raise Unresponsive(f"the watcher did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise WatchUnavailable(f"cannot connect to the watcher: {exc}") from None
        reply = bytearray()
        try:
            conn.sendall(json.dumps({"v": PROTOCOL, **question}).encode() + b"\n")
            while not reply.endswith(b"\n"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                reply += chunk
        except (ConnectionResetError, BrokenPipeError):
            if not reply:  # the daemon closed its socket as we came (idle exit): start anew
                raise _NoAnswer from None
            raise WatchUnavailable("the watcher's answer was cut off") from None
        except TimeoutError:
            raise Unresponsive(f"the watcher did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise WatchUnavailable(f"the watcher did not answer: {exc}") from None
    if not reply:
        raise _NoAnswer
    try:
        answer = json.loads(reply)
    except ValueError:
        raise WatchUnavailable("the watcher's answer was cut off") from None
    if "stopped" in question or answer.get("stopped"):
        return "", None
    if not isinstance(answer, dict) or answer.get("v") != PROTOCOL:
        raise Unresponsive("the watcher speaks another protocol version")
    token, changed = answer.get("token"), answer.get("changed")
    if not isinstance(token, str) or not (changed is None or isinstance(changed, list)):
        raise WatchUnavailable("the watcher answered nonsense")
    return token, changed


def _start_and_ask(
    hidden_dir: Path, entries_dir: Path, token: str | None, idle: float, timeout: float
) -> tuple[str, list[str] | None]:
    """Start a daemon and ask it, waiting up to ``timeout`` for it to answer."""
    hidden_dir = Path(hidden_dir).absolute()
    entries_dir = Path(entries_dir).absolute()
    fstype = unwatchable_file_system(entries_dir)
    if fstype:
        raise WatchUnavailable(f"inotify cannot see every change on a {fstype} file system")
    try:
        hidden_dir.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "papercli.store.watcher"]
        command += [str(entries_dir), str(hidden_dir / SOCKET_NAME), "--idle", str(idle)]
        with _log_file(hidden_dir) as log:
            daemon = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd="/",
                start_new_session=True,
            )
    except OSError as exc:
        raise WatchUnavailable(f"cannot start the watcher: {exc}") from None
    started.append(daemon)
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            return _ask(hidden_dir, {"since": token}, max(deadline - time.monotonic(), 0.05))
        except _NoAnswer:
            pass
        status = daemon.poll()
        if status:  # 0 means another daemon won the lock: it will answer
            reason = _EXIT_REASONS.get(status, f"the watcher exited with status {status}")
            raise WatchUnavailable(f"{reason} (see {hidden_dir / LOG_NAME})")
        if time.monotonic() >= deadline:
            raise WatchUnavailable(f"the watcher did not answer within {timeout:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


@contextlib.contextmanager
def _log_file(hidden_dir: Path) -> Iterator[int]:
    """An fd appending to the daemon's log (emptied first when it grew too long), or
    /dev/null when the folder cannot hold one."""
    path = Path(hidden_dir) / LOG_NAME
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
    try:
        if path.stat().st_size > LOG_LIMIT:
            flags |= os.O_TRUNC
    except OSError:
        pass
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        fd = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)
    try:
        yield fd
    finally:
        os.close(fd)
