"""DOCX input (issue 14 item 4): small Word files built here with python-docx, read back through zhlint."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("docx", reason="the optional extra zhlint[docx] (python-docx) is not installed")

import docx

import zhlint
from zhlint import cli, engine
from zhlint.read import docx as docx_reader


def build_docx() -> bytes:
    document = docx.Document()
    document.add_heading("示例中心2023年度部门决算", 0)
    document.add_paragraph("一、部门职责")
    document.add_paragraph("本年支出合计100.00万元，其中基本支出60.00万元，项目支出50.00万元。")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "本年支出"  # across two columns
    table.cell(1, 0).merge(table.cell(2, 0)).text = "行政运行"  # down two rows
    for (row, column), text in {(1, 1): "100.00", (1, 2): "99.50", (2, 1): "1.00", (2, 2): "2.00"}.items():
        table.cell(row, column).text = text
    document.add_paragraph("")  # an empty paragraph is no block
    document.add_paragraph("二、机构设置")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_paragraphs_and_tables_in_body_order_with_merged_cells_resolved() -> None:
    text = docx_reader.extract_docx(build_docx())
    assert text.split("\n\n") == [
        "示例中心2023年度部门决算",
        "一、部门职责",
        "本年支出合计100.00万元，其中基本支出60.00万元，项目支出50.00万元。",
        "项目\t本年支出\t\n行政运行\t100.00\t99.50\n\t1.00\t2.00",
        "二、机构设置\n",
    ]


def test_a_docx_is_linted_and_extract_then_check_gives_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(build_docx())
    on_docx = [(d.line, d.column, d.code, d.message) for d in zhlint.lint_file(path)]
    assert any(code == "ZL102" for _, _, code, _ in on_docx)  # 60 + 50 is not 100
    out = tmp_path / "report.txt"
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    assert [(d.line, d.column, d.code, d.message) for d in zhlint.lint_file(out)] == on_docx
    assert all(d.page is None for d in zhlint.lint_file(path))
    assert [p.name for p in engine.iter_report_files([tmp_path])] == ["report.docx", "report.txt"]


def only_unreadable(path: Path) -> str:
    diagnostics = zhlint.lint_file(path)
    assert [d.code for d in diagnostics] == ["ZL001"]
    return diagnostics[0].message


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)  # an old binary .doc
    assert "不是 DOCX 文件" in only_unreadable(path)


def test_a_damaged_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    path.write_bytes(build_docx()[:300])
    assert "已损坏" in only_unreadable(path)


def test_a_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "示例")
    path = tmp_path / "other.docx"
    path.write_bytes(buffer.getvalue())
    assert "word/document.xml" in only_unreadable(path)


def test_a_docx_unpacking_past_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 1000)
    path = tmp_path / "big.docx"
    path.write_bytes(build_docx())
    assert "上限" in only_unreadable(path)


def test_without_the_extra_a_docx_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    path = tmp_path / "report.docx"
    path.write_bytes(build_docx())
    assert f"pip install '{docx_reader.DISTRIBUTION}[docx]'" in only_unreadable(path)


def test_fix_refuses_a_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.docx"
    data = build_docx()
    path.write_bytes(data)
    assert cli.main(["check", "--fix", "--no-progress", str(path)]) == 2
    assert path.read_bytes() == data
    assert "不能自动修复" in capsys.readouterr().err
