"""Helpers shared by several ZL60x rules: the texts joined by line breaks."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from zhlint.rules.base import PlacedText


def joined_texts(texts: Sequence[PlacedText]) -> tuple[str, list[int]]:
    """The texts joined by line breaks, and where each starts in the result (for bisect)."""
    joined = "\n".join(text.text for text in texts)
    return joined, list(itertools.accumulate((len(text.text) + 1 for text in texts[:-1]), initial=0))
