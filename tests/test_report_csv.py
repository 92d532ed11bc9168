"""``zhlint check --format csv``: one row per finding, UTF-8 with BOM, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from zhlint.cli import main
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.report.csv import HEADER, write_csv
from zhlint.report.review import Review, ReviewedFile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = next((ROOT / "examples").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))


def _check(*args: str, capsys: object) -> str:
    main(["check", "--no-progress", "--jobs", "1", *args])
    return capsys.readouterr().out  # type: ignore[attr-defined,no-any-return]


def test_csv_starts_with_a_bom_and_has_one_row_per_finding(tmp_path: Path, capsys: object) -> None:
    paths = [str(path) for path in [EXAMPLE, *CORPUS]]
    findings = json.loads(_check("--format", "json", *paths, capsys=capsys))
    target = tmp_path / "findings.csv"
    main(["check", "--no-progress", "--jobs", "1", "--format", "csv", "-o", str(target), *paths])
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    assert len(rows) - 1 == len(findings) > 0
    for row, finding in zip(rows[1:], findings, strict=True):
        record = dict(zip(HEADER, row, strict=True))
        assert record["文件"] == finding["path"]
        assert (record["行"], record["列"]) == (str(finding["line"]), str(finding["column"]))
        assert record["规则代码"] == finding["code"]
        assert record["处理意见"] == "" and record["页"] == ""
        assert record["严重程度"] in ("错误", "警告", "提示")
        assert record["年度"] == "2023"


def test_csv_keeps_chinese_and_quotes_the_characters_found(tmp_path: Path, capsys: object) -> None:
    out = _check("--format", "csv", str(EXAMPLE), capsys=capsys)
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline="")))
    misspelt = next(row for row in rows if row["规则代码"] == "ZL610")
    assert misspelt["单位"] == "株洲市示例服务中心"
    assert misspelt["原文"] == "株州市示例服务中心"
    assert "株州市示例服务中心" in misspelt["问题说明"]


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    report = tmp_path / "=cmd.txt"
    shutil.copy(EXAMPLE, report)
    hostile = Diagnostic(
        "ZL999", "-name", Severity.ERROR, '=HYPERLINK("http://x","y")', 1, 1, 1, 5, str(report), 0, 4
    )
    out = io.StringIO()
    write_csv(Review((ReviewedFile(report),), (hostile,)), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"), newline="")))
    assert row["问题说明"].startswith("'=HYPERLINK")
    assert row["规则名称"] == "'-name"
    assert row["文件"].endswith("=cmd.txt")  # a path starts with its directory, not with `=`
