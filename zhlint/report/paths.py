"""File names in reports: always valid UTF-8, whatever bytes the file system holds.

A POSIX file name is bytes; Python hands a name that is not valid UTF-8 over as a string with
lone surrogates (``b"r\\xff.txt"`` is ``"r\\udcff.txt"``), which no UTF-8 output can hold. The one
rule for every format: such a byte is shown as ``\\xff`` (:func:`printable`), and in a SARIF
URI it is percent-encoded as the raw byte, ``%FF`` (RFC 3986; :func:`path_uri`). Valid names,
Chinese ones included, are written as they are.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def _raw_bytes(path: str) -> bytes:
    """The bytes of a name as the file system holds them (surrogate escapes undone)."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no decoding produced: show its code point
        return path.encode("utf-8", "backslashreplace")


def printable(text: str) -> str:
    """``text`` (a path, or a message quoting one) as valid Unicode: non-UTF-8 bytes as ``\\xNN``."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _raw_bytes(text).decode("utf-8", "backslashreplace")
    return text


def printable_tree(value: object) -> object:
    """A JSON value with :func:`printable` applied to every string in it, keys included."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_tree(key): printable_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable_tree(item) for item in value]
    return value


def path_uri(path: str) -> str:
    """A URI reference for SARIF: ``file://`` for an absolute path, else a relative reference.

    Every byte outside the unreserved set and ``/`` is percent-encoded, so a file name that is not
    UTF-8 gives ``%FF`` for its byte 0xFF and a Chinese name its UTF-8 bytes.
    """
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()  # pathlib percent-encodes os.fsencode(path): the raw bytes
    return quote(_raw_bytes(candidate.as_posix()))
