from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_report
from zhlint import Severity, lint_text
from zhlint.rules.units import _AMOUNT, _COMPARED_AMOUNT


def findings(body: str, prefix: str) -> list[tuple[str, str, Severity]]:
    text = make_report(body)
    return [
        (d.code, text[d.start : d.end], d.severity)
        for d in lint_text(text, path="t.txt")
        if d.code.startswith(prefix)
    ]


def test_yuan_among_wanyuan_is_an_error() -> None:
    body = "年初预算为26.53元，支出决算为26.53万元，完成年初预算的100.0%。"
    assert findings(body, "ZL501") == [("ZL501", "26.53元", Severity.ERROR)]


def test_zero_yuan_is_only_a_warning() -> None:
    body = "年初预算为0元，支出决算为16.8万元。"
    assert findings(body, "ZL501") == [("ZL501", "0元", Severity.WARNING)]


def test_prices_per_person_in_yuan_stay_silent() -> None:
    assert findings("差旅住宿标准为每人每天500元，全年支出决算为16.8万元。", "ZL501") == []
    assert findings("年初预算为26.53万元，支出决算为26.53万元。", "ZL501") == []


def test_amount_without_unit() -> None:
    assert findings("年初预算为0，支出决算数为26.17万元。", "ZL502") == [("ZL502", "0", Severity.WARNING)]
    assert findings("年初预算为0万元，支出决算数为26.17万元。", "ZL502") == []


def test_split_numbers_in_prose_and_tables_with_safe_fixes() -> None:
    text = make_report("本年支出合计526. 36万元。\n\n项目\t金额\n合计\t6, 094. 55\n")
    split = [
        (text[d.start : d.end], d.fix.replacement if d.fix else None)
        for d in lint_text(text)
        if d.code == "ZL503"
    ]
    assert split == [("526. 36", "526.36"), ("6, 094. 55", "6,094.55")]


def test_yuan_in_another_sentence_of_the_paragraph_is_a_warning() -> None:
    body = "一、支出\n基本支出516.56万元，占98.1%；住房保障支出24.52元，占4.6%。"
    assert findings(body, "ZL501") == [("ZL501", "24.52元", Severity.WARNING)]


def test_a_lone_yuan_amount_in_a_report_kept_in_wanyuan_is_info() -> None:
    amounts = "".join(f"第{i}项支出{i}.5万元。" for i in range(1, 11))
    body = f"一、支出\n{amounts}\n\n二、接待\n公务接待费支出决算为11.69元，全年共接待来访团组9个。"
    assert findings(body, "ZL501") == [("ZL501", "11.69元", Severity.INFO)]


def test_prices_per_head_and_thresholds_stay_silent() -> None:
    body = "一、资产\n单位价值50万元以上通用设备0台，住宿费标准500元/人/天，支出决算为3万元。"
    assert findings(body, "ZL501") == []


def test_asset_value_thresholds_of_the_template_are_in_wanyuan() -> None:
    body = "一、资产\n单位价值50元以上通用设备0台（套），单位价值100万元以上专用设备0台（套）。"
    assert findings(body, "ZL501") == [("ZL501", "50元", Severity.WARNING)]


@given(st.text(alphabet="0123456789. 万元亿/每%人年", max_size=30))
def test_compared_amounts_are_the_amounts_in_the_two_units(text: str) -> None:
    """ZL501's pattern requires the unit; it must find exactly _AMOUNT's matches in 万元 or 元."""
    expected = [match.span() for match in _AMOUNT.finditer(text) if match.group("unit") in ("万元", "元")]
    assert [match.span() for match in _COMPARED_AMOUNT.finditer(text)] == expected
