from __future__ import annotations

import pytest

from tests.conftest import make_report
from zhlint import Config, lint_text


def year_findings(body: str, config: Config | None = None) -> list[tuple[int, str, str]]:
    # A heading first, so that the sentence is not joined to the cover's lines.
    text = make_report("一、总体情况说明\n" + body)
    return [
        (d.line, d.code, text[d.start : d.end])
        for d in lint_text(text, path="t.txt", config=config)
        if d.code.startswith("ZL4")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "纳入2022年部门整体支出绩效目标的金额为526.36万元。",
        "本单位无独立核算的下属单位，2022年度部门决算汇总公开单位仅包括本级。",
        "截至2022年12月31日，本单位共有车辆2辆。",
        "2022年度收、支总计526.36万元。",
        "十四、2022年度预算绩效情况说明",
        "2022年度财政拨款收、支总计540.44万元。",
        "2022年度财政拨款基本支出425.43万元。",
        "2022年度收入合计559.94万元。",
        "2022 年预算收入 526.36 万元。",
        "附件 1：2022 年度部门整体支出绩效自评表",
        "截至 2022 年底，本单位已完成年度部门整体支出绩效目标。",
        "2022年整体支出6094.55万元，其中基本支出4974.56万元，2023年度一般公共预算项目支出涉及项目2个。",
        "2022年度一般公共预算项目支出涉及项目2个。",
    ],
)
def test_a_self_reference_with_another_year_is_an_error(sentence: str) -> None:
    findings = year_findings(sentence)
    assert [(line, code, span) for line, code, span in findings] == [(5, "ZL401", "2022")]


@pytest.mark.parametrize(
    "sentence",
    [
        "纳入2023年部门整体支出绩效目标的金额为526.36万元。",
        "下达了2022年度价格监测补助经费10万元。",
        "落实《长株潭一体化发展三年行动计划（2023—2025年）》。",
        "2010450\t事业运行\t418.68",
        "与2022年度收、支总计相比，减少196.48万元。",
        "比2022年度部门决算数减少10万元。",
        "2023年度财政拨款支出540.44万元，2022年度财政拨款支出500万元。",
        "2023年支出563.56万元，2022年支出500万元。",
    ],
)
def test_other_years_and_codes_stay_silent(sentence: str) -> None:
    assert year_findings(sentence) == []


def test_year_override_from_config() -> None:
    body = "2023年度收、支总计526.36万元。"
    assert year_findings(body) == []
    assert [code for _, code, _ in year_findings(body, Config(year=2024))] == ["ZL401"]


def test_no_cover_year_says_so_once() -> None:
    diagnostics = lint_text("株洲市测试中心部门决算\n纳入2022年部门整体支出绩效目标。\n")
    assert [d.code for d in diagnostics if d.code.startswith(("ZL0", "ZL4"))] == ["ZL003"]
