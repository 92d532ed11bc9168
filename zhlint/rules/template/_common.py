"""Helpers shared by several ZL60x rules: the texts joined by line breaks."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import regex

from zhlint.document.segment import Document
from zhlint.rules.base import PlacedText


def joined_texts(texts: Sequence[PlacedText]) -> tuple[str, list[int]]:
    """The texts joined by line breaks, and where each starts in the result (for bisect)."""
    joined = "\n".join(text.text for text in texts)
    return joined, list(itertools.accumulate((len(text.text) + 1 for text in texts[:-1]), initial=0))


# A unit's name that is a placeholder: `上海市XX局`, `某某中心`. On a cover this makes the document
# the blank template itself, not a report that kept one of its placeholders.
_PLACEHOLDER_UNIT = regex.compile(
    r"\p{Han}{0,10}(?:XX|xx|ＸＸ|××|某某)+(?:局|委|办|中心|院|所|厅|处|部门|单位|街道)"
)


_SENTENCE_MARK = regex.compile(r"[，。；：,;:]")


def blank_template_name(document: Document) -> str | None:
    """The placeholder unit name on the cover of a blank template, or None for a report.

    Read locally from the cover title; a document kind recognised elsewhere (``document.kind``)
    would say the same, but a template is told by its cover alone.
    """
    if document.title is None:
        return None
    for line in range(document.title.first_line, document.title.last_line + 1):
        text = document.source.line_text(line)
        if _SENTENCE_MARK.search(text):
            return None  # the cover ends where sentences begin (the first paragraph may run on)
        if match := _PLACEHOLDER_UNIT.search(text):
            return match.group()
    return None
