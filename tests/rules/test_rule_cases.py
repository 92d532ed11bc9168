"""Every rule's bad and good cases, one file per rule code: tests/rules/cases/ZLnnn.toml.

A case file holds ``[[fail]]`` cases, whose ``expect`` lists every diagnostic of that code as
``[where, "ZLnnn", "severity"]``, and ``[[pass]]`` cases, where the code must not be reported.
``message_contains`` (a string or a list) must each appear in a message of that code.

A case's document is the cover, then the named ``tables`` (tests/rules/fixtures/NAME.txt, each
followed by a blank line), then ``text``. ``cover`` replaces the default cover (``""`` for none).
``where`` is the line counted from the first line of ``text`` (1); a diagnostic inside a fixture
is ``"NAME:line"`` and one on the cover ``"cover:line"``, counted from that part's first line.
Only the case's own code is compared: other rules may report what they like.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import zhlint
from tests.conftest import COVER
from tests.rules.test_across_cases import case_kinds
from zhlint.rules import registered_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"

# Codes whose input cannot be written as text in a case file.
NOT_AS_TEXT = {
    "ZL001": "the file's bytes are not UTF-8 or GB18030 text; a case file holds text (tests/test_source.py)",
    "ZL005": "needs --year (a configuration), which a case file does not set (tests/test_document_kind.py)",
    "ZL006": "needs --report-unused-suppressions, which a case file does not set (tests/test_suppress.py)",
    "ZL009": "a rule that raises: no report text makes a correct rule fail (tests/test_robustness.py)",
}


@attrs.frozen
class Part:
    name: str | None  # None: the case's own text
    first_line: int  # the part's first line in the document, from 1
    lines: int


@attrs.frozen
class Case:
    code: str
    kind: str  # "fail" or "pass"
    number: int
    text: str
    tables: tuple[str, ...] = ()
    cover: str = COVER
    expect: tuple[tuple[int | str, str, str], ...] = ()
    message_contains: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.number}"


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n") + "\n\n"


def assemble(case: Case) -> tuple[str, list[Part]]:
    """The document of a case and where each of its parts starts."""
    pieces = [("cover", case.cover), *((name, fixture(name)) for name in case.tables), (None, case.text)]
    document, parts, line = "", [], 1
    for name, piece in pieces:
        count = piece.count("\n")
        parts.append(Part(name, line, count))
        document += piece
        line += count
    return document, parts


def where(line: int, parts: list[Part]) -> int | str:
    """A document line as the case file writes it: a line of the text, or ``part:line``."""
    for part in reversed(parts):
        if line >= part.first_line:
            relative = line - part.first_line + 1
            return relative if part.name is None else f"{part.name}:{relative}"
    raise AssertionError(f"line {line} before the document")


def reported(case: Case) -> tuple[list[tuple[int | str, str, str]], list[str]]:
    """The diagnostics of the case's code, as ``expect`` writes them, and their messages."""
    document, parts = assemble(case)
    found = [d for d in zhlint.lint_text(document, path="case.txt") if d.code == case.code]
    return [(where(d.line, parts), d.code, d.severity.value) for d in found], [d.message for d in found]


def _strings(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def read_cases(path: Path) -> Iterator[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"fail", "pass"}
    assert not unknown, f"{path.name}: unknown tables {sorted(unknown)}"
    for kind in ("fail", "pass"):
        for number, entry in enumerate(data.get(kind, []), start=1):
            keys = {"text", "tables", "cover", "message_contains"} | ({"expect"} if kind == "fail" else set())
            assert set(entry) <= keys, f"{path.name} {kind} {number}: unknown keys {set(entry) - keys}"
            yield Case(
                code=path.stem,
                kind=kind,
                number=number,
                text=entry["text"],
                tables=tuple(entry.get("tables", ())),
                cover=entry.get("cover", COVER),
                expect=tuple((where_, code, severity) for where_, code, severity in entry.get("expect", ())),
                message_contains=_strings(entry.get("message_contains", ())),
            )


def all_cases() -> list[Case]:
    return [case for path in sorted(CASES.glob("ZL*.toml")) for case in read_cases(path)]


ALL_CASES = all_cases()


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_rule_case(case: Case) -> None:
    found, messages = reported(case)
    if case.kind == "fail":
        assert case.expect, f"{case.id}: a fail case lists what it expects"
        assert all(code == case.code for _, code, _ in case.expect), f"{case.id}: expect holds other codes"
        assert found == list(case.expect)
    else:
        assert found == []
    for wanted in case.message_contains:
        assert any(wanted in message for message in messages), f"{wanted!r} not in {messages}"


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    codes = {registered.meta.code for registered in registered_rules()}
    kinds: dict[str, set[str]] = {}
    for case in ALL_CASES:
        kinds.setdefault(case.code, set()).add(case.kind)
    # The cross-report rules' cases are several reports each: tests/rules/test_across_cases.py.
    for code, found in case_kinds().items():
        assert code not in kinds, f"{code}: cases in both cases/ and across_cases/"
        kinds[code] = found
    missing = sorted(
        code for code in codes - set(NOT_AS_TEXT) if not {"fail", "pass"} <= kinds.get(code, set())
    )
    assert missing == [], f"no case file with a [[fail]] and a [[pass]] case for {missing}"
    assert sorted(set(kinds) - codes) == [], "case files for codes that are not registered"
    assert sorted(set(NOT_AS_TEXT) - codes) == [] and not set(NOT_AS_TEXT) & set(kinds)


def test_the_fixtures_are_used_and_line_numbers_count_from_the_text() -> None:
    """``where`` counts the text from 1 and names the fixture a line falls in."""
    used = {name for case in ALL_CASES for name in case.tables}
    assert used == {path.stem for path in FIXTURES.glob("*.txt")}
    case = Case("ZL000", "pass", 1, text="甲\n乙\n", tables=("summary",))
    document, parts = assemble(case)
    last = document.count("\n")
    assert where(last, parts) == 2 and where(last - 1, parts) == 1
    assert where(1, parts) == "cover:1" and where(parts[1].first_line, parts) == "summary:1"
