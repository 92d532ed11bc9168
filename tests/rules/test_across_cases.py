"""The cross-report rules' (ZL7xx) bad and good cases: tests/rules/across_cases/ZL7nn.toml.

A ZL7xx case is several reports, not one document: ``[fail.reports]`` / ``[pass.reports]`` map
a file name to its whole text (cover included). The reports are written to a directory and
checked together (``zhlint.across``); ``expect`` lists every diagnostic of the case's code as
``[file, line, "ZL7nn", "severity"]``, the line counted from the report's first line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from zhlint.across import across_diagnostics
from zhlint.config import Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).parent / "across_cases"


@attrs.frozen
class AcrossCase:
    code: str
    kind: str
    number: int
    reports: tuple[tuple[str, str], ...]
    expect: tuple[tuple[str, int, str, str], ...] = ()
    message_contains: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.number}"


def _strings(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def read_cases(path: Path) -> list[AcrossCase]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(data) <= {"fail", "pass"}, (
        f"{path.name}: unknown tables {sorted(set(data) - {'fail', 'pass'})}"
    )
    cases = []
    for kind in ("fail", "pass"):
        for number, entry in enumerate(data.get(kind, []), start=1):
            keys = {"reports", "message_contains"} | ({"expect"} if kind == "fail" else set())
            assert set(entry) <= keys, f"{path.name} {kind} {number}: unknown keys {set(entry) - keys}"
            assert len(entry["reports"]) >= 2, f"{path.name} {kind} {number}: a case of several reports"
            cases.append(
                AcrossCase(
                    code=path.stem,
                    kind=kind,
                    number=number,
                    reports=tuple(entry["reports"].items()),
                    expect=tuple(
                        (name, line, code, severity) for name, line, code, severity in entry.get("expect", ())
                    ),
                    message_contains=_strings(entry.get("message_contains", ())),
                )
            )
    return cases


ALL_CASES = [case for path in sorted(CASES.glob("ZL7*.toml")) for case in read_cases(path)]


def case_kinds() -> dict[str, set[str]]:
    """The kinds of case (fail, pass) each ZL7xx code has: for the every-rule check."""
    kinds: dict[str, set[str]] = {}
    for case in ALL_CASES:
        kinds.setdefault(case.code, set()).add(case.kind)
    return kinds


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_across_case(case: AcrossCase, tmp_path: Path) -> None:
    tasks = []
    for name, text in case.reports:
        (tmp_path / name).write_text(text, encoding="utf-8")
        tasks.append((tmp_path / name, Config()))
    result = across_diagnostics(tasks)
    found = [
        (Path(path).name, d.line, d.code, d.severity.value)
        for path, items in sorted(result.diagnostics.items())
        for d in items
        if d.code == case.code
    ]
    messages = [d.message for items in result.diagnostics.values() for d in items if d.code == case.code]
    if case.kind == "fail":
        assert case.expect and all(code == case.code for _, _, code, _ in case.expect), case.id
        assert sorted(found) == sorted(case.expect)
    else:
        assert found == []
    for wanted in case.message_contains:
        assert any(wanted in message for message in messages), f"{wanted!r} not in {messages}"
    for items in result.diagnostics.values():  # every finding names the other report
        assert all(d.related and all(r.path for r in d.related) for d in items)
