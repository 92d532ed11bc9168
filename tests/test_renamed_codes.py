"""A renumbered rule keeps working under the code a user wrote before (diagnostics.RENAMED_CODES)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from zhlint.cli import main
from zhlint.diagnostics import RENAMED_CODES, current_code, former_codes

TEXT = (
    "2023年度\n江川市测试中心\n部门决算\n\n一、收入支出决算总体情况说明\n\n"
    "2023年度本年支出合计686.30万元，与上年相比增加82.60万元，增长13.68。\n"
)


def _codes(*args: str) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--format", "json", "--select", "ZL504", *args])
    return [item["code"] for item in json.loads(out.getvalue())]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_every_old_code_points_to_a_rule() -> None:
    from zhlint.rules import find_rule

    for old, new in RENAMED_CODES.items():
        assert find_rule(new) is not None and find_rule(old) is find_rule(new)
        assert current_code(old.lower()) == new and old in former_codes(new)
        assert find_rule(old.lower()) is find_rule(new)


def test_the_new_code_is_reported(report: Path) -> None:
    assert _codes(str(report)) == ["ZL504"]


def test_old_code_in_configuration(report: Path, tmp_path: Path) -> None:
    (tmp_path / "zhlint.toml").write_text('ignore = ["ZL107"]\n', encoding="utf-8")
    assert _codes(str(report)) == []


def test_old_code_in_a_suppression_comment(report: Path) -> None:
    text = TEXT.replace("2023年度本年", "<!-- zhlint-disable-next-line ZL107 -->\n2023年度本年")
    report.write_text(text, encoding="utf-8")
    assert _codes(str(report)) == []


def test_baseline_written_under_the_old_code_still_matches(report: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    main(["check", "--select", "ZL504", "--write-baseline", str(baseline), str(report)])
    # A baseline from before the renumbering: the same finding, recorded as ZL107.
    old = baseline.read_text(encoding="utf-8").replace('"ZL504"', '"ZL107"')
    assert '"ZL107"' in old
    baseline.write_text(old, encoding="utf-8")
    assert _codes("--baseline", str(baseline), str(report)) == []


def test_explain_the_old_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "ZL107"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ZL504 ") and "原代码 ZL107" in out
