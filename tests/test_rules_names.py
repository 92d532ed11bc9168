from __future__ import annotations

from tests.conftest import make_report
from zhlint import lint_text


def findings(body: str, prefix: str) -> list[tuple[int, str, str, str | None]]:
    text = make_report(body)
    return [
        (d.line, d.code, text[d.start : d.end], d.fix.replacement if d.fix else None)
        for d in lint_text(text, path="t.txt")
        if d.code.startswith(prefix)
    ]


def test_unit_name_with_one_wrong_character_in_a_table_header() -> None:
    body = "部门：株州市测试中心\n\n本单位株洲市测试中心负责测试。\n"
    assert findings(body, "ZL610") == [(4, "ZL610", "株州市测试中心", "株洲市测试中心")]


def test_unit_name_in_a_table_cell() -> None:
    body = "部门:株洲市测式中心\t\t公开03表\n项目\t金额\n"
    assert [f[2] for f in findings(body, "ZL610")] == ["株洲市测式中心"]


def test_correct_names_stay_silent() -> None:
    body = "部门：株洲市测试中心\n\n株洲市财政局下达了资金。株洲市测试中心负责测试。\n"
    assert findings(body, "ZL610") == []


def test_a_near_name_in_running_text_may_be_another_unit_so_it_is_info_without_fix() -> None:
    text = make_report("部门：株洲市测试中心\n\n株洲市测绘中心提供服务。\n")
    (diagnostic,) = [d for d in lint_text(text) if d.code == "ZL610"]
    assert diagnostic.severity.value == "info" and diagnostic.fix is None


def test_nonstandard_fund_name() -> None:
    body = "国有资产经营预算财政拨款支出决算表\n"
    assert findings(body, "ZL611") == [(4, "ZL611", "国有资产经营预算", "国有资本经营预算")]
    assert findings("国有资本经营预算财政拨款支出决算表\n", "ZL611") == []
