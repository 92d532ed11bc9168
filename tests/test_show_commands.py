"""`zhlint claims` and `zhlint tables`: directories, `--format json`, a readable table (issue 15, item 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zhlint.cli import main

EXAMPLE = next((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "a.txt")
    shutil.copy(EXAMPLE, folder / "sub" / "b.md")
    (folder / "notes.csv").write_text("not a report", encoding="utf-8")
    return folder


def test_claims_of_a_directory_as_json(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--format", "json", str(reports)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [Path(item["path"]).name for item in found] == ["a.txt", "b.md"]
    first = found[0]["claims"][0]
    assert first["kind"] == "execution" and first["subject"] == "事业运行（项）"
    assert first["numbers"][0] == {
        "role": "budget",
        "subject": "事业运行（项）",
        "text": "532.93",
        "value": "532.93",
        "unit": "元",
        "line": 81,
        "column": 13,
    }


def test_claims_text_is_a_table(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(reports / "a.txt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["陈述", "类型", "主体", "角色", "数值", "位置"]
    assert lines[2].split() == ["1", "预算执行", "事业运行（项）", "预算数", "532.93元", "81:13"]
    assert not any("@" in line or "says" in line for line in lines)  # no internal notation


def test_tables_of_a_directory_as_json(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", "--format", "json", str(reports)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 2
    assert found[0]["tables"][0] == {
        "name": "公开01表",
        "kind": "01表",
        "title": "收入支出决算总表",
        "first_line": 46,
        "last_line": 54,
        "empty": False,
        "problem": None,
    }
    match = found[0]["matches"][0]
    assert match["quantity"] == "收支总计" and match["verdict"] == "ok"
    assert match["cell"] == {"label": "公开01表“总计”", "text": "526.36", "line": 54, "column": 20}


def test_tables_text_lists_matches_as_a_table(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(reports / "a.txt")]) == 0
    out = capsys.readouterr().out
    header = next(line.split() for line in out.splitlines() if "对照的单元格" in line)
    assert header == ["位置", "正文", "数值", "对照的单元格", "单元格数值", "单元格位置", "结论"]
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("74:12 "))
    assert row == ["74:12", "收支总计", "526.36", "公开01表“总计”", "526.36", "54:20", "一致"]


def test_an_unreadable_file_in_a_directory_is_said_and_the_rest_shown(
    reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (reports / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe" * 10)
    assert main(["claims", "--format", "json", str(reports)]) == 2
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2 and "scan.txt" in captured.err
    assert main(["tables", str(reports / "missing")]) == 2


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).parent / "corpus").glob("*.txt")), ids=lambda p: p.name[:3]
)
def test_a_comparison_that_disagrees_is_a_finding_of_its_rule(path: Path) -> None:
    """What the hover says was compared and disagreed, the rule reports at the same number."""
    from zhlint.analysis.context import LintContext
    from zhlint.config import Config
    from zhlint.document.segment import segment
    from zhlint.engine import lint_source
    from zhlint.read.source import Source
    from zhlint.show import comparisons

    source = Source.from_text(path.read_text(encoding="utf-8"), str(path))
    found = comparisons(LintContext(segment(source), Config()))
    assert any(item.rule == "ZL101" for item in found) and any(item.rule != "ZL101" for item in found)
    reported = {(d.code, d.start) for d in lint_source(source)}
    disagreeing = {(item.rule, item.span.start) for item in found if not item.agreed}
    assert disagreeing <= reported
