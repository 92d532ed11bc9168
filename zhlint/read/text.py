"""Normalised text that remembers where each character came from in the source."""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Sequence

import attrs

from zhlint.diagnostics import Span

# Full-width forms of the characters that make up numbers; mapped one to one, so offsets hold.
_FULL_WIDTH = "０１２３４５６７８９．，％－"
_HALF_WIDTH = dict(zip(_FULL_WIDTH, "0123456789.,%-", strict=True))
_FULL_WIDTH_CHAR = re.compile(f"[{_FULL_WIDTH}]")


@attrs.frozen
class MappedText:
    """``text[i]`` came from source offset ``offsets[i]``; ``offsets`` has one extra end sentinel."""

    text: str
    # A range where the text maps one to one onto the source (cheapest), else an array of
    # machine integers (8 bytes a character; a tuple of int objects took 36, and a paragraph
    # joined from millions of short lines held millions of them); compared and hashed by
    # content, so the forms of the same map are equal.
    offsets: Sequence[int] = attrs.field(eq=tuple)

    def source_span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]`` (empty ranges map to an empty span)."""
        if end <= start:
            offset = self.offsets[min(start, len(self.text))]
            return Span(offset, offset)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def slice(self, start: int, end: int) -> MappedText:
        """``text[start:end]`` with its offsets."""
        end = min(end, len(self.text))
        if start <= end:  # offsets has one more entry than text: the end sentinel
            return MappedText(self.text[start:end], self.offsets[start : end + 1])
        return MappedText("", (self.offsets[end],))

    def __len__(self) -> int:
        return len(self.text)


class MappedTextBuilder:
    """Builds a MappedText piece by piece from slices of the source."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._offsets = array("q")
        self._end = 0

    def add(self, text: str, start: int) -> None:
        """Append source characters ``text`` that begin at source offset ``start``."""
        self._chars.append(text)
        self._offsets.extend(range(start, start + len(text)))
        self._end = start + len(text)

    def add_synthetic(self, text: str, at: int) -> None:
        """Append characters that are not in the source (e.g. a joining space), mapped to ``at``."""
        self._chars.append(text)
        self._offsets.extend([at] * len(text))

    def add_mapped(self, mapped: MappedText) -> None:
        """Append an already mapped text."""
        self._chars.append(mapped.text)
        self._offsets.extend(mapped.offsets[:-1])
        self._end = mapped.offsets[-1]

    def build(self) -> MappedText:
        offsets = self._offsets[:]  # a copy, so that the builder can go on
        offsets.append(self._end)
        return MappedText("".join(self._chars), offsets)


def normalise_width(text: str) -> str:
    """Full-width digits and number punctuation to ASCII (same length, so spans stay valid)."""
    if len(text) > _LONG_TEXT:
        # A whole document: one str.replace per character that occurs, each a scan in C; the
        # regex below would call back into Python for each of its thousand commas (15× slower).
        for full, half in _HALF_WIDTH.items():
            if full in text:
                text = text.replace(full, half)
        return text
    # str.translate looks every character up in a dict (~8 µs for a table row); most lines hold
    # none of these characters, and prose only a few commas, so find and replace just those.
    if _FULL_WIDTH_CHAR.search(text) is None:
        return text
    return _FULL_WIDTH_CHAR.sub(_half_width, text)


_LONG_TEXT = 1000  # characters; below this, one regex search is cheaper than a scan per character


def _half_width(match: re.Match[str]) -> str:
    return _HALF_WIDTH[match.group()]


_WHITESPACE = re.compile(r"\s")


@functools.lru_cache(maxsize=8192)
def compact(text: str) -> str:
    """``text`` without any whitespace (`公务用车购 置费` → `公务用车购置费`, as PDF extraction breaks
    table labels); most cell texts have none, and are returned as they are.

    Memoised: the table readers and rules ask for the same cell texts thousands of times a report,
    and a cache hit costs a third of the search (it skips the Python call as well).
    """
    if _WHITESPACE.search(text) is None:
        return text
    return "".join(text.split())


def delete_chars(mapped: MappedText, positions: set[int]) -> MappedText:
    """A copy of ``mapped`` without the characters at ``positions`` (e.g. stray spaces in numbers)."""
    if not positions:
        return mapped
    # Slices between the deleted characters: a few per paragraph, so no per-character loop.
    texts: list[str] = []
    offsets = array("q")
    start = 0
    for position in sorted(positions):
        texts.append(mapped.text[start:position])
        offsets.extend(mapped.offsets[start:position])
        start = position + 1
    texts.append(mapped.text[start:])
    offsets.extend(mapped.offsets[start:])  # with the end sentinel
    return MappedText("".join(texts), offsets)


# A space that Chinese text does not write: between two Han characters (justified text spaced
# out, `一 般 公 共 预 算 收 入`, `万 元`), or before a punctuation mark (`工作部门 ，为`, `8.8 %`
# is a number's and left to the number reader). Runs of spaces and ideographic spaces count.
# Tested by the characters either side instead of a pattern with CJK classes in lookarounds:
# compiling that pattern cost 6.7 ms of CPU at each start (issue 12, the most of any pattern).
_SPACE_RUN = re.compile("[ \u3000]+")
_CLOSING_MARKS = frozenset(",，。；;：:、！？!?）)")
_OPENING_MARKS = frozenset(",，。；;：:、！？!?（(")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _is_stray_space(before: str, after: str) -> bool:
    """Is a run of spaces between ``before`` and ``after`` one that Chinese text does not write?"""
    if _is_han(before) and _is_han(after):
        return True
    if (_is_han(before) or before.isdecimal() or before in "%）)”") and after in _CLOSING_MARKS:
        return True
    return before in _OPENING_MARKS and (_is_han(after) or after.isdecimal() or after in "（(“")


def without_stray_spaces(mapped: MappedText) -> MappedText:
    """``mapped`` without the spaces that PDF extraction puts among Chinese characters and marks."""
    text = mapped.text
    if " " not in text and "\u3000" not in text:
        return mapped
    positions = {
        position
        for match in _SPACE_RUN.finditer(text)
        if match.start() > 0
        and match.end() < len(text)
        and _is_stray_space(text[match.start() - 1], text[match.end()])
        for position in range(*match.span())
    }
    return delete_chars(mapped, positions)


_SENTENCE_BREAK = re.compile("[。；;！？!?]")


def sentences(mapped: MappedText) -> list[tuple[int, MappedText]]:
    """Split at 。；！？ (kept with their sentence); returns (start index, sentence) pairs."""
    found = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(mapped.text):
        found.append((start, mapped.slice(start, match.end())))
        start = match.end()
    if start < len(mapped.text):
        found.append((start, mapped.slice(start, len(mapped.text))))
    return found
