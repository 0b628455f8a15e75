"""Citation keys <-> entry file names: a reversible encoding that is safe on every disk.

A key is data, never a path. ``filename_for_key`` turns a valid key (``citekeys.is_valid_key``:
what bibtex and biber accept, at most 120 printable ASCII characters) into a file name;
``key_for_filename`` turns it back, and refuses any name this encoding would not produce, so
one file means one key and one key one file. The rules:

- Letters, digits and ``- _ . +`` stay as they are: ``vaswani2017attention`` is
  ``vaswani2017attention.yaml``, ``Bunge-1973-ExactPhilosophy`` keeps its name.
- Every other character (``:`` and ``/``, forbidden in Windows or every file name, ``?``,
  ``*``, ``<``, ``|``...) becomes ``%`` and its two hex digits: ``He:2016`` is
  ``He%3A2016.yaml``, ``a/../b`` is ``a%2F..%2Fb.yaml`` (one name, never a path). So does a
  leading ``.`` or ``-`` (``.x`` is ``%2Ex.yaml``, not a hidden file; ``--x`` is
  ``%2D-x.yaml``, which no shell command takes for an option). The hex digits are upper case
  and ``%`` is never part of a key, so decoding is unambiguous.
- A key whose first dotted part is a Windows device name (``CON``, ``aux``, ``nul``,
  ``COM1``, ``LPT9``...), in any case, has its first letter escaped: ``%43ON.yaml``.
- Case is kept, which is safe on case-blind disks (macOS, Windows) because BibTeX ignores
  the case of keys and the library keeps keys unique ignoring case: two
  names here are equal ignoring case exactly when their keys are.

An encoded name is at most ``3 * 120 + 5`` bytes in principle; ``is_valid_key`` keys have at
most 56 characters to escape, and ``filename_for_key`` refuses a name over 240 bytes (file
systems allow 255).
"""

from __future__ import annotations

import re

from papercli.citekeys import is_valid_key

SUFFIX = ".yaml"
MAX_NAME = 240
_ESCAPE = re.compile(r"[^A-Za-z0-9_.+-]|^[.-]")
_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-Za-z0-9_.+-]|%[0-9A-F]{2})+")


def filename_for_key(key: str) -> str:
    """The entry file name for ``key``; ValueError for a key that is not valid."""
    if not is_valid_key(key):
        raise ValueError(f"not a valid citation key: {key!r}")
    stem = _ESCAPE.sub(lambda m: f"%{ord(m.group()):02X}", key)
    if _DEVICE.fullmatch(stem.split(".", 1)[0]):
        stem = f"%{ord(stem[0]):02X}{stem[1:]}"
    name = stem + SUFFIX
    if len(name) > MAX_NAME:
        raise ValueError(f"citation key {key!r} makes a file name longer than {MAX_NAME}")
    return name


# The common case, decoded without the full check: lower-case letters, digits, ``_+-``.
_PLAIN = re.compile(r"[a-z0-9][a-z0-9_+-]{0,200}\.yaml")


def key_for_filename(name: str) -> str | None:
    """The key whose file is called ``name``, or None when no key is stored under it."""
    if _PLAIN.fullmatch(name):
        stem = name[: -len(SUFFIX)]
        return None if _DEVICE.fullmatch(stem) else stem
    if not name.endswith(SUFFIX):
        return None
    stem = name[: -len(SUFFIX)]
    if not _NAME.fullmatch(stem):
        return None
    key = re.sub(r"%([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), stem)
    try:
        canonical = filename_for_key(key)
    except ValueError:
        return None
    return key if canonical == name else None
