"""Hostile and careless values in configuration, baselines and command-line options (issue 11, item 14).

Every bad value is a usage error: exit status 2 and one line on stderr naming the file and the key,
never a traceback, never a silent run of nothing or of everything. The CLI runs in this process, so
that an unexpected exception surfaces as its traceback in the output the tests look at.
"""

from __future__ import annotations

import contextlib
import io
import json
import traceback
from decimal import Decimal
from pathlib import Path

import pytest

import zhlint
from zhlint import baseline, config
from zhlint.cli import main
from zhlint.config import Config, ConfigError, find_config_file, load_config, with_overrides

COVER = "2023年度 株洲市测试中心 部门决算\n\n"
# Findings from two rule groups (ZL4 years, ZL6 wording).
DEFECTS = (
    COVER + "一、部门概况\n"
    "纳入2022年部门整体支出绩效目标。\n"
    "决算数大于（小于）年初预算数的主要原因是增加了人员。\n"
    "推进长株潭长株潭一体化发展，截止2023年12月31日，本单位共有车辆2辆。\n"
)
DEEP = 5000  # levels of nesting: far past Python's recursion limit of 1000
LONG = 1_000_000  # characters of an extremely long string value


def run_cli(*args: str) -> tuple[int, str]:
    """Exit status and everything printed (stdout and stderr), with the traceback of any exception."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            status = main(list(args))
        except SystemExit as exit_info:  # argparse reports usage errors this way
            status = int(exit_info.code or 0)
        except BaseException:  # the defect under test: print it as Python would
            out.write(traceback.format_exc())
            status = -1
    return status, out.getvalue()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "r.txt"
    path.write_text(DEFECTS, encoding="utf-8")
    return path


def codes_found(*args: str) -> set[str]:
    status, output = run_cli("check", "--format", "json", "--jobs", "1", *args)
    assert status in (0, 1), output
    return {item["code"] for item in json.loads(output)}


def assert_usage_error(status: int, output: str, *expected: str) -> None:
    """Exit 2, no traceback, a short message holding every expected part (the file, the key)."""
    assert status == 2, output
    assert "Traceback" not in output, output
    message = output.strip().splitlines()[-1]
    assert len(output) < 1500, output[:1500]  # a huge value is not echoed in full
    for part in expected:
        assert part in message, output


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zhlint.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- tolerance.amount-error -------------------------------------------------------------------


AMOUNT_ERRORS = ["nan", "inf", "-inf", "+nan", "-1", "-0.001", "1e400", "2", "9223372036854775807"]
AMOUNT_ERRORS += ["true", '"0.005"', '"nan"', '"sNaN"', '"1e999999999"', "[0.005]", "{a = 1}", "1979-05-27"]


@pytest.mark.parametrize("value", AMOUNT_ERRORS)
def test_hostile_amount_error_is_a_one_line_error(tmp_path: Path, report: Path, value: str) -> None:
    path = write_config(tmp_path, f"[tolerance]\namount-error = {value}\n")
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "amount-error")


@pytest.mark.parametrize("value", ["0", "0.005", "1", "0.0"])
def test_sane_amount_errors_are_accepted(tmp_path: Path, value: str) -> None:
    path = write_config(tmp_path, f"[tolerance]\namount-error = {value}\n")
    assert load_config(path).tolerance.amount_error == Decimal(value)


# -- nesting and size of configuration files --------------------------------------------------

NESTED = {
    "array": "a = " + "[" * DEEP + "]" * DEEP + "\n",
    "inline table": "a = " + "{b = " * DEEP + "1" + "}" * DEEP + "\n",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deeply_nested_toml_is_a_one_line_error(tmp_path: Path, report: Path, kind: str) -> None:
    path = write_config(tmp_path, NESTED[kind])
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "嵌套过深")
    with pytest.raises(ConfigError, match="嵌套过深"):
        load_config(path)


def test_deeply_nested_toml_through_the_library_is_a_diagnostic_not_a_crash(
    tmp_path: Path, report: Path
) -> None:
    write_config(tmp_path, NESTED["array"])
    (diagnostic,) = zhlint.lint_paths([report])
    assert diagnostic.code == "ZL001" and "嵌套过深" in diagnostic.message


def test_deeply_nested_pyproject_is_not_taken_for_a_configuration(tmp_path: Path, report: Path) -> None:
    # The search only asks whether a pyproject.toml has [tool.zhlint]; one it cannot parse has not.
    (tmp_path / "pyproject.toml").write_text(NESTED["array"], encoding="utf-8")
    assert find_config_file(report) is None


@pytest.mark.parametrize(
    "text",
    ["tool = 1\n", 'tool = "zhlint"\n', "[tool]\nzhlint = 1\n", "[tool]\nzhlint = [1]\n"],
)
@pytest.mark.parametrize("name", ["zhlint.toml", "pyproject.toml"])
def test_tool_tables_of_the_wrong_type(tmp_path: Path, report: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, output = run_cli("check", "--config", str(path), str(report))
    assert_usage_error(status, output, str(path), "应是表")
    status, output = run_cli("check", str(report))  # found by the search: an error or not a config
    assert status in (1, 2) and "Traceback" not in output, output


def test_an_oversized_configuration_file_is_refused_unread(
    tmp_path: Path, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_CONFIG_BYTES", 1000)
    path = write_config(tmp_path, "# padding\n" * 200)
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "过大")


# -- baselines --------------------------------------------------------------------------------


def write_baseline(tmp_path: Path, findings: object, version: object = 1) -> Path:
    path = tmp_path / "baseline.json"
    document = {"zhlint_baseline": version, "findings": findings}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


ENTRY = {"path": "r.txt", "code": "ZL601", "fingerprint": "0123456789abcdef0123", "occurrence": 0}


@pytest.mark.parametrize(
    "occurrence",
    [float("inf"), float("-inf"), float("nan"), 1e300, -1, 1.5, 0.0, "3", True, None, [1], {"a": 1}],
)
def test_hostile_occurrences_are_one_line_errors(tmp_path: Path, report: Path, occurrence: object) -> None:
    path = write_baseline(tmp_path, [{**ENTRY, "occurrence": occurrence}])  # inf is written as Infinity
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert_usage_error(status, output, str(path), "记录格式不对")


@pytest.mark.parametrize(
    "entry",
    [
        1,
        "x",
        [ENTRY],
        {**ENTRY, "path": ["r.txt"]},
        {**ENTRY, "code": {"ZL601": 1}},
        {**ENTRY, "fingerprint": 12},
        {key: value for key, value in ENTRY.items() if key != "fingerprint"},
        {**ENTRY, "path": "x" * LONG, "occurrence": -1},  # and not echoed in full
    ],
)
def test_baseline_entries_of_the_wrong_shape(tmp_path: Path, report: Path, entry: object) -> None:
    path = write_baseline(tmp_path, [ENTRY, entry])
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert_usage_error(status, output, str(path), "记录格式不对")


@pytest.mark.parametrize("version", [True, 1.0, "1", None, 2])
def test_baseline_versions_other_than_the_integer_one(tmp_path: Path, report: Path, version: object) -> None:
    path = write_baseline(tmp_path, [], version)
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert_usage_error(status, output, str(path), "不是 zhlint 基线文件")


@pytest.mark.parametrize(
    "text",
    [
        '{"zhlint_baseline": 1, "findings": [' + "[" * 100_000 + "]" * 100_000 + "]}",
        '{"zhlint_baseline": 1, "findings": [{"occurrence": 1e400}]}',
        '{"zhlint_baseline": 1, "findings": [{"occurrence": ' + "9" * 5000 + "}]}",
        "\ufeff{}",
        "",
    ],
    ids=["nested 100000 deep", "1e400", "5000 digits", "byte order mark", "empty"],
)
def test_malformed_baseline_json_is_a_one_line_error(tmp_path: Path, report: Path, text: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert_usage_error(status, output, str(path))


def test_an_oversized_baseline_is_refused_unread(
    tmp_path: Path, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(baseline, "MAX_BASELINE_BYTES", 1000)
    path = write_baseline(tmp_path, [ENTRY] * 20)
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert_usage_error(status, output, str(path), "过大")


def test_a_written_baseline_still_reads_back(tmp_path: Path, report: Path) -> None:
    path = tmp_path / "baseline.json"
    status, output = run_cli("check", "--write-baseline", str(path), str(report))
    assert status == 0, output
    status, output = run_cli("check", "--baseline", str(path), str(report))
    assert status == 0, output


# -- years ------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["-5", "23", "99999", "0", "1989", "2101", "١٢٣٤", "2023.0", "x"])
def test_implausible_command_line_years_are_usage_errors(report: Path, year: str) -> None:
    status, output = run_cli("check", f"--year={year}", str(report))
    assert_usage_error(status, output, "--year")


@pytest.mark.parametrize("year", ["-5", "23", "99999", "0", "2101", "true", "2023.0", '"2023"'])
def test_implausible_configured_years_are_errors(tmp_path: Path, report: Path, year: str) -> None:
    path = write_config(tmp_path, f"year = {year}\n")
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "year")


def test_library_year_override_is_checked() -> None:
    with pytest.raises(ConfigError, match="--year"):
        with_overrides(Config(), year=-5)
    assert with_overrides(Config(), year=1990).year == 1990
    assert with_overrides(Config(), year=2100).year == 2100


def test_plausible_years_are_accepted(report: Path) -> None:
    status, output = run_cli("check", "--year", "2023", str(report))
    assert status == 1 and "Traceback" not in output, output


# -- selectors: empty ones ----------------------------------------------------------------------


def test_empty_select_is_an_error_not_a_silent_run_of_nothing(tmp_path: Path, report: Path) -> None:
    path = write_config(tmp_path, "select = []\n")
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "select 为空，不会检查任何规则")


def test_empty_select_with_extend_select_runs_the_extension(tmp_path: Path, report: Path) -> None:
    write_config(tmp_path, 'select = []\nextend-select = ["ZL6"]\n')
    found = codes_found(str(report))
    assert found and all(code.startswith("ZL6") for code in found)


@pytest.mark.parametrize(
    "text",
    [
        'select = [""]\n',
        'select = ["  "]\n',
        'select = ["ZL6", ""]\n',
        'extend-select = [""]\n',
        'ignore = [""]\n',
        '[per-file-ignores]\n"r.txt" = [""]\n',
    ],
)
def test_empty_codes_are_errors_not_every_rule(tmp_path: Path, report: Path, text: str) -> None:
    path = write_config(tmp_path, text)
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path), "规则代码不能为空")


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_an_empty_command_line_select_is_a_usage_error(report: Path, value: str) -> None:
    status, output = run_cli("check", "--select", value, str(report))
    assert_usage_error(status, output, "--select 为空")


# -- selectors: ALL ---------------------------------------------------------------------------


@pytest.fixture
def every_code(report: Path) -> set[str]:
    found = codes_found(str(report))
    assert {code[:3] for code in found} >= {"ZL4", "ZL6"}  # the report tests something
    return found


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ('ignore = ["ALL"]\n', ()),
        ('ignore = ["all"]\n', ()),
        ('select = ["ALL"]\nignore = ["ALL"]\n', ()),
        ('[per-file-ignores]\n"r.txt" = ["ALL"]\n', ()),
        ('select = ["ZL6"]\n[per-file-ignores]\n"*.txt" = ["ALL"]\n', ()),
        ("", ("--ignore", "ALL")),
        ("", ("--ignore", "ZL5,ALL")),
        ('select = ["ZL6"]\n', ("--ignore", "ALL")),
    ],
)
def test_ignore_all_ignores_every_rule(
    tmp_path: Path, report: Path, every_code: set[str], text: str, args: tuple[str, ...]
) -> None:
    write_config(tmp_path, text)
    assert codes_found(*args, str(report)) == set()


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ('select = ["ALL"]\n', ()),
        ('extend-select = ["ALL"]\n', ()),
        ("", ("--select", "ALL")),
        ('select = ["ZL6"]\n', ("--select", "ALL")),
    ],
)
def test_select_all_selects_every_rule(
    tmp_path: Path, report: Path, every_code: set[str], text: str, args: tuple[str, ...]
) -> None:
    write_config(tmp_path, text)
    assert codes_found(*args, str(report)) == every_code


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ('ignore = ["ALL"]\nextend-select = ["ZL6"]\n', ()),
        ('select = ["ZL6"]\nignore = ["ALL"]\n', ()),
        ("", ("--select", "ZL6", "--ignore", "ALL")),
    ],
)
def test_a_more_specific_selector_wins_over_all(
    tmp_path: Path, report: Path, every_code: set[str], text: str, args: tuple[str, ...]
) -> None:
    # As in ruff: within one configuration the most specific selector decides.
    write_config(tmp_path, text)
    assert codes_found(*args, str(report)) == {code for code in every_code if code.startswith("ZL6")}


def test_select_all_then_ignore_a_group(tmp_path: Path, report: Path, every_code: set[str]) -> None:
    write_config(tmp_path, 'select = ["ALL"]\nignore = ["ZL6"]\n')
    assert codes_found(str(report)) == {code for code in every_code if not code.startswith("ZL6")}


def test_all_in_the_library_configuration() -> None:
    assert not Config(ignore=("ALL",)).enabled("ZL601")
    assert Config(select=("ALL",)).enabled("ZL601")
    assert not Config(per_file_ignores=(("*.txt", ("ALL",)),)).enabled("ZL601", "a/r.txt")
    assert Config(per_file_ignores=(("*.txt", ("ALL",)),)).enabled("ZL601", "a/r.md")


def test_unknown_selectors_remain_errors(tmp_path: Path, report: Path) -> None:
    path = write_config(tmp_path, 'ignore = ["ALLE"]\n')
    assert_usage_error(*run_cli("check", str(report)), str(path), "未知的规则代码")
    assert_usage_error(*run_cli("check", "--select", "ZL999", str(report)), "未知的规则代码")


# -- every key and option, hostile values -----------------------------------------------------

HUGE = "Z" * LONG
HOSTILE_CONFIGS = {
    "unknown key, huge": f"{'k' * LONG} = 1\n",
    "select number": "select = 1\n",
    "select table": "select = {a = 1}\n",
    "select nested list": 'select = [["ZL6"]]\n',
    "select huge code": f'select = ["{HUGE}"]\n',
    "extend-select number": "extend-select = 5\n",
    "ignore bool": "ignore = true\n",
    "ignore huge code": f'ignore = ["{HUGE}"]\n',
    "ignore date": "ignore = 1979-05-27\n",
    "per-file-ignores list": 'per-file-ignores = ["x"]\n',
    "per-file-ignores string": 'per-file-ignores = "x"\n',
    "per-file-ignores value number": '[per-file-ignores]\n"*.txt" = 1\n',
    "per-file-ignores value table": '[per-file-ignores]\n"*.txt" = {a = 1}\n',
    "per-file-ignores huge key": f'[per-file-ignores]\n"{"*" * LONG}" = ["ZL999"]\n',
    "year float": "year = 2023.5\n",
    "year huge": "year = 9223372036854775807\n",
    "year list": "year = [2023]\n",
    "unit-name number": "unit-name = 1\n",
    "unit-name list": 'unit-name = ["株洲市测试中心"]\n',
    "unit-name table": "unit-name = {a = 1}\n",
    "exclude string": 'exclude = "drafts/*"\n',
    "exclude numbers": "exclude = [1]\n",
    "exclude nested": 'exclude = [["drafts/*"]]\n',
    "tolerance number": "tolerance = 1\n",
    "tolerance unknown key": "[tolerance]\nx = 1\n",
    "tolerance huge key": f'[tolerance]\n"{"x" * LONG}" = 1\n',
    "not UTF-8": "select = ['\udcff']\n",
    "broken TOML": "select = [\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CONFIGS))
def test_hostile_values_of_every_config_key(tmp_path: Path, report: Path, name: str) -> None:
    path = tmp_path / "zhlint.toml"
    path.write_bytes(HOSTILE_CONFIGS[name].encode("utf-8", "surrogateescape"))
    status, output = run_cli("check", str(report))
    assert_usage_error(status, output, str(path))


@pytest.mark.parametrize(
    "text",
    [
        f'exclude = ["{"*a" * (LONG // 20)}", "", "[", "\\\\", "[!"]\n',
        f'unit-name = "{"财" * (LONG // 10)}"\n',
        'unit-name = ""\n',
        f'[per-file-ignores]\n"{"*a" * (LONG // 20)}" = ["ZL6"]\n"[" = ["ALL"]\n',
    ],
    ids=["odd and long excludes", "long unit-name", "empty unit-name", "odd and long per-file globs"],
)
def test_odd_but_valid_strings_run(tmp_path: Path, report: Path, text: str) -> None:
    write_config(tmp_path, text)
    status, output = run_cli("check", "--jobs", "1", str(report))
    assert status in (0, 1) and "Traceback" not in output, output[:3000]


@pytest.mark.parametrize(
    "args",
    [
        ("--year", "-5"),
        ("--year", ""),
        ("--jobs", "0"),
        ("--jobs", "-1"),
        ("--jobs", "many"),
        ("--format", "xml"),
        ("--select", HUGE),
        ("--ignore", HUGE),
        ("--select", "ZL6,,ZL9999"),
        ("--ignore", ""),  # harmless on its own; with a bad --select below
        ("--config", "missing.toml"),
        ("--config", "."),
        ("--config", "/dev/null"),
        ("--baseline", "missing.json"),
        ("--baseline", "."),
        ("--write-baseline", "."),
        ("--write-baseline", "missing/dir/baseline.json"),
        ("--baseline", "a.json", "--write-baseline", "b.json"),
        ("--statistics", "--format", "sarif"),
        ("--diff", "--statistics"),
    ],
)
def test_hostile_command_line_options(
    tmp_path: Path, report: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    extra = ("--select", "ZL9999") if args == ("--ignore", "") else ()
    status, output = run_cli("check", *args, *extra, str(report))
    assert_usage_error(status, output)


def test_deeply_nested_toml_in_the_language_server_is_a_diagnostic(tmp_path: Path, report: Path) -> None:
    pytest.importorskip("pygls")
    from zhlint.lsp import lint_document

    write_config(tmp_path, NESTED["inline table"])
    (diagnostic,) = lint_document(report.as_uri(), DEFECTS)
    assert diagnostic.code == "ZL001" and "嵌套过深" in diagnostic.message
