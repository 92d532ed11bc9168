"""``--format github``: GitHub Actions workflow commands, one annotation a diagnostic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from zhlint.diagnostics import Diagnostic, Severity
from zhlint.report.paths import printable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    for diagnostic in diagnostics:
        properties = ",".join(
            (
                f"file={_escape_property(diagnostic.path or '')}",
                f"line={diagnostic.line}",
                f"col={diagnostic.column}",
                f"endLine={diagnostic.end_line}",
                f"endColumn={diagnostic.end_column}",
                f"title={_escape_property(f'{diagnostic.code} {diagnostic.name}')}",
            )
        )
        command = f"::{_LEVEL[diagnostic.severity]} {properties}::{_escape_data(diagnostic.message)}"
        out.write(printable(command) + "\n")  # a file name that is not UTF-8 shown as \xNN
