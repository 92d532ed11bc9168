from __future__ import annotations

import pytest

from tests.conftest import make_report
from zhlint import lint_text


def findings(body: str, prefix: str) -> list[tuple[str, str, str | None]]:
    text = make_report(body)
    return [
        (d.code, text[d.start : d.end], d.fix.replacement if d.fix else None)
        for d in lint_text(text, path="t.txt")
        if d.code.startswith(prefix)
    ]


@pytest.mark.parametrize(
    ("sentence", "residue"),
    [
        ("决算数大于（小于）年初预算数的主要原因是：追加项目。", "大于（小于）"),
        ("本部门（单位本级或某二级机构）负责本项工作。", "（单位本级或某二级机构）"),
        ("本单位为财政补助事业单位/经费自理事业单位，不属于适用范围。", "财政补助事业单位/经费自理事业单位"),
        ("本年度举办未举办培训。", "举办未举办"),
        ("累计1人次(精确到个人)。", "(精确到个人)"),
        ("主要用于（按用途分类）办公设备购置。", "（按用途分类）"),
        ("说明：我本单位没有使用财政拨款“三公”经费安排的支出。", "我本单位"),
        ("XX局负责本项工作。", "XX"),
    ],
)
def test_template_residue(sentence: str, residue: str) -> None:
    assert [(code, span) for code, span, _ in findings(sentence, "ZL601")] == [("ZL601", residue)]


@pytest.mark.parametrize(
    "sentence",
    [
        "决算数大于年初预算数的主要原因是：追加项目。",
        "本单位为财政补助事业单位，不属于适用范围。",
        "人均费用为500元/人。",
        "主要用于办公设备购置（含电脑）。",
        "本年度未举办培训。",
    ],
)
def test_finished_text_has_no_residue(sentence: str) -> None:
    assert findings(sentence, "ZL601") == []


@pytest.mark.parametrize(
    ("sentence", "removed"),
    [
        ("推进长株潭长株潭一体化发展。", "长株潭"),
        # A two-character word doubled inside words: fixed where the document writes the repair.
        ("机关事业单位基本养老保险缴费缴费支出，养老保险缴费支出按月列支。", "缴费"),
        ("会议场租费会议场租费5万元。", "会议场租费"),
        ("主要用于于办公。", "于"),
        ("支出完成。。", "。"),
        # Doubled where the prose writes 类 names without their 支出 (`教育（类）支出`).
        ("教育（类）支出3.20万元，公共安全支出（类）支出9.56万元。", "支出"),
    ],
)
def test_duplicated_words_with_a_fix_that_removes_the_copy(sentence: str, removed: str) -> None:
    assert findings(sentence, "ZL602") == [("ZL602", removed, "")]


@pytest.mark.parametrize(
    "sentence", ["常常开展检查。", "层层落实责任。", "费用用于办公。", "达到目的的措施。"]
)
def test_correct_reduplications_stay_silent(sentence: str) -> None:
    assert findings(sentence, "ZL602") == []


def test_jiezhi() -> None:
    assert findings("截止2023年12月31日，本单位共有车辆2辆。", "ZL603") == [("ZL603", "截止", "截至")]
    assert findings("截至2023年12月31日，本单位共有车辆2辆。", "ZL603") == []
    assert findings("报名于5月1日截止。", "ZL603") == []


def test_blank_header_field() -> None:
    table = "\n\n项目\t金额\n合计\t1.00\n"
    assert [span for _, span, _ in findings("部门：" + table, "ZL604")] == ["部门："]
    assert [span for _, span, _ in findings("部门：\t\t公开03表" + table, "ZL604")] == ["部门："]
    assert findings("部门：株洲市测试中心" + table, "ZL604") == []


def test_a_character_doubled_across_a_line_break_is_info_with_a_fix() -> None:
    text = make_report("充分发挥桥梁纽带作用\n\n用，加强与各单位联系。\n")
    (diagnostic,) = [d for d in lint_text(text) if d.code == "ZL602"]
    assert diagnostic.severity.value == "info" and text[diagnostic.start : diagnostic.end] == "用"
    assert diagnostic.fix is not None and diagnostic.fix.replacement == ""
    # Two words meeting at the break (`费用` / `用于`, `供应` / `应急`) double no character.
    assert [d for d in lint_text(make_report("办公费用\n用于购买纸张。\n")) if d.code == "ZL602"] == []
    assert [d for d in lint_text(make_report("办公费用用于购买纸张。\n")) if d.code == "ZL602"] == []


@pytest.mark.parametrize(
    ("sentence", "doubled"),
    [("负责全区城镇供水供水管网的日常维护。", "供水"), ("推进职业培训培训基地建设。", "培训")],
)
def test_a_word_shared_by_two_words_gets_no_fix(sentence: str, doubled: str) -> None:
    """`城镇供水` + `供水管网` with the 、 left out: removing a copy would make `城镇供水管网`."""
    assert findings(sentence, "ZL602") == [("ZL602", doubled, None)]
