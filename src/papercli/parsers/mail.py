"""Mail files (``.eml``, mbox) read with the stdlib ``email`` package: headers, MIME parts,
quoted-printable and base64 transfer encodings, and charsets are undone here so that the
digest parsers see the text a mail client would show.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage, MIMEPart

# An mbox separator line: ``From sender@example.org Tue Jul  9 02:00:03 2019``.
_MBOX_FROM = re.compile(r"^From \S+.*$", re.MULTILINE)
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]?")
_KNOWN_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "mime-version", "content-type"}
    | {"received", "return-path", "delivered-to", "reply-to", "content-transfer-encoding"}
)


def is_mail(text: str) -> bool:
    """True when ``text`` starts with RFC 822 headers (or an mbox ``From`` line)."""
    head = text.lstrip("\ufeff")[:20_000].replace("\r\n", "\n")
    lines = head.split("\n")
    if lines and lines[0].startswith("From ") and len(lines) > 1:
        lines = lines[1:]
    known = 0
    for line in lines:
        if not line.strip():
            break
        if line[:1] in " \t":
            continue
        if not _HEADER.match(line):
            return False
        known += line.split(":", 1)[0].casefold() in _KNOWN_HEADERS
    return known >= 2


def messages(text: str) -> list[EmailMessage]:
    """The messages in ``text``: one for an ``.eml``, several for an mbox."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if text.startswith("From "):
        starts = [m.start() for m in _MBOX_FROM.finditer(text) if _after_blank(text, m.start())]
        chunks = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        chunks = [chunk.split("\n", 1)[1] if "\n" in chunk else "" for chunk in chunks]
        # mbox escapes body lines that began with "From " as ">From ".
        chunks = [re.sub(r"^>(>*From )", r"\1", c, flags=re.MULTILINE) for c in chunks]
    else:
        chunks = [text]
    data = (chunk.encode("utf-8", "surrogateescape") for chunk in chunks)
    return [_parse(raw) for raw in data]


def _after_blank(text: str, pos: int) -> bool:
    return pos == 0 or text[max(0, pos - 2) : pos] == "\n\n"


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage, prefer: tuple[str, ...]) -> tuple[str, str] | None:
    """``(subtype, text)`` of the first body part of a preferred type, decoded, or None."""
    for subtype in prefer:
        part = message.get_body(preferencelist=(subtype,))
        if part is not None and part.get_content_type() == f"text/{subtype}":
            return subtype, _content(part)
    return None


def _content(part: EmailMessage | MIMEPart) -> str:
    """The decoded text of one part; an unknown or wrong charset falls back gracefully."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        content = None
    if isinstance(content, str):
        return content
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def bodies(text: str, prefer: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every message's preferred body as ``(subtype, text)``; messages without one are skipped."""
    found = (body(message, prefer) for message in messages(text))
    return [item for item in found if item is not None]


def subject(text: str) -> str:
    """The first message's subject, or ``""``."""
    found = messages(text)
    return str(found[0].get("Subject", "")) if found else ""
