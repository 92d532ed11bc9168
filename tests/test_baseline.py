"""Baselines: findings are matched without line numbers, so unrelated edits do not resurrect them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zhlint
from zhlint.baseline import BaselineError, fingerprint, load_baseline, write_baseline
from zhlint.cli import main

COVER = "2023年度 株洲市测试中心 部门决算\n\n"
BODY = (
    "一、部门概况\n"
    "纳入2022年部门整体支出绩效目标。\n"
    "决算数大于（小于）年初预算数的主要原因是增加了人员。\n"
    "推进长株潭长株潭一体化发展。\n"
)
SELECT = ["--select", "ZL401,ZL601,ZL602"]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "report.txt"
    path.parent.mkdir()
    path.write_text(COVER + BODY, encoding="utf-8")
    return path


def _check(*args: str) -> tuple[int, list[dict[str, object]]]:
    """Run ``zhlint check --format json`` and return the exit status and the diagnostics."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", "--format", "json", *SELECT, *args])
    return status, json.loads(out.getvalue())


def _insert_lines_above(path: Path, lines: str, before: str = "一、部门概况") -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(before, lines + before, 1), encoding="utf-8")


def test_write_baseline_records_path_code_and_fingerprint(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert main(["check", *SELECT, "--write-baseline", str(baseline), str(report)]) == 0
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["zhlint_baseline"] == 1
    findings = document["findings"]
    assert [f["code"] for f in findings] == ["ZL401", "ZL601", "ZL602"]
    assert {f["path"] for f in findings} == {"reports/report.txt"}  # relative to the baseline file
    assert all(set(f) == {"path", "code", "fingerprint", "occurrence", "message"} for f in findings)
    assert "line" not in json.dumps(findings)


def test_baseline_hides_old_findings(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    main(["check", *SELECT, "--write-baseline", str(baseline), str(report)])
    assert _check("--baseline", str(baseline), str(report)) == (0, [])


def test_inserting_lines_above_does_not_resurrect_old_findings(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    main(["check", *SELECT, "--write-baseline", str(baseline), str(report)])
    _insert_lines_above(report, "前言\n本报告按财政部门要求编制。\n\n")
    status, before_lines_moved = _check(str(report))
    assert status == 1 and len(before_lines_moved) == 3  # the findings are still there, lower down
    assert _check("--baseline", str(baseline), str(report)) == (0, [])


def test_a_new_finding_is_reported_among_old_ones(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    main(["check", *SELECT, "--write-baseline", str(baseline), str(report)])
    _insert_lines_above(report, "新增一段：缴费缴费已完成。\n")
    status, found = _check("--baseline", str(baseline), str(report))
    assert status == 1
    assert [(d["code"], d["line"]) for d in found] == [("ZL602", 3)]


def test_identical_findings_are_counted_by_occurrence(report: Path, tmp_path: Path) -> None:
    doubled = "推进长株潭长株潭一体化发展。\n"
    report.write_text(COVER + "一、部门概况\n" + doubled * 2, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    main(["check", *SELECT, "--write-baseline", str(baseline), str(report)])
    occurrences = [f["occurrence"] for f in json.loads(baseline.read_text(encoding="utf-8"))["findings"]]
    assert occurrences == [0, 1]
    _insert_lines_above(report, doubled, before=doubled)
    status, found = _check("--baseline", str(baseline), str(report))
    assert status == 1 and len(found) == 1  # one more than recorded, whichever copy it is


def test_editing_the_words_around_a_finding_makes_it_new(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    main(["check", *SELECT, "--write-baseline", str(baseline), str(report)])
    text = report.read_text(encoding="utf-8").replace("推进长株潭长株潭一体化", "加快长株潭长株潭一体化")
    report.write_text(text, encoding="utf-8")
    assert [d["code"] for d in _check("--baseline", str(baseline), str(report))[1]] == ["ZL602"]


def test_baseline_works_from_another_directory(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    main(["check", *SELECT, "--write-baseline", "baseline.json", "reports/report.txt"])
    monkeypatch.chdir(report.parent)
    assert _check("--baseline", str(baseline), "report.txt") == (0, [])


def test_fingerprint_does_not_depend_on_the_line() -> None:
    first = next(d for d in zhlint.lint_text(COVER + BODY, path="a.txt") if d.code == "ZL602")
    moved_text = COVER + "\n\n\n" + BODY
    moved = next(d for d in zhlint.lint_text(moved_text, path="a.txt") if d.code == "ZL602")
    assert moved.line == first.line + 3
    assert fingerprint(first, COVER + BODY) == fingerprint(moved, moved_text)


def test_library_round_trip(report: Path, tmp_path: Path) -> None:
    diagnostics = zhlint.lint_file(report, zhlint.Config(select=("ZL401", "ZL601", "ZL602")))
    baseline_path = tmp_path / "b.json"
    assert write_baseline(baseline_path, diagnostics) == 3
    assert load_baseline(baseline_path).new_only(diagnostics) == []


def test_unreadable_files_are_never_baselined(tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PDF")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--write-baseline", str(baseline), str(binary)]) == 2
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"] == []
    status, found = _check("--baseline", str(baseline), "--select", "ZL", str(binary))
    assert status == 2 and [d["code"] for d in found] == ["ZL001"]


@pytest.mark.parametrize("content", ["not json", "[]", '{"zhlint_baseline": 1, "findings": [{"path": 1}]}'])
def test_a_broken_baseline_is_a_usage_error(
    report: Path, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError):
        load_baseline(baseline)
    assert main(["check", "--baseline", str(baseline), str(report)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_baseline_and_conflicting_options_are_usage_errors(report: Path, tmp_path: Path) -> None:
    assert main(["check", "--baseline", str(tmp_path / "none.json"), str(report)]) == 2
    both = ["--baseline", str(tmp_path / "a.json"), "--write-baseline", str(tmp_path / "b.json")]
    assert main(["check", *both, str(report)]) == 2
