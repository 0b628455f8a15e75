"""Reading a digest file (or stdin) into text, with clear errors for unusable input."""

from __future__ import annotations

import codecs
import stat
import sys
from pathlib import Path

from papercli.errors import InputError

MAX_BYTES = 200 * 1024 * 1024


def decode_digest(data: bytes, origin: str) -> str:
    """Decode UTF-8 (BOM allowed) or BOM-marked UTF-16; refuse binary and other encodings."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{origin} is not valid UTF-16 text") from None
    if b"\x00" in data[:8192] or data.count(b"\x00") > len(data) // 100:
        raise InputError(f"{origin} looks like a binary file, not a text digest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def read_digest(name: str) -> tuple[str, str]:
    """Return ``(origin, text)`` for a path, or ``-`` for standard input."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(
                f"standard input is larger than {MAX_BYTES // 2**20} MB; split it first"
            )
        if not data:
            raise InputError("standard input is empty")
        return "standard input", decode_digest(data, "standard input")
    path = Path(name)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name} is a folder; give a digest file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name} is not a regular file; pipe it with '-' instead")
    if info.st_size > MAX_BYTES:
        raise InputError(f"{name} is larger than {MAX_BYTES // 2**20} MB; split it first")
    if info.st_size == 0:
        raise InputError(f"{name} is empty")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    return name, decode_digest(data, name)
