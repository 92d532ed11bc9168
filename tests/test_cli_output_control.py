"""Output control of `zhlint check` (issue 15 items 3, 7, 9): severity threshold, --quiet,
--exit-zero, --output-format, the concise format, findings streamed file by file, one-line usage
errors without abbreviated options, ZL003 with any year rule, and a bounded underline."""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import zhlint.batch
import zhlint.report.text as text_report
from zhlint.cli import build_parser, main
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.read.source import read_bytes

ROOT = Path(__file__).resolve().parent.parent
COVER = "2023年度 株洲市测试中心 部门决算\n\n"
# ZL401 (error), ZL602 (warning), ZL603 (info)
MIXED = (
    COVER + "一、部门概况\n纳入2022年部门整体支出绩效目标。\n"
    "推进长株潭长株潭一体化发展，截止2023年12月31日，共有车辆2辆。\n"
)
WARNING_ONLY = COVER + "一、部门概况\n推进长株潭长株潭一体化发展。\n"
NO_YEAR = "株洲市测试中心 部门决算\n\n一、部门概况\n纳入2022年部门整体支出绩效目标。\n"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit_info:  # argparse reports usage errors this way
            status = int(exit_info.code or 0)
    return status, out.getvalue(), err.getvalue()


def _report(tmp_path: Path, text: str, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _codes(out: str) -> list[str]:
    return [item["code"] for item in json.loads(out)]


# Severity threshold ------------------------------------------------------------------------------


def test_min_severity_hides_the_findings_below_it(tmp_path: Path) -> None:
    report = str(_report(tmp_path, MIXED))
    assert {"ZL401", "ZL602", "ZL603"} <= set(_codes(_run("check", "--format", "json", report)[1]))
    warning = _codes(_run("check", "--format", "json", "--min-severity", "warning", report)[1])
    assert "ZL603" not in warning and {"ZL401", "ZL602"} <= set(warning)
    assert _codes(_run("check", "--format", "json", "--min-severity", "error", report)[1]) == ["ZL401"]


def test_the_exit_status_follows_what_is_shown(tmp_path: Path) -> None:
    report = str(_report(tmp_path, WARNING_ONLY))
    assert _run("check", report)[0] == 1
    status, out, _ = _run("check", "--min-severity", "error", report)
    assert status == 0 and "ZL602" not in out and "没有发现问题" in out


def test_min_severity_in_the_configuration(tmp_path: Path) -> None:
    report = str(_report(tmp_path, MIXED))
    (tmp_path / "zhlint.toml").write_text('min-severity = "error"\n', encoding="utf-8")
    assert _codes(_run("check", "--format", "json", report)[1]) == ["ZL401"]
    # the command line wins over the file
    assert "ZL603" in _codes(_run("check", "--format", "json", "--min-severity", "info", report)[1])


@pytest.mark.parametrize("value", ['"warn"', '"ERROR"', "2"])
def test_a_bad_min_severity_in_the_configuration_is_one_line(tmp_path: Path, value: str) -> None:
    report = str(_report(tmp_path, MIXED))
    (tmp_path / "zhlint.toml").write_text(f"min-severity = {value}\n", encoding="utf-8")
    status, out, err = _run("check", report)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "min-severity" in err and "info、warning、error" in err


def test_an_unreadable_file_is_shown_whatever_the_threshold(tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary\xff\xfe")
    status, out, _ = _run("check", "--format", "json", "--min-severity", "error", str(binary))
    assert status == 2 and _codes(out) == ["ZL001"]


# --quiet, --exit-zero, --output-format ------------------------------------------------------------


def test_quiet_prints_the_findings_and_nothing_else(tmp_path: Path) -> None:
    report = str(_report(tmp_path, MIXED))
    status, out, err = _run("check", "--quiet", report)
    assert status == 1 and err == ""
    assert "ZL401" in out and "检查了" not in out and "按规则统计" not in out
    status, out, _ = _run("check", "-q", "--format", "concise", str(_report(tmp_path, COVER + "一、概况\n")))
    assert status == 0 and out == ""


def test_quiet_fix_does_not_count_the_fixes(tmp_path: Path) -> None:
    report = str(_report(tmp_path, WARNING_ONLY))
    status, out, _ = _run("check", "--fix", "--quiet", report)
    assert status == 0 and "已自动修复" not in out and "长株潭长株潭" not in Path(report).read_text("utf-8")


def test_exit_zero_keeps_the_findings_but_not_the_status(tmp_path: Path) -> None:
    report = str(_report(tmp_path, MIXED))
    status, out, _ = _run("check", "--exit-zero", report)
    assert status == 0 and "ZL401" in out
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary\xff\xfe")
    assert _run("check", "--exit-zero", str(binary))[0] == 2  # not checked at all: still 2


def test_output_format_is_format(tmp_path: Path) -> None:
    report = str(_report(tmp_path, MIXED))
    assert _run("check", "--output-format", "json", report) == _run("check", "--format", "json", report)


# The concise format ------------------------------------------------------------------------------


def test_concise_is_one_line_a_finding_then_the_summary(tmp_path: Path) -> None:
    report = _report(tmp_path, MIXED)
    status, out, _ = _run("check", "--format", "concise", str(report))
    found = json.loads(_run("check", "--format", "json", str(report))[1])
    *lines, summary = out.splitlines()
    assert status == 1 and len(lines) == len(found) and summary.startswith("检查了 1 个文件")
    for line, item in zip(lines, found, strict=True):
        where = f"{item['path']}:{item['line']}:{item['column']}"
        assert line == f"{where}: {item['code']} [{item['severity']}] {item['message']}"


# Streaming ---------------------------------------------------------------------------------------


def test_each_files_findings_are_printed_before_the_next_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _report(tmp_path, MIXED, "a.txt")
    second = _report(tmp_path, MIXED, "b.txt")
    lint = zhlint.batch.lint_task
    seen_before_second: list[str] = []
    out = io.StringIO()

    def watching(task: zhlint.batch.Task) -> list[Diagnostic]:
        if task[0] == second:
            seen_before_second.append(out.getvalue())
        return lint(task)

    monkeypatch.setattr(zhlint.batch, "lint_task", watching)
    for format_name in ("text", "concise", "github"):
        seen_before_second.clear()
        out.seek(0)
        out.truncate()
        with contextlib.redirect_stdout(out):
            assert main(["check", "--jobs", "1", "--format", format_name, str(tmp_path)]) == 1
        assert f"{first}:" in seen_before_second[0] or f"file={first}," in seen_before_second[0]
        assert str(second) not in seen_before_second[0]


def test_streamed_output_is_that_of_one_document(tmp_path: Path) -> None:
    for index in range(3):
        _report(tmp_path, MIXED if index != 1 else COVER + "一、概况\n", f"r{index}.txt")
    status, out, _ = _run("check", "--jobs", "2", str(tmp_path))
    assert status == 1
    assert out == _run("check", "--jobs", "1", str(tmp_path))[1]
    assert out.count("检查了 3 个文件") == 1 and out.index("r0.txt") < out.index("r2.txt")


def test_iter_all_yields_in_input_order_from_workers() -> None:
    items = [3, 1, 2, 5, 4, 0, 7]
    assert list(zhlint.batch.iter_all(abs, items, jobs=3)) == items


# Usage errors: exit 2, one line -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--form", "json", "."],  # an abbreviation of --format
        ["check", "--min", "error", "."],
        ["check", "--select", "ZL401", "--sel", "ZL4", "."],
        ["check", "--year", "23", "."],
        ["check", "--min-severity", "fatal", "."],
        ["check", "--format", "xml", "."],
        ["check", "--ignore", "EVERYTHING", "."],
        ["check", "--select", "*", "."],
        ["check", "-o", "/nonexistent-zhlint-dir/x.json", "."],
        ["check", "--write-baseline", "/nonexistent-zhlint-dir/b.json", "."],
        ["chek", "."],
    ],
)
def test_a_usage_error_is_exit_2_and_one_line(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _report(tmp_path, MIXED)
    status, out, err = _run(*args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("zhlint"), err


def test_no_command_accepts_an_abbreviated_option() -> None:
    parser = build_parser()
    subparsers = [action for action in parser._actions if action.choices and isinstance(action.choices, dict)]
    for sub in [parser, *(choice for action in subparsers for choice in action.choices.values())]:
        assert not sub.allow_abbrev, sub.prog


# ZL003 and ZL005 with any year rule --------------------------------------------------------------


def test_no_year_is_said_when_only_one_year_rule_is_selected(tmp_path: Path) -> None:
    report = str(_report(tmp_path, NO_YEAR))
    assert _codes(_run("check", "--format", "json", "--select", "ZL401", report)[1]) == ["ZL003"]
    assert _codes(_run("check", "--format", "json", "--select", "ZL401", "--ignore", "ALL", report)[1]) == [
        "ZL003"
    ]
    assert (
        _codes(_run("check", "--format", "json", "--select", "ZL401", "--ignore", "ZL003", report)[1]) == []
    )
    assert _codes(_run("check", "--format", "json", "--select", "ZL6", report)[1]) == []  # no year rule


def test_a_contradicting_year_is_said_when_only_one_year_rule_is_selected(tmp_path: Path) -> None:
    report = str(_report(tmp_path, COVER + "一、部门概况\n纳入2023年部门整体支出绩效目标。\n"))
    codes = _codes(_run("check", "--format", "json", "--select", "ZL401", "--year", "2024", report)[1])
    assert codes == ["ZL005", "ZL401"]


# A bounded underline -----------------------------------------------------------------------------


def test_a_long_span_is_underlined_up_to_a_bound() -> None:
    line = "主要包括" + "、".join(["基本工资", "津贴补贴", "奖金", "绩效工资"] * 12) + "。"
    source = read_bytes(("标题\n" + line + "\n").encode("utf-8"), "t.txt")
    diagnostic = Diagnostic("ZL209", "n", Severity.WARNING, "m", 2, 5, 2, len(line), "t.txt")
    _, _, shown, underline = text_report.format_diagnostic(diagnostic, source=source).splitlines()
    carets = underline.split("|", 1)[1].strip()
    assert re.fullmatch(r"\^+…", carets) and len(carets) - 1 <= text_report.MAX_UNDERLINE_COLUMNS
    assert text_report.display_width(
        shown
    ) <= 2 * 30 + text_report.MAX_UNDERLINE_COLUMNS + 10 and shown.endswith("…")
    assert line[4:20] in shown  # the span's beginning is shown


# Documentation -----------------------------------------------------------------------------------


def _option_strings() -> list[tuple[str, str]]:
    """(command, option) for every option of every command but --help."""
    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action.choices, dict))
    assert isinstance(commands.choices, dict)
    return [
        (name, option)
        for name, sub in commands.choices.items()
        for action in sub._actions
        for option in action.option_strings
        if option not in ("-h", "--help")
    ]


def test_usage_md_shows_every_option_with_an_example() -> None:
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    examples = [
        line
        for block in re.findall(r"```sh\n(.*?)```", usage, flags=re.DOTALL)
        for line in block.splitlines()
    ]
    for command, option in _option_strings():
        assert any(
            f"zhlint {command} " in line and re.search(rf"\s{re.escape(option)}(\s|$)", line)
            for line in examples
        ), f"docs/usage.md has no example of `zhlint {command} {option}`"


def test_readme_sample_output_is_what_the_command_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"```text\n\$ zhlint check examples/\n(.*?)```", readme, flags=re.DOTALL)
    assert sample is not None
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    status, out, _ = _run("check", "examples/")
    assert status == 1
    assert sample.group(1) == out, "regenerate the README sample with: zhlint check examples/"


def test_an_unusable_baseline_destination_fails_before_the_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = str(_report(tmp_path, MIXED))
    linted: list[object] = []
    monkeypatch.setattr(zhlint.batch, "lint_task", linted.append)
    status, _, err = _run("check", "--write-baseline", str(tmp_path / "missing" / "b.json"), report)
    assert status == 2 and "目录不存在" in err and linted == []


def test_the_progress_line_is_erased_before_findings_and_drawn_again() -> None:
    stream = io.StringIO()
    progress = zhlint.batch.Progress(4, stream)
    progress.advance()
    progress.interrupt()
    assert stream.getvalue().endswith("\r")  # the line is blank for what is printed next
    progress.advance()
    assert stream.getvalue().endswith(progress.line()) and progress.done == 2


def test_workers_that_fail_midway_leave_no_file_out_nor_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    class Failing:
        def __init__(self, **_: object) -> None:
            pass

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def map(self, function: object, items: list[int], chunksize: int) -> Iterator[int]:
            yield from items[:2]
            raise BrokenProcessPool("gone")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Failing)  # batch imports it when used
    items = list(range(6))
    assert list(zhlint.batch.iter_all(abs, items, jobs=3)) == items
