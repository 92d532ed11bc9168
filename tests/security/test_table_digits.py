"""Issue 11, item 10: `①`, `²` or `¹` in a 行次 cell.

``str.isdigit`` takes them and ``int`` refuses them, so one such cell made every table rule fail
with ZL009. Such a cell is simply not a 行次: the table is still read and checked.
"""

from __future__ import annotations

import pytest

import zhlint

COVER = "2023年度\n株洲市测试中心部门决算\n\n"

# A 收入支出决算总表 whose 一般公共服务支出 (516.36) does not add up to 本年支出合计 (526.36): ZL303
# must report that on line 13, whatever stands in the 行次 cells.
SUMMARY = (
    "收入支出决算总表\n\n公开01表\n\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n栏次\t\t1\t栏次\t\t2\n"
    "一、一般公共预算财政拨款收入\t1\t526.36\t一、一般公共服务支出\t32\t516.36\n"
    "八、其他收入\t{eight}\t0.00\t八、社会保障和就业支出\t39\t0.00\n"
    "本年收入合计\t{current}\t526.36\t本年支出合计\t58\t526.36\n"
    "使用非财政拨款结余和专用结余\t28\t0.00\t结余分配\t59\t0.00\n"
    "年初结转和结余\t29\t0.00\t年末结转和结余\t60\t0.00\n"
    "总计\t31\t526.36\t总计\t62\t526.36\n"
)


def _findings(eight: str = "8", current: str = "27") -> list[tuple[int, str]]:
    text = COVER + SUMMARY.format(eight=eight, current=current)
    return [(d.line, d.code) for d in zhlint.lint_text(text, path="t.txt")]


def test_the_table_rules_find_the_wrong_row_with_plain_row_numbers() -> None:
    assert (13, "ZL303") in _findings()


@pytest.mark.parametrize("odd", ["①", "²", "¹", "⑧", "2²"])
def test_an_odd_digit_in_a_row_number_cell_fails_no_rule(odd: str) -> None:
    for found in (_findings(eight=odd), _findings(current=odd)):
        assert [code for _, code in found if code == "ZL009"] == []
        assert (13, "ZL303") in found, found
