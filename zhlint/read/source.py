"""Reading: bytes to :class:`Source` (decoded text, encoding, line index)."""

from __future__ import annotations

import bisect
import codecs
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from zhlint.diagnostics import Span
from zhlint.read.patterns import lazy_compile

# BOMs are checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab, newlines and form feed do not occur in text reports.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f"}


class UnreadableError(Exception):
    """The bytes are not a text document zhlint can read; the message says why (in Chinese)."""


# What a path is when it is not a regular file, for the message that refuses it.
_KINDS = (
    (stat.S_ISDIR, "目录"),
    (stat.S_ISFIFO, "命名管道 FIFO"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)
_FIRST_CHUNK_SLACK = 1  # one byte past st_size: a file longer than it claims is read past its size
_NEXT_CHUNK = 2**20  # a file still growing is read on in pieces, never more than the cap at once


def read_report_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (or of the regular file a symbolic link names), at most ``limit``.

    Devices, FIFOs, sockets and directories are refused before they are read: their ``st_size``
    is 0, so a size check alone lets ``/dev/zero`` fill the memory and a FIFO wait forever. The
    file is opened without blocking (a FIFO swapped in after the first check cannot hang the
    open) and the open descriptor is checked again. At most ``limit + 1`` bytes are read, so a
    file that grows, or lies about its size, is refused instead of read to the end.
    Raises UnreadableError with the reason in Chinese.
    """
    _refuse_special(path, _stat(path, os.stat, path))
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnreadableError(_os_reason(error, path)) from None
    try:
        status = _stat(descriptor, os.fstat, path)
        _refuse_special(path, status)
        _refuse_too_large(status.st_size, limit)
        return _read_at_most(descriptor, limit, status.st_size, path)
    finally:
        os.close(descriptor)


def _stat(target: int | Path, function: Callable[[Any], os.stat_result], path: Path) -> os.stat_result:
    try:
        return function(target)
    except OSError as error:
        raise UnreadableError(_os_reason(error, path)) from None


def _refuse_special(path: Path, status: os.stat_result) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    kind = next((name for test, name in _KINDS if test(status.st_mode)), "特殊文件")
    if kind == "目录" and not _listable(path):
        raise UnreadableError("目录没有读取权限，其中的文件都未检查")
    raise UnreadableError(f"不是普通文件（是{kind}），zhlint 只读取普通文件")


def _listable(directory: Path) -> bool:
    try:
        with os.scandir(directory):
            return True
    except OSError:
        return False


def _refuse_too_large(size: int, limit: int) -> None:
    if size > limit:
        raise UnreadableError(f"文件过大（{_amount(size)}），超过 {_amount(limit)} 上限")


def _read_at_most(descriptor: int, limit: int, size_hint: int, path: Path) -> bytes:
    chunks: list[bytes] = []
    remaining = limit + 1
    # One read of the whole file and one that finds its end, for the file that does not change.
    wanted = min(remaining, size_hint + _FIRST_CHUNK_SLACK)
    while remaining > 0:
        try:
            chunk = os.read(descriptor, wanted)
        except OSError as error:
            raise UnreadableError(_os_reason(error, path)) from None
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
        wanted = min(remaining, _NEXT_CHUNK)
    if remaining <= 0:
        raise UnreadableError(f"文件过大（读取中已超过 {_amount(limit)} 上限，文件可能正在变大）")
    return b"".join(chunks)


def _amount(size: int) -> str:
    return f"{size // 2**20} MiB" if size >= 2**20 else f"{size} 字节"


def _os_reason(error: OSError, path: Path) -> str:
    if isinstance(error, PermissionError):
        return "没有读取权限"
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    return error.strerror or str(error)


class Line(NamedTuple):
    """One line of the source (a named tuple: a report has thousands, built on every lint)."""

    number: int  # 1-based
    start: int  # offset of the first character
    end: int  # offset just past the last character, before the line break
    text: str


@attrs.frozen(eq=False)
class Source:
    """A decoded document. ``text`` keeps the original line endings so that offsets are exact."""

    text: str
    path: str | None = None
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"
    # The page of each line (1-based) for text extracted from a PDF; None for a text file.
    pages: tuple[int, ...] | None = None
    line_starts: tuple[int, ...] = attrs.field(init=False)
    line_ends: tuple[int, ...] = attrs.field(init=False)  # just past each line, before its break

    def __attrs_post_init__(self) -> None:
        starts, ends = _line_bounds(self.text)
        object.__setattr__(self, "line_starts", starts)
        object.__setattr__(self, "line_ends", ends)

    @classmethod
    def from_text(cls, text: str, path: str | None = None) -> Source:
        return cls(text=text, path=path, newline=detect_newline(text))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`, clamped to the text."""
        line = max(1, min(line, len(self.line_starts)))
        return min(self.line_starts[line - 1] + column - 1, len(self.text))

    def lines(self) -> Iterator[Line]:
        text = self.text
        new_line = Line._make  # checks the field count, at half the cost of Line(...): thousands of lines
        for number, (start, end) in enumerate(zip(self.line_starts, self.line_ends, strict=True), 1):
            yield new_line((number, start, end, text[start:end]))

    def page(self, line: int) -> int | None:
        """The page of a 1-based line of text extracted from a PDF; None for a text file."""
        if self.pages is None or not self.pages:
            return None
        return self.pages[max(0, min(line, len(self.pages)) - 1)]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of a 1-based line, before its line break."""
        return self.line_ends[line - 1]

    def line_text(self, line: int) -> str:
        return self.text[self.line_starts[line - 1] : self.line_end(line)]

    def snippet(self, span: Span) -> str:
        return self.text[span.start : span.end]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_bounds(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The offsets where each line starts, and where it ends before its line break."""
    if "\r" not in text:
        # Only \n breaks, as in most files: str.split finds them in C, twice as fast as the regex.
        lengths = [len(line) for line in text.split("\n")]
        line_starts = (0, *itertools.accumulate(length + 1 for length in lengths[:-1]))
        return line_starts, tuple(start + length for start, length in zip(line_starts, lengths, strict=True))
    starts, ends = [0], []
    for match in _LINE_BREAK.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return tuple(starts), tuple(ends)


def detect_newline(text: str) -> str:
    """The first line ending in the text (``\\n`` when there is none)."""
    for index, char in enumerate(text):
        if char == "\r":
            return "\r\n" if text[index + 1 : index + 2] == "\n" else "\r"
        if char == "\n":
            return "\n"
    return "\n"


def decode(data: bytes) -> tuple[str, str, bytes]:
    """Decode report bytes; returns (text, encoding, bom).

    Order: a BOM decides; else strict UTF-8; else GB18030 (a superset of GBK and GB2312, the
    encodings Chinese office software writes), unless the bytes are UTF-8 with a few bad bytes
    (see :func:`_gb18030_unless_utf8`). Bytes that look binary raise UnreadableError.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, bom
            except UnicodeDecodeError as error:
                raise UnreadableError(
                    f"文件以 {encoding} BOM 开头，但第 {error.start} 字节起无法解码"
                ) from None
    if b"\x00" in data:
        raise UnreadableError("文件含有 NUL 字节，看来是二进制文件（如 PDF、Word），不是文本")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        text, encoding = _gb18030_unless_utf8(data, error), "gb18030"
    if _looks_binary(text):
        raise UnreadableError("文件含有大量控制字符，看来是二进制文件，不是文本")
    return text, encoding, b""


def _gb18030_unless_utf8(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """The GB18030 text of bytes that are not UTF-8; UTF-8 with a bad byte is refused, never misread.

    GB18030 decodes almost any byte string, so a UTF-8 report with one stray byte would otherwise
    be read as mojibake without a word. Read as UTF-8, such a report is Chinese characters with
    a bad run here and there; GB18030 text read as UTF-8 is bad runs with at most as many
    accidental Chinese characters between them. When the two are even, the GB18030 reading of
    UTF-8 is full of characters outside GB2312 (rare ideographs, private use), real GB18030 text
    is not.
    """
    chinese, bad_runs = _utf8_evidence(data[:_EVIDENCE_BYTES])
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as gb_error:
        if chinese and chinese >= bad_runs:
            raise _bad_utf8(data, utf8_error) from None
        place = _place(data, gb_error.start)
        raise UnreadableError(
            f"文件既不是 UTF-8 也不是 GB18030/GBK 编码（按 GB18030 读，{place}无法解码）"
        ) from None
    if chinese > bad_runs or (chinese and chinese == bad_runs and _uncommon_share(text) > _MOJIBAKE_SHARE):
        raise _bad_utf8(data, utf8_error)
    return text


# The evidence is taken from the first MiB: enough to decide, and bounded on the largest file read.
_EVIDENCE_BYTES = 2**20
# Share of the GB18030 reading outside GB2312: a few percent in GB18030 reports, more than 10%
# in nearly all UTF-8 texts read as GB18030 (measured on thousands of random short texts).
_MOJIBAKE_SHARE = 0.1
_BAD_RUN = lazy_compile("[\\udc80-\\udcff]+")  # bytes that are not UTF-8, under surrogateescape
_CHINESE = lazy_compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # ideographs, CJK punctuation


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """(Chinese characters, runs of bytes that are not UTF-8) in ``data`` read as UTF-8.

    Runs, not bytes: one stray byte inside a three-byte sequence spoils up to four bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    return len(_CHINESE.findall(text)), len(_BAD_RUN.findall(text))


def _uncommon_share(text: str) -> float:
    """The share of the non-ASCII characters (in the first part of ``text``) outside GB2312."""
    sample = text[: _EVIDENCE_BYTES // 2]
    non_ascii = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if not non_ascii:
        return 0.0
    outside = sample.encode("gb2312", errors="replace").count(b"?") - sample.count("?")
    return outside / non_ascii


def _bad_utf8(data: bytes, error: UnicodeDecodeError) -> UnreadableError:
    place = _place(data, error.start)
    return UnreadableError(
        f"文件是 UTF-8 编码，但{place}起的字节 {data[error.start : error.start + 4].hex(' ').upper()}"
        " 不是有效的 UTF-8，无法解码；请修正该处（或用正确的编码另存）后再检查"
    )


def _place(data: bytes, offset: int) -> str:
    """Where a byte offset is, for a message: its line (counted by line feeds, or carriage returns)."""
    before = data[:offset]
    line = before.count(b"\n") + 1 if b"\n" in data else before.count(b"\r") + 1
    return f"第 {line} 行（字节偏移 {offset}）"


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for char in sample if char in _CONTROL)
    return controls * 100 > len(sample)


def read_bytes(data: bytes, path: str | None = None) -> Source:
    """Bytes to Source; raises UnreadableError with a reason the user can act on."""
    text, encoding, bom = decode(data)
    return Source(text=text, path=path, encoding=encoding, bom=bom, newline=detect_newline(text))


def encode(text: str, source: Source) -> bytes:
    """Encode text the way ``source`` was stored (same encoding and BOM), for writing fixes back."""
    return source.bom + text.encode(source.encoding)
