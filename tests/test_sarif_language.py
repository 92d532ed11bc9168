"""SARIF run properties (columnKind, language) and the rule descriptions in both languages."""

from __future__ import annotations

from typing import Any

import regex

import zhlint
from tests.sarif_schema import sarif_validator
from zhlint.report.sarif import sarif_log
from zhlint.rules import registered_rules

HAN = regex.compile(r"\p{Han}")
# A character outside the BMP before the wrong year: one code point, two UTF-16 code units.
REPORT = (
    "2023年度\n株洲市测试中心\n部门决算\n\n一、部门职责\n𠀀本单位将重点工作纳入2022年部门整体支出绩效目标。\n"
)


def _errors(log: dict[str, Any]) -> list[str]:
    return [f"{list(error.path)}: {error.message}" for error in sarif_validator().iter_errors(log)]


def _log() -> dict[str, Any]:
    return sarif_log(zhlint.lint_text(REPORT, path="r.txt"))


def test_the_run_says_columns_are_code_points_and_the_language_is_chinese() -> None:
    log = _log()
    run = log["runs"][0]
    assert run["results"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["language"] == "zh-CN"
    assert _errors(log) == []


def test_a_column_after_a_supplementary_character_counts_it_once() -> None:
    (result,) = [item for item in _log()["runs"][0]["results"] if item["ruleId"] == "ZL401"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = REPORT.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith("2022")  # code points: 𠀀 is one column


def test_rule_descriptions_are_chinese_with_the_english_summary() -> None:
    rules = {rule["id"]: rule for rule in _log()["runs"][0]["tool"]["driver"]["rules"]}
    for registered in registered_rules():
        meta, rule = registered.meta, rules[registered.meta.code]
        assert rule["shortDescription"]["text"] == meta.summary and HAN.search(meta.summary), meta.code
        full = rule["fullDescription"]["text"]
        assert meta.explanation in full and meta.summary_en in full, meta.code
        assert rule["properties"]["summaryEn"] == meta.summary_en, meta.code


def test_the_validator_still_checks_the_language_tag() -> None:
    log = _log()
    log["runs"][0]["language"] = "Chinese (Simplified)"
    assert _errors(log)
