from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import make_report
from zhlint import Config, ConfigError, lint_file
from zhlint.config import config_from_mapping, find_config_file, load_config, with_overrides

BAD = make_report("纳入2022年部门整体支出绩效目标的金额为526.36万元。推进长株潭长株潭一体化。\n")


def codes(path: Path) -> list[str]:
    return sorted(d.code for d in lint_file(path))


def test_select_and_ignore_by_prefix_longest_wins() -> None:
    config = Config(select=("ZL4", "ZL602"), ignore=("ZL40",))
    assert not config.enabled("ZL401")
    assert config.enabled("ZL602")
    assert not config.enabled("ZL601")
    assert Config(select=("ZL",), ignore=("ZL4",)).enabled("ZL601")


def test_pyproject_table_is_found_from_the_checked_file_upwards(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.zhlint]\nignore = ["ZL4"]\n', encoding="utf-8")
    report = tmp_path / "reports" / "2023" / "r.txt"
    report.parent.mkdir(parents=True)
    report.write_text(BAD, encoding="utf-8")
    assert find_config_file(report) == (tmp_path / "pyproject.toml").resolve()
    assert codes(report) == ["ZL602"]


def test_zhlint_toml_wins_over_a_pyproject_further_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.zhlint]\nignore = ["ZL4"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".zhlint.toml").write_text('ignore = ["ZL6"]\n', encoding="utf-8")
    report = tmp_path / "sub" / "r.txt"
    report.write_text(BAD, encoding="utf-8")
    assert codes(report) == ["ZL401"]


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "zhlint.toml").write_text('[per-file-ignores]\n"old/*.txt" = ["ZL401"]\n', encoding="utf-8")
    (tmp_path / "old").mkdir()
    old, new = tmp_path / "old" / "r.txt", tmp_path / "r.txt"
    old.write_text(BAD, encoding="utf-8")
    new.write_text(BAD, encoding="utf-8")
    assert codes(old) == ["ZL602"]
    assert codes(new) == ["ZL401", "ZL602"]


def test_year_and_tolerance_settings(tmp_path: Path) -> None:
    path = tmp_path / "zhlint.toml"
    path.write_text(
        'year = 2024\nunit-name = "株洲市测试中心"\n[tolerance]\namount-error = 0.01\n', encoding="utf-8"
    )
    config = load_config(path)
    assert config.year == 2024 and config.unit_name == "株洲市测试中心"
    assert config.tolerance.amount_error == Decimal("0.01")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["ZL4"]}, "未知的配置项 selct"),
        ({"select": ["ZL999"]}, "未知的规则代码 'ZL999'"),
        ({"ignore": "ZLX"}, "未知的规则代码 'ZLX'"),
        ({"year": "2023"}, "year"),
        ({"tolerance": {"amount": 1}}, "未知的 tolerance 配置项 amount"),
        ({"tolerance": {"amount-error": "abc"}}, "amount-error"),
        ({"per-file-ignores": ["x"]}, "per-file-ignores"),
    ],
)
def test_unknown_keys_and_codes_are_clear_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_mapping(table)


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "zhlint.toml"
    path.write_text("select = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_config(path)


def test_command_line_overrides() -> None:
    config = with_overrides(Config(ignore=("ZL5",)), select=["ZL4"], ignore=["ZL6"], year=2021)
    assert config.select == ("ZL4",) and config.ignore == ("ZL5", "ZL6") and config.year == 2021
    with pytest.raises(ConfigError):
        with_overrides(Config(), select=["nonsense"])
