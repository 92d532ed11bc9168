"""``--format json``: one JSON array, the contract in docs/usage.md ("The JSON contract")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from zhlint.diagnostics import Diagnostic


def write_json(diagnostics: Sequence[Diagnostic], out: TextIO, files_checked: int = 0) -> None:
    json.dump([diagnostic.to_json() for diagnostic in diagnostics], out, ensure_ascii=False, indent=2)
    out.write("\n")
