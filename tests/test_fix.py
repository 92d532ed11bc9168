"""--fix and --diff: the guard on numbers, overlapping fixes, encodings, line endings, atomic writes."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

import pytest

from zhlint.cli import main
from zhlint.config import Config
from zhlint.diagnostics import Diagnostic, Fix, Severity
from zhlint.fix import (
    apply_fixes,
    fix_file,
    fix_source,
    is_safe_fix,
    numeric_signature,
    select_fixes,
    unified_diff,
)
from zhlint.read.source import Source, read_bytes

CORPUS = Path(__file__).parent / "corpus"
COVER = "2023年度 株洲市测试中心 部门决算\n\n"
BODY = (
    "一、部门概况\n"
    "推进长株潭长株潭一体化发展，截止2023年12月31日，本单位共有车辆2辆。\n"
    "本年支出合计526. 36万元，其中基本支出1, 234. 50万元，占12. 5%。\n"
    "本单位无国有资产经营预算支出。\n"
    "纳入2022年部门整体支出绩效目标。\n"
)
FIXED_BODY = (
    "一、部门概况\n"
    "推进长株潭一体化发展，截至2023年12月31日，本单位共有车辆2辆。\n"
    "本年支出合计526.36万元，其中基本支出1,234.50万元，占12.5%。\n"
    "本单位无国有资本经营预算支出。\n"
    "纳入2022年部门整体支出绩效目标。\n"
)
REPORT, FIXED = COVER + BODY, COVER + FIXED_BODY
# The rules that the report above is about; other rules come and go as the project grows.
SELECTED = Config(select=("ZL401", "ZL503", "ZL602", "ZL603", "ZL611"))
SELECT_ARGS = ["--select", "ZL401,ZL503,ZL602,ZL603,ZL611"]


def _fix(start: int, end: int, replacement: str) -> Fix:
    return Fix(replacement, 1, start + 1, 1, end + 1, start, end)


def _diagnostic(fix: Fix) -> Diagnostic:
    return Diagnostic("ZL602", "duplicated-word", Severity.WARNING, "m", 1, 1, 1, 1, "t.txt", fix=fix)


def _numbers(text: str) -> list[str]:
    """Every number of a text with stray spaces and thousands commas removed."""
    joined = re.sub(r"(?<=[\d.,])[ ,]+(?=\d)|(?<=\d)\s+(?=\.)", "", text)
    return re.findall(r"\d+(?:\.\d+)?%?", joined.replace(",", ""))


# The guard -------------------------------------------------------------------------------------


def test_numeric_signature_ignores_spaces_commas_and_width() -> None:
    assert numeric_signature("1, 234. 50万元") == "1234.50"
    assert numeric_signature("１２．５％") == "12.5%"
    assert numeric_signature("长株潭") == ""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("526. 36", "526.36"),  # joining a split number
        ("1, 234. 50", "1,234.50"),
        ("12. 5%", "12.5%"),
        ("长株潭", ""),  # removing a duplicated word
        ("截止", "截至"),
        ("国有资产经营预算", "国有资本经营预算"),
    ],
)
def test_guard_accepts_fixes_that_keep_every_digit(old: str, new: str) -> None:
    text = f"前{old}后"
    assert is_safe_fix(text, _fix(1, 1 + len(old), new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("526.36", "526.63"),  # another amount
        ("2022", "2023"),  # another year
        ("12.5%", "12.5"),  # a percentage becomes a plain number
        ("12.5", "125"),  # the decimal point moves
        ("2022年2022年", "2022年"),  # a doubled year is not ours to remove
        ("1", ""),
        ("", "0"),
    ],
)
def test_guard_refuses_fixes_that_change_a_number(old: str, new: str) -> None:
    text = f"前{old}后"
    assert not is_safe_fix(text, _fix(1, 1 + len(old), new))


def test_guard_refuses_fixes_that_touch_line_breaks() -> None:
    text = "第一行\n第二行"
    assert not is_safe_fix(text, _fix(2, 4, "行"))
    assert not is_safe_fix(text, _fix(0, 1, "第\r\n"))


def test_guard_refuses_spans_outside_the_text() -> None:
    assert not is_safe_fix("短", _fix(0, 5, ""))


def test_apply_fixes_skips_a_fix_that_would_change_an_amount() -> None:
    text = "支出526.36万元，长株潭长株潭"
    amount = text.index("526.36")
    doubled = text.index("长株潭长株潭") + 3
    diagnostics = [
        _diagnostic(_fix(amount, amount + 6, "999.99")),
        _diagnostic(_fix(doubled, doubled + 3, "")),
    ]
    fixed, applied = apply_fixes(text, diagnostics)
    assert (fixed, applied) == ("支出526.36万元，长株潭", 1)


# Overlaps and order ----------------------------------------------------------------------------


def test_overlapping_fixes_keep_the_earlier_one_and_apply_right_to_left() -> None:
    text = "甲乙丙丁戊己"
    fixes = [_fix(4, 6, "X"), _fix(0, 2, "A"), _fix(1, 3, "B"), _fix(3, 4, "")]
    assert [(f.start, f.end) for f in select_fixes(text, fixes)] == [(0, 2), (3, 4), (4, 6)]
    fixed, applied = apply_fixes(text, [_diagnostic(fix) for fix in fixes])
    assert (fixed, applied) == ("A丙X", 3)


def test_identical_fixes_from_two_diagnostics_apply_once() -> None:
    fixed, applied = apply_fixes("截止2023年", [_diagnostic(_fix(0, 2, "截至"))] * 2)
    assert (fixed, applied) == ("截至2023年", 1)


def test_two_insertions_at_one_point_conflict() -> None:
    assert len(select_fixes("甲乙", [_fix(1, 1, "x"), _fix(1, 1, "y")])) == 1


# Files -----------------------------------------------------------------------------------------


def _write(path: Path, text: str, encoding: str, bom: bytes = b"", newline: str = "\n") -> bytes:
    data = bom + text.replace("\n", newline).encode(encoding)
    path.write_bytes(data)
    return data


ENCODINGS = [
    pytest.param("utf-8", b"", "\n", id="utf-8"),
    pytest.param("utf-8", codecs.BOM_UTF8, "\n", id="utf-8-bom"),
    pytest.param("gb18030", b"", "\n", id="gb18030"),
    pytest.param("utf-16-le", codecs.BOM_UTF16_LE, "\n", id="utf-16-le-bom"),
    pytest.param("utf-8", b"", "\r\n", id="utf-8-crlf"),
    pytest.param("gb18030", b"", "\r\n", id="gb18030-crlf"),
    pytest.param("utf-8", codecs.BOM_UTF8, "\r\n", id="utf-8-bom-crlf"),
]


@pytest.mark.parametrize(("encoding", "bom", "newline"), ENCODINGS)
def test_fix_keeps_encoding_bom_and_line_endings(
    tmp_path: Path, encoding: str, bom: bytes, newline: str
) -> None:
    path = tmp_path / "report.txt"
    _write(path, REPORT, encoding, bom, newline)
    result = fix_file(path, SELECTED)
    assert result.written and result.applied == 6
    assert path.read_bytes() == bom + FIXED.replace("\n", newline).encode(encoding)
    source = read_bytes(path.read_bytes(), str(path))
    assert (source.encoding, source.bom, source.newline) == (encoding, bom, newline)
    assert [d.code for d in result.diagnostics] == ["ZL401"]


@pytest.mark.parametrize(("encoding", "bom", "newline"), ENCODINGS)
def test_diff_leaves_the_file_alone(tmp_path: Path, encoding: str, bom: bytes, newline: str) -> None:
    path = tmp_path / "report.txt"
    data = _write(path, REPORT, encoding, bom, newline)
    result = fix_file(path, SELECTED, write=False)
    assert path.read_bytes() == data and not result.written
    assert result.fixed == FIXED.replace("\n", newline)
    diff = result.diff()
    assert f"-推进长株潭长株潭一体化发展，截止2023年12月31日，本单位共有车辆2辆。{newline}" in diff
    assert f"+推进长株潭一体化发展，截至2023年12月31日，本单位共有车辆2辆。{newline}" in diff
    changed = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(changed) == 3
    assert "+本单位无国有资本经营预算支出。" in diff


def test_fix_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    _write(path, REPORT, "utf-8", newline="\r\n")
    fix_file(path, Config())
    after_first = path.read_bytes()
    again = fix_file(path, Config())
    assert (again.applied, again.written, again.changed) == (0, False, False)
    assert path.read_bytes() == after_first


def test_fix_writes_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    _write(path, REPORT, "utf-8")
    path.chmod(0o640)
    before = sorted(p.name for p in tmp_path.iterdir())
    fix_file(path, Config())
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == FIXED


def test_a_failed_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.txt"
    data = _write(path, REPORT, "utf-8")

    def refuse(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = fix_file(path, Config())
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]
    assert result.error is not None and not result.written and result.applied == 0


def test_unreadable_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02")
    result = fix_file(path, Config())
    assert path.read_bytes() == b"%PDF-1.7\x00\x01\x02"
    assert [d.code for d in result.diagnostics] == ["ZL001"] and result.error == "unreadable"


@pytest.mark.parametrize("document", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_fixing_real_reports_changes_no_amount(tmp_path: Path, document: Path) -> None:
    path = tmp_path / document.name
    original = document.read_bytes().decode("utf-8")
    path.write_bytes(original.encode("utf-8"))
    result = fix_file(path, Config())
    fixed = path.read_bytes().decode("utf-8")
    assert result.applied > 0
    assert numeric_signature(fixed) == numeric_signature(original)
    assert _numbers(fixed) == _numbers(original)
    assert fixed.count("\n") == original.count("\n") and fixed.count("\r") == original.count("\r")
    leftover = [d for d in result.diagnostics if d.fix is not None and is_safe_fix(fixed, d.fix)]
    assert leftover == []  # every safe fix was applied within the rounds
    assert fix_file(path, Config()).applied == 0


def test_fix_source_reports_the_original_and_the_remaining_diagnostics() -> None:
    outcome = fix_source(Source.from_text(REPORT, "t.txt"), SELECTED)
    assert {d.code for d in outcome.initial} >= {"ZL401", "ZL503", "ZL602", "ZL603", "ZL611"}
    assert [d.code for d in outcome.remaining] == ["ZL401"]
    assert outcome.source.text == FIXED


def test_unified_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("甲\n截止", "甲\n截至", "x.txt")
    assert "-截止\n\\ No newline at end of file\n+截至\n\\ No newline at end of file\n" in diff
    assert unified_diff("同", "同", "x.txt") == ""


# Command line ----------------------------------------------------------------------------------


def test_cli_fix_writes_and_reports_what_remains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.txt"
    _write(path, REPORT, "gb18030", newline="\r\n")
    assert main(["check", "--fix", "--no-progress", *SELECT_ARGS, str(path)]) == 1  # ZL401 stays
    out = capsys.readouterr().out
    assert "ZL401" in out and "ZL602" not in out and "已自动修复 6 处，改写了 1 个文件" in out
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode("gb18030")
    assert main(["check", "--fix", "--no-progress", *SELECT_ARGS, str(path)]) == 1
    assert "已自动修复 0 处" in capsys.readouterr().out


def test_cli_fix_exits_0_when_everything_was_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(COVER + "一、部门概况\n推进长株潭长株潭一体化发展。\n", encoding="utf-8")
    assert main(["check", "--fix", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == COVER + "一、部门概况\n推进长株潭一体化发展。\n"


def test_cli_diff_prints_a_patch_and_exits_as_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reports" / "report.txt"
    path.parent.mkdir()
    data = _write(path, REPORT, "utf-8", codecs.BOM_UTF8)
    assert main(["check", "--diff", str(path)]) == main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")  # outside the working directory
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--diff", "reports/report.txt"]) == 1
    assert capsys.readouterr().out.startswith("--- a/reports/report.txt\n+++ b/reports/report.txt\n@@ ")
    assert main(["check", "--diff", str(path)]) == 1
    assert capsys.readouterr().out.startswith("--- a/reports/report.txt\n+++ b/reports/report.txt\n@@ ")
    assert path.read_bytes() == data


def test_cli_diff_prints_nothing_for_a_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_text(COVER + "一、部门概况\n本单位主要职责是开展测试工作。\n", encoding="utf-8")
    assert main(["check", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_cli_fix_in_json_keeps_stdout_machine_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = tmp_path / "report.txt"
    _write(path, REPORT, "utf-8")
    assert main(["check", "--fix", "--format", "json", *SELECT_ARGS, str(path)]) == 1
    captured = capsys.readouterr()
    assert [item["code"] for item in json.loads(captured.out)] == ["ZL401"]
    assert "已自动修复 6 处" in captured.err


def test_fixing_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(REPORT, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert fix_file(link, SELECTED).written
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]
