from __future__ import annotations

from tests.conftest import make_report
from zhlint import lint_text

TOC = """目录

第一部分 株洲市测试中心概况

- 一、部门职责
- 二、机构设置

第三部分 2023年度部门决算情况说明

- 一、收入支出决算总体情况说明
- 二、收入决算情况说明
- 三、支出决算情况说明

"""


def findings(body: str, code: str) -> list[tuple[int, str]]:
    text = make_report(TOC + body)
    return [(d.line, d.message) for d in lint_text(text, path="t.txt") if d.code == code]


GOOD_BODY = """第一部分

株洲市测试中心概况

一、部门职责

二、机构设置

第三部分 2023年度部门决算情况说明

一、收入支出决算总体情况说明

二、收入决算情况说明

三、支出决算情况说明
"""


def test_a_complete_body_matches_the_toc() -> None:
    assert findings(GOOD_BODY, "ZL620") == []
    assert findings(GOOD_BODY, "ZL621") == []


def test_a_section_missing_from_the_body() -> None:
    body = GOOD_BODY.replace("二、收入决算情况说明\n\n", "")
    messages = findings(body, "ZL620")
    assert len(messages) == 1 and "收入决算情况说明" in messages[0][1]


def test_a_title_that_differs_from_the_toc() -> None:
    body = GOOD_BODY.replace("三、支出决算情况说明", "三、支出决算情况")
    assert [message for _, message in findings(body, "ZL620")] == [
        "正文标题“三、支出决算情况”与目录“三、支出决算情况说明”不一致"
    ]


def test_numbering_that_skips_or_restarts() -> None:
    body = GOOD_BODY.replace("三、支出决算情况说明", "九、支出决算情况说明")
    assert [message for _, message in findings(body, "ZL621")] == ["编号从“二、”跳到“九、”，中间缺了 6 项"]
    items = "（一）甲项工作。\n\n（二）乙项工作。\n\n（二）丙项工作。\n"
    assert len(findings(GOOD_BODY + "\n" + items, "ZL621")) == 1


def test_numbered_notes_of_separate_tables_do_not_form_one_list() -> None:
    table = "项目\t金额\n合计\t1.00\n\n注：1. 本表反映收支。\n\n2. 尾数误差。\n\n"
    tables = table + "第二张表\n\n" + table
    assert findings(GOOD_BODY + "\n" + tables, "ZL621") == []


def _table(title: str, number: int | None, unit: bool = True) -> str:
    caption = (
        title + "\n\n" + (f"公开{number:02d}表\n" if number else "") + ("金额单位：万元\n" if unit else "")
    )
    return caption + "\n项目\t金额\n合计\t1.00\n一般公共服务支出\t1.00\n\n"


TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"]


def test_a_table_without_the_number_and_unit_the_others_carry() -> None:
    tables = _table(TITLES[0], None, unit=False) + "".join(_table(t, i + 2) for i, t in enumerate(TITLES[1:]))
    assert [message for _, message in findings(tables, "ZL622")] == [
        "收入支出决算总表的表头缺少“公开01表”编号和“金额单位：万元”，本报告的其他表都有"
    ]


def test_tables_of_a_template_without_numbers_stay_silent() -> None:
    tables = "".join(_table(t, None) for t in TITLES)
    assert findings(tables, "ZL622") == []
