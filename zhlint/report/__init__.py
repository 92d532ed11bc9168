"""Output formats of ``zhlint check``: text, json, sarif, github."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from zhlint.diagnostics import Diagnostic
from zhlint.report.github import write_github
from zhlint.report.json import write_json
from zhlint.report.sarif import write_sarif
from zhlint.report.text import write_text

Writer = Callable[[Sequence[Diagnostic], TextIO, int], None]

FORMATS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
}

__all__ = ["FORMATS", "Writer"]
