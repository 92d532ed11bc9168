"""ZL1xx: arithmetic inside the prose — handwritten bad and good cases for every rule."""

from __future__ import annotations

import pytest

import zhlint
from zhlint.config import Config, with_overrides
from zhlint.diagnostics import Diagnostic, Severity
from zhlint.rules import find_rule

COVER = "2023年度\n株洲市测试中心部门决算\n\n一、情况说明\n\n"
BODY_LINE = 6  # the first line of a body passed to ``check``
ZL1_ONLY = with_overrides(Config(), select=["ZL1"])


def check(body: str) -> list[Diagnostic]:
    return zhlint.lint_text(COVER + body, path="t.txt", config=ZL1_ONLY)


def found(body: str) -> list[tuple[int, str, str]]:
    """(line relative to the body, code, severity) of every ZL1 diagnostic."""
    return [(d.line - BODY_LINE + 1, d.code, d.severity.value) for d in check(body)]


# ---------------------------------------------------------------------------------------------
# The metadata examples


@pytest.mark.parametrize("code", ["ZL101", "ZL102", "ZL103", "ZL104", "ZL105", "ZL106"])
def test_metadata_examples(code: str) -> None:
    registered = find_rule(code)
    assert registered is not None
    meta = registered.meta
    assert code in {c for _, c, _ in found(meta.bad.replace("……", "。\n\n"))}, meta.bad
    assert code not in {c for _, c, _ in found(meta.good.replace("……", "。\n\n"))}, meta.good


# ---------------------------------------------------------------------------------------------
# ZL101 percent-mismatch


def test_wrong_execution_rate_is_an_error() -> None:
    (diagnostic,) = check("年初预算为532.93万元，支出决算为418.68万元，完成年初预算的75.6%。\n")
    assert (diagnostic.code, diagnostic.severity) == ("ZL101", Severity.ERROR)
    assert "418.68" in diagnostic.message and "532.93" in diagnostic.message and "78.6" in diagnostic.message
    assert len(diagnostic.related) == 2


def test_truncated_rate_is_a_warning() -> None:
    assert found("年初预算为23.89万元，支出决算为24.52万元，完成年初预算的102.63%。\n") == [
        (1, "ZL101", "warning")
    ]


def test_half_up_rounding_and_rounded_amounts_are_right() -> None:
    # 21.31 / 40 = 53.275 → 53.28 (half-up, not banker's rounding)
    assert found("年初预算为40万元，支出决算为21.31万元，完成年初预算的53.28%。\n") == []
    assert found("年初预算为40万元，支出决算为21.31万元，完成年初预算的53.27%。\n") == [
        (1, "ZL101", "warning")
    ]
    # within what the 0.005 rounding of each amount allows
    assert found("年初预算为0.03万元，支出决算为0.02万元，完成预算的70%。\n") == []


def test_share_of_the_total_before_qizhong() -> None:
    good = "本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占1.9%。\n"
    assert found(good) == []
    bad = "本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.8万元，占1.6%。\n"
    assert (1, "ZL101", "error") in found(bad)


def test_share_of_a_named_base() -> None:
    body = (
        "基本支出516.56万元，其中：人员经费299.85万元，"
        "占基本支出的58.0%；公用经费216.71万元，占基本支出的41.0%。\n"
    )
    assert sorted(found(body)) == [(1, "ZL101", "error"), (1, "ZL103", "error")]


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("2023年度收、支总计526.36万元。与上年相比，减少196.48万元，减少27.18%。\n", False),
        ("2023年度收、支总计526.36万元。与上年相比，减少196.48万元，减少37.33%。\n", True),  # X / current
        ("公务接待费支出决算为1.35万元，与上年相比增加0.83万元，增加159.6%。\n", False),
        ("公务接待费支出决算为1.35万元，与上年相比增加0.83万元，增加61.5%。\n", True),  # X / current
        ("机关运行经费支出2454.37万元，比年初预算数增加94.74万元，增加4.02%。\n", False),
        ("机关运行经费支出52.16万元，比年初预算数减少3.08万元，降低5.6%。\n", False),
        ("机关运行经费支出52.16万元，比年初预算数减少3.08万元，降低5.9%。\n", True),
    ],
)
def test_change_rates(sentence: str, wrong: bool) -> None:
    assert ("ZL101" in {code for _, code, _ in found(sentence)}) is wrong


# ---------------------------------------------------------------------------------------------
# ZL102 parts-sum-mismatch


def test_procurement_parts_must_add_up() -> None:
    body = (
        "2023年度政府采购支出总额135.24万元，其中：政府采购货物支出30.8万元、"
        "政府采购工程支出0万元、政府采购服务支出104.4万元。\n"
    )
    (diagnostic,) = check(body)
    assert (diagnostic.code, diagnostic.severity) == ("ZL102", Severity.ERROR)
    assert "135.2" in diagnostic.message and len(diagnostic.related) == 3
    assert found(body.replace("135.24", "135.2")) == []


def test_a_tail_difference_is_only_info() -> None:
    body = (
        "2023年度财政拨款基本支出425.43万元，其中：人员经费373.28万元，"
        "占基本支出的87.7%；公用经费52.16万元，占基本支出的12.3%。\n"
    )
    assert found(body) == [(1, "ZL102", "info")]


def test_basic_and_project_spending_add_up_to_the_total() -> None:
    body = "本年支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出19.8万元，占1.9%。\n"
    assert (1, "ZL102", "error") in found(body)


def test_a_partial_list_is_not_summed() -> None:
    # 中小企业 and 小微企业 are not parts that make up a whole; 车购置 alone is not the whole either.
    body = (
        "授予中小企业合同金额135.24万元，占政府采购支出总额的100%，其中：授予小微企业合同金额134.2万元。\n\n"
        "公务用车购置费及运行维护费支出决算为12万元，其中：公务用车购置费0万元，未购置公务用车。\n"
    )
    assert [code for _, code, _ in found(body) if code == "ZL102"] == []


THREE_PUBLIC = (
    "“三公”经费财政拨款支出预算为{total}万元，支出决算为13.35万元，完成预算的{rate}%，决算数小于预算数的主要原因是：节约。其中：\n"
    "因公出国（境）费支出预算为0万元，支出决算为0万元，与上年相比持平，持平的主要原因是未安排出国。\n\n"
    "公务接待费支出预算为5万元，支出决算为1.35万元，完成预算的27%。\n\n"
    "公务用车购置费预算为0万元，支出决算为0万元。\n\n"
    "公务用车运行维护费支出预算为12万元，支出决算为12万元，完成预算的100%。决算数等于预算数。\n"
)


def test_three_public_components_add_up() -> None:
    assert found(THREE_PUBLIC.format(total="17", rate="78.5")) == []
    assert found(THREE_PUBLIC.format(total="19", rate="70.3")) == [(1, "ZL102", "error")]


def test_items_of_the_execution_list_add_up_to_the_total() -> None:
    body = (
        "2023年度一般公共预算财政拨款支出年初预算数为40万元，一般公共预算财政拨款支出决算数为30万元，完成年初预算的75%，其中：\n\n"
        "1、一般公共服务（类）发展与改革事务（款）行政运行（项）。\n\n年初预算为20万元，支出决算为10万元，完成年初预算的50%，"
        "决算数小于年初预算数的主要原因是：节约。\n\n"
        "2、一般公共服务（类）发展与改革事务（款）事业运行（项）。\n\n年初预算为10万元，支出决算为20万元，完成年初预算的200%，"
        "决算数大于年初预算数的主要原因是：追加。\n"
    )
    assert found(body) == [(1, "ZL102", "warning")]  # 20 + 10 = 30 ≠ 40; the actuals add up


def test_money_flow_and_its_projects() -> None:
    body = (
        "（二）项目支出绩效情况\n\n"
        "1.年初预算项目经费 80 万元，年中执行调增 42.15 万元，"
        "实际支出 115.01 万元，结余结转 0 万元。项目实施及绩效情况如下：\n\n"
        "（1）甲项目\n\n项目预算 60 万元，项目支出 50 万元。"
        "\n\n（2）乙项目\n\n项目预算 62.15 万元，项目支出 65.01 万元。\n"
    )
    assert found(body) == [(3, "ZL102", "warning")]  # 80 + 42.15 ≠ 115.01 + 0; the projects add up
    balanced = body.replace("调增 42.15", "调增 35.01").replace("62.15", "55.01")
    assert found(balanced) == []


def test_itemised_meeting_costs() -> None:
    body = (
        "2023年度，会议费年初预算2万元，支出决算为2.51万元，完成年初预算的125.5%。用于召开会议，"
        "经费支出为会议场租费0.48万元、会务用餐费0.52万元、其他费用0.91万元。\n"
    )
    assert found(body) == [(1, "ZL102", "warning")]
    assert found(body.replace("0.48万元", "1.08万元")) == []


def test_one_itemised_training_must_be_the_whole_actual() -> None:
    body = (
        "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。用于支付宣讲老师授课费，"
        "经费支出为0.1万元（含租场费、住宿费、伙食费、授课费、其他）。\n"
    )
    (diagnostic,) = check(body)
    assert (diagnostic.code, diagnostic.severity, diagnostic.line) == ("ZL102", Severity.WARNING, BODY_LINE)
    assert "只列了一项" in diagnostic.message and "0.1" in diagnostic.message
    assert found(body.replace("经费支出为0.1万元", "经费支出为0.2万元")) == []


def test_one_item_after_qizhong_or_one_named_cost_type_is_not_the_whole() -> None:
    # bad: the whole-amount form, one item that is all of the 培训费 and falls short of it
    whole = "培训费支出决算为0.3万元，用于举办全市财务人员培训班，经费支出为0.1万元。\n"
    assert found(whole) == [(1, "ZL102", "warning")]
    # good: `其中` may name one of several items, and `场租费` is one cost type of several
    assert found("培训费支出决算为0.3万元，其中：用于举办全市财务人员培训班0.1万元。\n") == []
    assert found("会议费支出决算为3万元，主要用于召开全市业务工作会议，经费支出为场租费1万元。\n") == []
    # two cost types listed are still summed
    two = "会议费支出决算为3万元，主要用于召开全市业务工作会议，经费支出为场租费1万元、住宿费1万元。\n"
    assert found(two) == [(1, "ZL102", "warning")]
    assert found(two.replace("住宿费1万元", "住宿费2万元")) == []


# ---------------------------------------------------------------------------------------------
# ZL103 shares-sum-mismatch


def test_shares_must_add_up_to_100() -> None:
    body = "2023年度收入合计559.94万元，其中：财政拨款收入540.44万元，占96.5%；其他收入19.5万元，占3.5%。\n"
    assert found(body) == []
    forced = "2023年度收入合计559.94万元，其中：财政拨款收入540.44万元，占96.5%；其他收入19.5万元，占4.5%。\n"
    assert (1, "ZL103", "error") in found(forced)


def test_rounded_shares_may_miss_100_by_their_rounding() -> None:
    # 7 shares at two decimals may add to 100.01
    body = (
        "2023年度一般公共预算财政拨款支出6094.55万元，主要用于以下方面：一般公共服务（类）支出5073.79万元，占83.25%；"
        "公共安全支出（类）支出9.56万元，占0.16%；社会保障和就业（类）支出569.66万元，占9.35%；卫生健康（类）支出230.68万元，"
        "占3.79%；城乡社区（类）支出22.97万元，占0.38%；自然资源海洋气象等支出（类）支出5.48万元，占0.09%；"
        "住房保障（类）支出182.43万元，占2.99%。\n"
    )
    assert [code for _, code, severity in found(body) if severity != "info"] == []


# ---------------------------------------------------------------------------------------------
# ZL104 rate-over-zero-base


def test_execution_rate_over_a_zero_budget() -> None:
    body = "公务用车购置费预算为0万元，支出决算为53.94万元，完成预算的539.4%，增加的主要原因是划转。\n"
    (diagnostic,) = check(body)
    assert (diagnostic.code, diagnostic.severity) == ("ZL104", Severity.ERROR)
    assert diagnostic.column == body.index("539.4") + 1


def test_zero_over_zero_is_a_warning() -> None:
    body = (
        "“三公”经费财政拨款支出预算为0万元，支出决算为0万元，"
        "完成预算的0%，决算数等于预算数，与上年相比无变化。\n"
    )
    assert found(body) == [(1, "ZL104", "warning")]
    assert found("年初预算为0.00万元，支出决算为0.00万元，完成预算的0.00%。\n") == [(1, "ZL104", "warning")]
    assert found("年初预算为0万元，支出决算为0万元，决算数等于年初预算数。\n") == []


def test_change_rate_from_a_zero_previous_year() -> None:
    body = (
        "因公出国（境）费支出预算为10万元，支出决算为9.68万元，完成预算的96.8%，决算数小于预算数的主要原因是只安排了一人，"
        "与上年相比增长9.68万元，增加96.8%，增加的主要原因是前一年度未安排出国。\n"
    )
    assert found(body) == [(1, "ZL104", "error")]


def test_share_of_a_zero_total_is_info() -> None:
    body = (
        "2023年度“三公”经费财政拨款支出预算为0万元，支出决算为0万元。\n\n"
        "2023年度“三公”经费财政拨款支出决算中，公务接待费支出决算0万元，占0%，因公出国（境）费支出决算0万元，占0%，"
        "公务用车购置费及运行维护费支出决算0万元，占0%。\n"
    )
    assert found(body) == [(3, "ZL104", "info")] * 3


def test_within_category_shares_of_procurement() -> None:
    body = (
        "2023年度政府采购支出总额74.6万元，其中：政府采购货物支出42.3万元、政府采购工程支出0万元、政府采购服务支出32.3万元。"
        "授予中小企业合同金额74.6万元，占政府采购支出总额的100.0%。货物采购授予中小企业合同金额占货物支出金额的{goods}%，"
        "工程采购授予中小企业合同金额占工程支出金额的{works}%。\n"
    )
    assert found(body.format(goods="100", works="0")) == [(1, "ZL104", "info")]
    assert found(body.format(goods="56.7", works="0")) == [(1, "ZL104", "error"), (1, "ZL104", "info")]
    assert found(body.format(goods="100", works="100")) == [(1, "ZL104", "error")]


# ---------------------------------------------------------------------------------------------
# ZL105 direction-contradiction


def test_comparison_word_against_the_amounts() -> None:
    good = (
        "年初预算为532.93万元，支出决算为418.68万元，"
        "完成年初预算的78.6%，决算数小于年初预算数的主要原因是：节约。\n"
    )
    assert found(good) == []
    bad = good.replace("小于", "大于")
    (diagnostic,) = check(bad)
    assert (diagnostic.code, diagnostic.severity) == ("ZL105", Severity.ERROR)
    assert "小于" in diagnostic.message
    assert found("年初预算为0万元，支出决算为9.8万元，决算数等于年初预算数。\n") == [(1, "ZL105", "error")]


def test_flat_reason_after_an_increase() -> None:
    body = "公务接待费支出决算为9.68万元，与上年相比增长9.68万元，持平的主要原因是上年未安排。\n"
    assert found(body) == [(1, "ZL105", "error")]


def test_flat_with_its_own_reason_is_fine() -> None:
    body = (
        "因公出国（境）费支出预算为0万元，支出决算为0万元，"
        "与上年相比持平，持平的主要原因是上年度与本年度均未安排出国。\n"
    )
    assert found(body) == []


def test_amount_and_rate_words_disagree() -> None:
    body = "2023年度收、支总计526.36万元。与上年相比，减少196.48万元，增长27.18%。\n"
    assert found(body) == [(1, "ZL105", "error")]


def test_reason_in_the_other_direction() -> None:
    body = "公务接待费支出决算为11.69万元，与上年相比减少13.61万元，减少53.79%，增加的主要原因是来访增多。\n"
    assert found(body) == [(1, "ZL105", "error")]


# ---------------------------------------------------------------------------------------------
# ZL106 conflicting-restatement


def test_the_same_quantity_twice_with_different_values() -> None:
    body = (
        "2023年度一般公共预算财政拨款基本支出2500万元，其中：人员经费1200.22万元；公用经费1299.78万元。\n\n"
        "二、机关运行经费\n\n2023年度公用经费1299.79万元。\n"
    )
    (diagnostic,) = [d for d in check(body) if d.code == "ZL106"]
    assert diagnostic.line == BODY_LINE + 4 and diagnostic.severity in (Severity.WARNING, Severity.INFO)
    assert diagnostic.related and "1299.78" in diagnostic.related[0].message


def test_whole_unit_initial_budget_in_the_self_assessment() -> None:
    body = (
        "2023年度一般公共预算财政拨款支出年初预算数为635.78万元，一般公共预算财政拨款支出决算数为526.36万元，完成年初预算的82.8%。\n\n"
        "二、预算收支情况\n\n2023 年预算收入 526.36 万元，其中年初预算 516.56 万元，年中调整追加 9.8 万元。\n"
    )
    assert found(body) == [(5, "ZL106", "warning")]


def test_different_scopes_and_items_are_different_quantities() -> None:
    body = (
        "2023年度支出合计563.56万元，其中：基本支出448.55万元，占79.6%；项目支出115.01万元，占20.4%。\n\n"
        "二、基本支出\n\n2023年度财政拨款基本支出425.43万元，其中：人员经费373.28万元；公用经费52.15万元。\n\n"
        "三、项目\n\n1、一般公共服务（类）人大事务（款）行政运行（项）。\n\n年初预算为0万元，支出决算为17.39万元，"
        "决算数大于年初预算数的主要原因是：追加。\n\n"
        "（1）甲项目\n\n项目支出 80.33 万元，主要用于办公。\n"
    )
    assert [code for _, code, _ in found(body) if code == "ZL106"] == []


def test_same_value_at_another_precision_is_not_a_conflict() -> None:
    body = (
        "2023年度支出合计526.36万元，其中：基本支出516.56万元，占98.1%；项目支出9.80万元，占1.9%。\n\n"
        "二、绩效\n\n2023年整体支出526.36万元，其中：基本支出516.56万元，项目支出9.8万元。\n"
    )
    assert found(body) == []


def test_stated_previous_year_must_match_the_change() -> None:
    good = "公务接待费支出决算为1.35万元，上年决算数为0.52万元，与上年相比增加0.83万元，增长159.6%。\n"
    assert found(good) == []
    off = good.replace("上年决算数为0.52", "上年决算数为0.62")
    assert found(off) == [(1, "ZL102", "warning")]
    wrong_way = good.replace("上年决算数为0.52", "上年决算数为1.52")
    assert (1, "ZL105", "error") in found(wrong_way)


def test_a_yuan_slip_is_read_in_the_sentences_own_unit() -> None:
    # 13.26元 beside 12.33万元: the unit slip is ZL5's; the arithmetic is checked as 万元.
    good = (
        "年初预算为13.26元，支出决算为12.33万元，完成年初预算的93.0%，"
        "决算数小于年初预算数的主要原因是：调整。\n"
    )
    assert found(good) == []
    assert found(good.replace("93.0%", "96.0%")) == [(1, "ZL101", "error")]
    assert found(good.replace("小于", "大于")) == [(1, "ZL105", "error")]


def test_three_public_budget_restated_without_the_scope_word() -> None:
    body = (
        "“三公”经费财政拨款支出预算为5万元，支出决算为1.35万元，完成预算的27%。\n\n"
        "二、绩效\n\n三公经费预算为42.34万元。\n"
    )
    assert found(body) == [(5, "ZL106", "warning")]


def test_two_sums_against_one_total_are_one_finding() -> None:
    body = THREE_PUBLIC.format(total="17", rate="78.5").replace("支出决算为13.35万元", "支出决算为14.35万元")
    body = body.replace("完成预算的78.5%", "完成预算的84.4%") + (
        "\n（二）具体情况\n\n2023年度“三公”经费财政拨款支出决算中，公务接待费支出决算1.35万元，占9.4%，"
        "因公出国（境）费支出决算0万元，占0%，公务用车购置费及运行维护费支出决算12万元，占83.6%。\n"
    )
    sums = [d for d in check(body) if d.code == "ZL102"]
    assert len(sums) == 1 and "另" in sums[0].message and sums[0].severity is Severity.ERROR


MEETING_LIST = (
    "会议费年初预算2万元，支出决算为1.99万元，完成年初预算的99.5%。用于召开重点工作综合督查会议，人数11人，"
    "经费支出为会议场租费0万元、会务用餐费0.52万元、其他费用0.91万元；全市征拆征收工作会议，人数21人，"
    "经费支出为会议场租费0.48万元、会务用餐费0.08万元、其他费用0万元。\n\n"
)


def test_a_meeting_listed_twice_with_other_costs() -> None:
    body = (
        MEETING_LIST + "三类会议是召开重点工作综合督查会议，人数11人，经费支出为会议场租费0万元、"
        "会务用餐费0.52万元、其他费用0.73万元。\n"
    )
    (diagnostic,) = [d for d in check(body) if d.code == "ZL106"]
    assert (diagnostic.line, diagnostic.severity) == (BODY_LINE + 2, Severity.WARNING)
    assert "其他费用" in diagnostic.message and "0.73" in diagnostic.message and "0.91" in diagnostic.message
    assert {r.line for r in diagnostic.related} == {BODY_LINE}
    assert found(body.replace("0.73", "0.91")) == []


def test_different_meetings_and_one_list_naming_a_meeting_twice() -> None:
    other = MEETING_LIST + (
        "三类会议是召开全市安全生产工作会议，人数11人，经费支出为会议场租费0万元、会务用餐费0.52万元、其他费用0.73万元。\n"
    )
    assert [code for _, code, _ in found(other) if code == "ZL106"] == []
    # two sessions of one meeting in one list are not a restatement
    sessions = (
        "会议费年初预算2万元，支出决算为1.2万元，完成年初预算的60%。用于召开全市工作会议，人数30人，"
        "经费支出为其他费用0.5万元；召开全市工作会议，人数30人，经费支出为其他费用0.7万元。\n"
    )
    assert found(sessions) == []


def test_restatement_before_any_heading_says_just_qianwen() -> None:
    # bad wording was `前文（前文）` when the first statement stands under no heading
    cover = "2023年度\n株洲市测试中心部门决算\n\n"
    text = cover + "公用经费1299.78万元。\n\n（附件）公用经费1299.79万元。\n"
    (diagnostic,) = [d for d in zhlint.lint_text(text, path="t.txt") if d.code == "ZL106"]
    assert "前文写作 1299.78万元" in diagnostic.message and "前文（前文）" not in diagnostic.message
    meeting = (
        "会议费年初预算2万元，支出决算为1.99万元，完成年初预算的99.5%。用于召开重点工作综合督查会议，"
        "人数11人，经费支出为会议场租费0万元、其他费用1.99万元。\n\n"
    )
    again = meeting.replace("场租费0万元、其他费用1.99万元", "场租费0.5万元、其他费用1.49万元")
    costs = [d for d in zhlint.lint_text(cover + meeting + again, path="t.txt") if d.code == "ZL106"]
    assert len(costs) == 2 and all("，前文对同一事项写作" in d.message for d in costs)
    # good: under a heading, the heading is named
    under_heading = "公用经费1299.78万元。\n\n二、附件\n\n公用经费1299.79万元。\n"
    (named,) = [d for d in check(under_heading) if d.code == "ZL106"]
    assert "前文（情况说明）写作 1299.78万元" in named.message
