"""The library API other tools import."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import zhlint
from tests.conftest import make_report
from zhlint import Diagnostic, Severity
from zhlint.diagnostics import Span
from zhlint.engine import lint_source
from zhlint.read.source import Source
from zhlint.rules.base import Finding, LintContext, rule


def test_lint_text_returns_frozen_positioned_diagnostics() -> None:
    text = make_report("纳入2022年部门整体支出绩效目标的金额为526.36万元。\n")
    (diagnostic,) = zhlint.lint_text(text, path="r.txt")
    assert isinstance(diagnostic, Diagnostic)
    assert (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.end_column) == ("r.txt", 4, 3, 7)
    assert text[diagnostic.start : diagnostic.end] == "2022"
    assert diagnostic.severity is Severity.ERROR
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        diagnostic.line = 1  # type: ignore[misc]


def test_lint_paths_reads_directories_recursively_and_reports_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "good.md").write_text(make_report("本年支出合计1万元。\n"), encoding="utf-8")
    (tmp_path / "a" / "bad.txt").write_text(make_report("推进长株潭长株潭一体化。\n"), encoding="gb18030")
    (tmp_path / "a" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "a" / "notes.xlsx").write_bytes(b"ignored: not a report suffix")
    found = sorted((Path(d.path or "").name, d.code) for d in zhlint.lint_paths([tmp_path]))
    assert found == [("bad.txt", "ZL602"), ("image.txt", "ZL001")]


def test_empty_file_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert [d.code for d in zhlint.lint_file(path)] == ["ZL002"]


def test_a_failing_rule_is_reported_and_the_other_rules_still_run() -> None:
    @rule("ZL699", "always-fails", Severity.ERROR, "test", "test", "bad", "good")
    def always_fails(context: LintContext) -> list[Finding]:
        raise RuntimeError("boom")

    try:
        text = make_report("推进长株潭长株潭一体化。\n")
        codes = [d.code for d in lint_source(Source.from_text(text))]
        assert "ZL009" in codes and "ZL602" in codes
        (failure,) = [d for d in lint_source(Source.from_text(text)) if d.code == "ZL009"]
        assert "ZL699" in failure.message and "boom" in failure.message
    finally:
        from zhlint.rules import base

        del base._REGISTRY["ZL699"]


def test_spans_map_back_through_normalisation_across_lines() -> None:
    text = make_report("纳入\n2022年部门整体支出绩效目标的金额为526. 36万元。\n")
    diagnostics = zhlint.lint_text(text)
    year = next(d for d in diagnostics if d.code == "ZL401")
    assert text[year.start : year.end] == "2022" and year.line == 5
    split = next(d for d in diagnostics if d.code == "ZL503")
    assert text[split.start : split.end] == "526. 36"


def test_span_rejects_inverted_ranges() -> None:
    with pytest.raises(ValueError):
        Span(3, 1)


def test_a_file_over_the_size_limit_is_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhlint import engine

    monkeypatch.setattr(engine, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text(make_report("本年支出合计1万元。\n"), encoding="utf-8")
    (diagnostic,) = zhlint.lint_file(path)
    assert diagnostic.code == "ZL001" and "过大" in diagnostic.message


def test_an_unreadable_file_is_reported_whatever_is_selected(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF\x00\x01")
    assert [d.code for d in zhlint.lint_file(path, zhlint.Config(select=("ZL6",)))] == ["ZL001"]


def test_sarif_uris_are_percent_encoded() -> None:
    from zhlint.report.sarif import _uri

    assert _uri("reports/2023 示例.txt") == "reports/2023%20%E7%A4%BA%E4%BE%8B.txt"
