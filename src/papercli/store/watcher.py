"""The per-library watcher daemon: answers "which entry files changed since token T".

Run as ``python -m papercli.store.watcher ENTRIES_DIR SOCKET_PATH --idle SECONDS`` (the
client in :mod:`papercli.store.watch_client` starts it on demand). One inotify watch on the
entries folder, read through ctypes, and a listening Unix socket (mode 0600), in one
single-threaded ``selectors`` loop.

Protocol (version ``PROTOCOL``, sent as ``"v"`` both ways): the client sends one JSON line,
``{"v": 1, "since": "<id>:<seq>"}`` or ``{"v": 1, "since": null}`` (or ``{"stop": true}``); a
question in another version gets ``{"v": 1, "error": "protocol"}``, and the client replaces
the daemon with one of its own version. Before answering, the daemon drains the inotify
queue (reads until EAGAIN): the kernel queues an event before the writing system call
returns, so any write that returned before the question was sent is in the answer. The
reply is one JSON line, ``{"v": 1, "token": "<id>:<seq>", "changed": [names...]}``, or
``"changed": null`` when the token is not one of this process's (another daemon, a queue
overflow, ``null``): the caller then runs
its full check and keeps the new token.

Hidden names (starting with ".") are temp files, never entries, and are not reported.
The daemon exits 0, removing its socket, after ``--idle`` seconds without a question, when the
entries folder is removed or moved, or on SIGTERM/SIGINT. One daemon per library: it holds an
exclusive ``flock`` on ``watch.lock`` beside the socket (which also holds its pid and start
time). Its stderr is the library's ``.papercli/watch.log`` (the client opens it): a line when it
starts, one when it exits with a failure status, and any traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

from papercli.store.watch_client import (
    EXIT_BAD_FOLDER,
    EXIT_CANNOT_LISTEN,
    EXIT_NO_INOTIFY,
    EXIT_UNWATCHABLE_FS,
    LOCK_NAME,
    PROTOCOL,
    SHORT_PATH_LIMIT,
    unwatchable_file_system,
)

IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_UNMOUNT = 0x00002000
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000

WATCH_MASK = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_CREATE
    | IN_DELETE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
FOLDER_GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then the name
MAX_REQUEST = 4096
CLIENT_DEADLINE = 10.0  # a connection that has not sent its question by then is dropped
CHECK_EVERY = 1.0  # how often the daemon makes sure its socket and lock files are still its own
LOSER_WAIT = 3.0  # how long a daemon that lost the lock waits for the winner to answer


def _new_id() -> str:
    """A random watcher id (os.urandom: ``secrets`` would import hashlib at start-up)."""
    return os.urandom(8).hex()


class _Stop(Exception):
    """Raised by the signal handlers to leave the loop."""


class Inotify:
    """One non-blocking inotify instance with one watch on a folder."""

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        init1 = libc.inotify_init1
        init1.argtypes = [ctypes.c_int]
        init1.restype = ctypes.c_int
        add_watch = libc.inotify_add_watch
        add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        add_watch.restype = ctypes.c_int
        fd = init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        if add_watch(fd, os.fsencode(folder), WATCH_MASK | IN_ONLYDIR) < 0:
            err = ctypes.get_errno()
            os.close(fd)
            raise OSError(err, os.strerror(err), str(folder))
        self.fd = fd

    def read_events(self) -> list[tuple[int, str]]:
        """Every queued event as (mask, name), reading until the queue is empty."""
        events: list[tuple[int, str]] = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return events
            except InterruptedError:  # pragma: no cover - PEP 475 retries for us
                continue
            pos = 0
            while pos + EVENT.size <= len(data):
                _wd, mask, _cookie, length = EVENT.unpack_from(data, pos)
                pos += EVENT.size
                raw = data[pos : pos + length].split(b"\0", 1)[0]
                pos += length
                events.append((mask, os.fsdecode(raw)))

    def close(self) -> None:
        """Release the inotify instance."""
        os.close(self.fd)


class ChangeLog:
    """Which names changed at which sequence number, under a random id."""

    def __init__(self) -> None:
        self.id = _new_id()
        self.seq = 0
        self.changed: dict[str, int] = {}  # in order of last change: oldest first
        self.folder_gone = False

    def record(self, mask: int, name: str) -> None:
        """Take one inotify event into account."""
        if mask & IN_Q_OVERFLOW:
            self.id = _new_id()  # events were lost: every old token is now unknown
            self.changed.clear()
            return
        if mask & FOLDER_GONE:
            self.folder_gone = True
            return
        if not name or name.startswith("."):
            return
        self.seq += 1
        self.changed.pop(name, None)
        self.changed[name] = self.seq

    def answer(self, since: object) -> dict[str, object]:
        """The reply to a question: the current token and the names changed since ``since``."""
        token = f"{self.id}:{self.seq}"
        after = self._parse(since)
        if after is None or self.folder_gone:
            return {"token": token, "changed": None}
        names: list[str] = []
        for name, seq in reversed(self.changed.items()):
            if seq <= after:
                break
            names.append(name)
        names.reverse()
        return {"token": token, "changed": names}

    def _parse(self, since: object) -> int | None:
        if not isinstance(since, str):
            return None
        ident, _, seq = since.rpartition(":")
        if ident != self.id or not seq.isdigit():
            return None
        after = int(seq)
        return after if after <= self.seq else None


class Daemon:
    """The event loop: the inotify fd, the listening socket and its open connections."""

    def __init__(
        self,
        inotify: Inotify,
        listener: socket.socket,
        idle: float,
        still_reachable: Callable[[], bool],
    ) -> None:
        self.inotify = inotify
        self.listener = listener
        self.idle = idle
        self.still_reachable = still_reachable
        self.log = ChangeLog()
        self.selector = selectors.DefaultSelector()
        self.selector.register(inotify.fd, selectors.EVENT_READ, "inotify")
        self.selector.register(listener, selectors.EVENT_READ, "listener")
        self.clients: dict[socket.socket, tuple[float, bytearray]] = {}
        self.last_question = time.monotonic()

    def run(self) -> None:
        """Serve until idle, folder gone, socket or lock file gone, or a stop request."""
        next_check = time.monotonic() + CHECK_EVERY
        while not self.log.folder_gone:
            now = time.monotonic()
            wait = self.last_question + self.idle - now
            if wait <= 0:
                return
            if now >= next_check:
                if not self.still_reachable():
                    return  # a client could not find us; another daemon may serve instead
                next_check = now + CHECK_EVERY
            wait = min(wait, next_check - now)
            for conn, (opened, _) in list(self.clients.items()):
                if now - opened > CLIENT_DEADLINE:
                    self._drop(conn)
            if self.clients:
                wait = min(wait, CLIENT_DEADLINE)
            for key, _ in self.selector.select(wait):
                if key.data == "inotify":
                    self._drain()
                elif key.data == "listener":
                    self._accept()
                elif self._read(key.fileobj):  # type: ignore[arg-type]
                    return

    def _drain(self) -> None:
        for mask, name in self.inotify.read_events():
            self.log.record(mask, name)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return  # e.g. the client gave up already (ECONNABORTED)
            conn.setblocking(False)
            self.clients[conn] = (time.monotonic(), bytearray())
            self.selector.register(conn, selectors.EVENT_READ, "client")

    def _read(self, conn: socket.socket) -> bool:
        """Read from one client; answer once its line is complete. True: asked to stop."""
        try:
            data = conn.recv(MAX_REQUEST)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        buffer = self.clients[conn][1]
        buffer += data
        if b"\n" not in buffer:
            if not data or len(buffer) > MAX_REQUEST:
                self._drop(conn)
            return False
        line = bytes(buffer.split(b"\n", 1)[0])
        try:
            question = json.loads(line)
        except ValueError:
            question = None
        if not isinstance(question, dict):
            question = {}
        self.last_question = time.monotonic()
        if question.get("stop") is True:
            self._reply(conn, {"v": PROTOCOL, "stopped": True})
            return True
        if question.get("v") != PROTOCOL:
            self._reply(conn, {"v": PROTOCOL, "error": "protocol"})
            return False
        self._drain()  # the promise: every event queued before this moment is in the answer
        self._reply(conn, {"v": PROTOCOL, **self.log.answer(question.get("since"))})
        return False

    def _reply(self, conn: socket.socket, reply: dict[str, object]) -> None:
        self.selector.unregister(conn)
        del self.clients[conn]
        try:
            conn.settimeout(5.0)
            conn.sendall(json.dumps(reply, separators=(",", ":")).encode() + b"\n")
        except OSError:
            pass  # the client went away; it will ask again
        finally:
            conn.close()

    def _drop(self, conn: socket.socket) -> None:
        self.selector.unregister(conn)
        del self.clients[conn]
        conn.close()

    def close(self) -> None:
        """Close every connection and the inotify fd (the listener is the caller's)."""
        for conn in list(self.clients):
            self._drop(conn)
        self.selector.close()
        self.inotify.close()


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop


def _detach() -> None:
    """Own session, stdin on /dev/null, cwd at the root. stdout and stderr stay where the
    client pointed them (the library's watch log), so a traceback is kept, not lost."""
    with contextlib.suppress(OSError):  # already a session leader (start_new_session=True)
        os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    if null > 2:
        os.close(null)
    os.chdir("/")


def _log(message: str) -> None:
    """One timestamped line on stderr (the watch log)."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{stamp} pid {os.getpid()}: {message}\n")
        sys.stderr.flush()


def _take_lock(dir_fd: int) -> int | None:
    """The lock file's fd, locked and holding our pid; None if another daemon holds it."""
    fd = os.open(LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {time.time():.3f}\n".encode(), 0)
    return fd


def _someone_answers(address: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(address)
        except OSError:
            return False
        return True


def _lock_or_leave(dir_fd: int, address: str) -> int | None:
    """Take the lock; if another daemon holds it, wait until it answers (then leave) or ends.

    A daemon that is exiting (idle) still holds the lock for a moment after its socket is
    gone; the client that started us then needs us to take over rather than give up.
    """
    deadline = time.monotonic() + LOSER_WAIT
    while True:
        fd = _take_lock(dir_fd)
        if fd is not None:
            return fd
        if _someone_answers(address) or time.monotonic() > deadline:
            return None
        time.sleep(0.01)


def _same(one: os.stat_result, other: os.stat_result | None) -> bool:
    return other is not None and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def serve(entries_dir: Path, socket_path: Path, idle: float) -> int:
    """Run the daemon in this process; the exit status."""
    entries_dir = entries_dir.absolute()
    socket_path = socket_path.absolute()
    try:
        dir_fd = os.open(socket_path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return EXIT_CANNOT_LISTEN
    name = socket_path.name
    full = os.fsencode(socket_path)
    address = (
        str(socket_path) if len(full) <= SHORT_PATH_LIMIT else f"/proc/self/fd/{dir_fd}/{name}"
    )
    lock_fd = _lock_or_leave(dir_fd, address)
    if lock_fd is None:
        return 0  # another daemon serves this library
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    bound: os.stat_result | None = None
    listener: socket.socket | None = None
    daemon: Daemon | None = None
    try:
        if unwatchable_file_system(entries_dir):
            return EXIT_UNWATCHABLE_FS
        try:
            inotify = Inotify(entries_dir)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EACCES):
                return EXIT_BAD_FOLDER
            return EXIT_NO_INOTIFY
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with contextlib.suppress(FileNotFoundError):  # we hold the lock: a socket is stale
                os.unlink(name, dir_fd=dir_fd)
            old_mask = os.umask(0o177)
            try:
                listener.bind(address)
            finally:
                os.umask(old_mask)
            bound = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            listener.listen(64)
            listener.setblocking(False)
        except OSError:
            inotify.close()
            return EXIT_CANNOT_LISTEN
        lock_stat = os.fstat(lock_fd)

        def still_reachable() -> bool:
            try:
                sock = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                lock = os.stat(LOCK_NAME, dir_fd=dir_fd, follow_symlinks=False)
            except OSError:
                return False
            return _same(sock, bound) and _same(lock, lock_stat)

        daemon = Daemon(inotify, listener, idle, still_reachable)
        daemon.run()
        return 0
    except _Stop:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if bound is not None:  # unlink first: a new client then starts a fresh daemon
            try:
                if _same(os.stat(name, dir_fd=dir_fd, follow_symlinks=False), bound):
                    os.unlink(name, dir_fd=dir_fd)
            except OSError:
                pass
        if listener is not None:
            listener.close()
        if daemon is not None:
            daemon.close()
        os.close(lock_fd)  # last: the lock is free only once the socket is gone
        os.close(dir_fd)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: parse, detach, serve."""
    parser = argparse.ArgumentParser(prog="python -m papercli.store.watcher")
    parser.add_argument("entries_dir", type=Path)
    parser.add_argument("socket_path", type=Path)
    parser.add_argument("--idle", type=float, default=600.0, help="exit after this many idle s")
    args = parser.parse_args(argv)
    entries_dir = args.entries_dir.absolute()
    socket_path = args.socket_path.absolute()
    _detach()
    _log(f"watching {entries_dir}")
    status = serve(entries_dir, socket_path, args.idle)
    if status:
        _log(f"exited with status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
