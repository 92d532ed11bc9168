"""``--format json``: one JSON array, the contract in docs/usage.md ("The JSON contract")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from zhlint.diagnostics import Diagnostic
from zhlint.report.paths import printable_tree


def write_json(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    entries = printable_tree([diagnostic.to_json() for diagnostic in diagnostics])
    json.dump(entries, out, ensure_ascii=False, indent=2)
    out.write("\n")
