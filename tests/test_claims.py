"""The narrative-claims layer: grammar (one test per clause form), assembly into claims, spans."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from zhlint.analysis.context import LintContext
from zhlint.claims import parse as claims_parse
from zhlint.claims.extract import (
    Claims,
    Direction,
    Reference,
    Role,
    canonical_subject,
    extract_claims,
    format_claims,
    grammar_path,
)
from zhlint.claims.parse import (
    AmongAtom,
    Atom,
    ChangeAtom,
    ChangeRateAtom,
    CompareAtom,
    ComparisonAtom,
    ExecutionRateAtom,
    FlatAtom,
    HeadAtom,
    ReasonAtom,
    ShareAtom,
    StatedAtom,
    parse_clause,
    split_clauses,
)
from zhlint.cli import main
from zhlint.config import Config
from zhlint.document.segment import segment
from zhlint.read.numbers import Number
from zhlint.read.source import Source
from zhlint.read.text import MappedText

COVER = "2023年度\n株洲市测试中心部门决算\n\n"
CORPUS = Path(__file__).parent / "corpus"


def atoms(text: str) -> tuple[Atom, ...]:
    mapped = MappedText(text, tuple(range(len(text) + 1)))
    return parse_clause(mapped, 0, len(text), {})


def atom(text: str) -> Atom | None:
    """The one thing a clause says (None when it says nothing the grammar reads)."""
    read_atoms = atoms(text)
    assert len(read_atoms) <= 1, read_atoms
    return read_atoms[0] if read_atoms else None


def read(body: str) -> tuple[Claims, Source]:
    """Claims of a small report: cover, a section heading, then ``body`` from line 6."""
    source = Source.from_text(COVER + "一、情况说明\n\n" + body, "t.txt")
    return extract_claims(segment(source)), source


def value(number: Number | None) -> Decimal | None:
    return None if number is None else number.value


def at(source: Source, number: Number) -> tuple[int, int, str]:
    """(line, column, source text) of a number."""
    line, column = source.position(number.span.start)
    return line, column, source.text[number.span.start : number.span.end]


# ---------------------------------------------------------------------------------------------
# Grammar: every clause form


@pytest.mark.parametrize(
    ("clause", "label", "role", "amount"),
    [
        ("年初预算为532.93万元", "", Role.BUDGET, "532.93"),
        ("年初预算28.64万元", "", Role.BUDGET, "28.64"),
        ("预算数为17万元", "", Role.BUDGET, "17"),
        (
            "2023年度一般公共预算财政拨款支出年初预算数为635.78万元",
            "一般公共预算财政拨款",
            Role.BUDGET,
            "635.78",
        ),
        ("支出决算为418.68万元", "", Role.ACTUAL, "418.68"),
        ("支出决算数为540.44万元", "", Role.ACTUAL, "540.44"),
        ("一般公共预算财政拨款支出决算数为526.36万元", "一般公共预算财政拨款", Role.ACTUAL, "526.36"),
        ("“三公”经费财政拨款支出预算为17万元", "“三公”经费财政拨款", Role.BUDGET, "17"),
        ("因公出国（境）费支出预算为0万元", "因公出国（境）费", Role.BUDGET, "0"),
        ("公务用车购置费预算为0万元", "公务用车购置费", Role.BUDGET, "0"),
        ("公务接待费支出决算1.35万元", "公务接待费", Role.ACTUAL, "1.35"),
        ("会议费年初预算5万元", "会议费", Role.BUDGET, "5"),
        ("本年支出合计526.36万元", "本年支出合计", Role.AMOUNT, "526.36"),
        ("2023年度收、支总计526.36万元", "收、支总计", Role.AMOUNT, "526.36"),
        ("一般公共服务（类）支出428.48万元", "一般公共服务（类）支出", Role.AMOUNT, "428.48"),
        ("政府采购货物支出30.8万元", "政府采购货物支出", Role.AMOUNT, "30.8"),
        ("授予中小企业合同金额135.24万元", "授予中小企业合同金额", Role.AMOUNT, "135.24"),
        ("机关运行经费支出2454.37万元", "机关运行经费支出", Role.AMOUNT, "2454.37"),
        ("2023年基本支出为448.55万元", "基本支出", Role.AMOUNT, "448.55"),
        ("2023 年预算收入 526.36 万元", "预算收入", Role.AMOUNT, "526.36"),
        ("项目全年预算数为 5.76 万元", "项目", Role.BUDGET, "5.76"),
        ("经费支出21.59万元（赴浙大学习）", "经费支出", Role.AMOUNT, "21.59"),
        ("年初预算为26.53元", "", Role.BUDGET, "26.53"),
    ],
)
def test_stated_amounts(clause: str, label: str, role: Role, amount: str) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, StatedAtom), clause
    assert (read_atom.label, read_atom.role, read_atom.money.number.value) == (label, role, Decimal(amount))


def test_stated_amount_keeps_unit_year_and_among() -> None:
    read_atom = atom("其中年初预算 516.56 万元")
    assert isinstance(read_atom, StatedAtom) and read_atom.among and read_atom.role is Role.BUDGET
    in_yuan = atom("年初预算为26.53元")
    assert isinstance(in_yuan, StatedAtom) and in_yuan.money.unit == "元"
    dated = atom("2023年度财政拨款基本支出425.43万元")
    assert isinstance(dated, StatedAtom) and dated.year == 2023


@pytest.mark.parametrize(
    ("clause", "percent"),
    [
        ("完成年初预算的78.6%", "78.6"),
        ("完成预算的27%", "27"),
        ("预算执行率为82.79%", "82.79"),
        ("完成预算的 75%", "75"),
    ],
)
def test_execution_rates(clause: str, percent: str) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, ExecutionRateAtom) and read_atom.percent.value == Decimal(percent)


@pytest.mark.parametrize(
    ("clause", "part", "base", "percent"),
    [
        ("占98.1%", "", "", "98.1"),
        ("占基本支出的58.0%", "", "基本支出", "58.0"),
        ("占本年支出合计的100%", "", "本年支出合计", "100"),
        ("占政府采购支出总额的99.2%", "", "政府采购支出总额", "99.2"),
        ("占一般公共预算项目支出总额的55.74%", "", "一般公共预算项目支出总额", "55.74"),
        (
            "货物采购授予中小企业合同金额占货物支出金额的56.7%",
            "货物采购授予中小企业合同金额",
            "货物支出金额",
            "56.7",
        ),
    ],
)
def test_shares(clause: str, part: str, base: str, percent: str) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, ShareAtom)
    assert (read_atom.part_label, read_atom.base_label, read_atom.percent.value) == (
        part,
        base,
        Decimal(percent),
    )


@pytest.mark.parametrize(
    ("clause", "direction"),
    [
        ("决算数小于年初预算数的主要原因是", Direction.LESS),
        ("决算数大于年初预算数的主要原因是：人员晋级", Direction.MORE),
        ("决算数等于预算数", Direction.SAME),
        ("决算数小于预算数的主要原因是只安排了一位领导出国", Direction.LESS),
    ],
)
def test_budget_comparisons(clause: str, direction: Direction) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, ComparisonAtom) and read_atom.direction is direction


def test_template_residue_comparison_is_not_read() -> None:
    assert atom("决算数大于（小于）年初预算数的主要原因是") is None


@pytest.mark.parametrize(
    ("clause", "reference", "direction", "amount"),
    [
        ("减少196.48万元", None, Direction.LESS, "196.48"),
        ("与上年相比增加0.83万元", Reference.PREVIOUS_YEAR, Direction.MORE, "0.83"),
        ("与上年相比增长9.68万元", Reference.PREVIOUS_YEAR, Direction.MORE, "9.68"),
        ("比年初预算数增加94.74万元", Reference.BUDGET, Direction.MORE, "94.74"),
        ("比上年决算数增加232.53万元", Reference.PREVIOUS_YEAR, Direction.MORE, "232.53"),
        ("比年初预算数减少3.08万元", Reference.BUDGET, Direction.LESS, "3.08"),
        ("一般公共预算财政拨款支出减少418.41万元", None, Direction.LESS, "418.41"),
    ],
)
def test_changes(clause: str, reference: Reference | None, direction: Direction, amount: str) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, ChangeAtom)
    assert (read_atom.reference, read_atom.direction, read_atom.money.number.value) == (
        reference,
        direction,
        Decimal(amount),
    )


@pytest.mark.parametrize(
    ("clause", "direction", "percent"),
    [
        ("减少27.18%", Direction.LESS, "27.18"),
        ("增长6.2%", Direction.MORE, "6.2"),
        ("增加159.6%", Direction.MORE, "159.6"),
        ("降低5.6%", Direction.LESS, "5.6"),
        ("下降9.2%", Direction.LESS, "9.2"),
    ],
)
def test_change_rates(clause: str, direction: Direction, percent: str) -> None:
    read_atom = atom(clause)
    assert isinstance(read_atom, ChangeRateAtom)
    assert (read_atom.direction, read_atom.percent.value) == (direction, Decimal(percent))


def test_flat_reason_compare_among_head_and_uses() -> None:
    assert isinstance(atom("与上年相比持平"), FlatAtom)
    assert isinstance(atom("与上年相比无变化"), FlatAtom)
    reason = atom("持平的主要原因是上年度与本年度均未安排出国")
    assert isinstance(reason, ReasonAtom) and reason.direction is Direction.SAME
    increase = atom("增加的主要原因是来访次数增多")
    assert isinstance(increase, ReasonAtom) and increase.direction is Direction.MORE
    compare = atom("与上年相比")
    assert isinstance(compare, CompareAtom) and compare.reference is Reference.PREVIOUS_YEAR
    assert isinstance(atom("其中"), AmongAtom)
    assert isinstance(atom("主要用于以下方面"), AmongAtom)
    head = atom("2023年度“三公”经费财政拨款支出决算中")
    assert isinstance(head, HeadAtom) and canonical_subject(head.label) == "三公经费"


@pytest.mark.parametrize(
    "clause",
    [
        "本单位无举办节庆、晚会、论坛、赛事等活动的预算和开支",
        "全年安排因公出国（境）团组0个",
        "单位价值50万元以上通用设备0台（套）",
        "主要是因为2023年度项目减少并且贯彻落实厉行节约精神",
        "完成率 98%",
    ],
)
def test_other_prose_is_skipped(clause: str) -> None:
    assert atom(clause) is None


def test_clauses_split_at_punctuation_but_not_in_shou_zhi() -> None:
    text = "1. 2023年度收、支总计526.36万元。与上年相比，减少196.48万元；其中：基本支出"
    pieces = [text[start:end] for start, end, _ in split_clauses(text)]
    assert pieces[:4] == ["2023年度收、支总计526.36万元", "与上年相比", "减少196.48万元", "其中"]
    assert next(ends for _, _, ends in split_clauses(text)) is True


def test_a_bare_cost_name_before_dun_is_not_a_clause_of_its_own() -> None:
    # good: `会议费、培训费…0.3万元` is one amount for both, so one clause
    pieces = [text[a:b] for text in ["会议费、培训费支出决算0.3万元。"] for a, b, _ in split_clauses(text)]
    assert pieces == ["会议费、培训费支出决算0.3万元", ""]
    # list items with their own amounts, and names listed without any, are still cut
    text = "会议费0.1万元、培训费0.2万元；租赁费、会议费、培训费、公务接待费"
    pieces = [text[a:b] for a, b, _ in split_clauses(text)]
    assert pieces == ["会议费0.1万元", "培训费0.2万元", "租赁费", "会议费、培训费", "公务接待费"]
    assert canonical_subject("会议费、培训费") == canonical_subject("会议和培训费支出") == "会议费和培训费"
    assert canonical_subject("培训费") == "培训费"


def test_canonical_subjects() -> None:
    assert canonical_subject("“三公”经费财政拨款") == "三公经费"
    assert canonical_subject("公共安全支出（类）支出") == "公共安全支出"
    assert canonical_subject("一般公共服务（类）支出") == "一般公共服务支出"
    assert canonical_subject("公务用车购置费及运行维护费") == "公务用车购置及运行维护费"
    assert canonical_subject("政府采购货物支出") == "政府采购货物支出"
    assert canonical_subject("本部门开支会议费") == "会议费"
    assert canonical_subject("货物采购授予中小企业合同金额") == "货物授予中小企业合同金额"
    assert canonical_subject("授予中小企业合同金额") == "授予中小企业合同金额"
    assert canonical_subject("总支出") == canonical_subject("本年支出合计") == "本年支出合计"


# ---------------------------------------------------------------------------------------------
# Claims: the sentence forms of DESIGN.md, assembled


def test_execution_with_reason_and_item_title() -> None:
    claims, source = read(
        "（三）一般公共预算财政拨款支出决算具体情况\n\n"
        "2023年度一般公共预算财政拨款支出年初预算数为635.78万元，一般公共预算财政拨款支出决算数为526.36万元，"
        "完成年初预算的82.8%，其中：\n\n"
        "2、一般公共服务（类）发展与改革事务（款）事业运行（项）。\n\n"
        "年初预算为532.93万元，支出决算为418.68万元，完成年初预算的78.6%，决算数小于年初预算数的主要原因是：压减开支。\n"
    )
    total, item = claims.executions
    assert total.subject == "一般公共预算财政拨款支出" and value(total.rate) == Decimal("82.8")
    assert item.subject == "一般公共服务（类）发展与改革事务（款）事业运行（项）"
    assert item.parent == 0
    assert item.budget is not None and item.actual is not None and item.rate is not None
    assert (item.budget.value, item.actual.value, item.rate.value) == (
        Decimal("532.93"),
        Decimal("418.68"),
        Decimal("78.6"),
    )
    assert item.comparison is not None and item.comparison.direction is Direction.LESS
    assert at(source, item.rate)[2] == "78.6"


def test_execution_broken_across_lines() -> None:
    claims, source = read(
        "因公出国（境）费支出预算为0万元，支出决算为0万元，完\n成预算的0%，决算数等于预算数，与上年相比无变化。\n"
    )
    (execution,) = claims.executions
    assert execution.rate is not None and execution.rate.value == 0
    assert at(source, execution.rate)[:2] == (7, 5)  # the rate sits on the second line
    assert execution.comparison is not None and execution.comparison.direction is Direction.SAME
    (change,) = claims.changes
    assert change.flat is not None and change.subject == "因公出国（境）费"


def test_totals_with_parts_and_shares_and_split_numbers() -> None:
    claims, source = read(
        "本年支出合计526. 36万元，其中：基本支出516. 56万元，占98. 1%；项目支出9. 8万元，占1. 9%。\n"
    )
    (breakdown,) = claims.breakdowns
    assert breakdown.total.subject == "本年支出合计" and breakdown.total.value == Decimal("526.36")
    assert [part.subject for part in breakdown.parts] == ["基本支出", "项目支出"]
    assert [value(share) for share in breakdown.shares] == [Decimal("98.1"), Decimal("1.9")]
    assert at(source, breakdown.total.number) == (6, 7, "526. 36")
    assert [share.base for share in claims.shares] == [breakdown.total, breakdown.total]


def test_personnel_and_public_funds_over_several_paragraphs() -> None:
    claims, _ = read(
        "2023年度财政拨款基本支出425.43万元，其中：\n"
        "人员经费373.28万元，占基本支出的87.7%，主要包括基本工资。\n\n"
        "公用经费52.16万元，占基本支出的12.3%，主要包括办公费。\n"
    )
    (breakdown,) = claims.breakdowns
    assert [part.subject for part in breakdown.parts] == ["人员经费", "公用经费"]
    assert all(share.base is breakdown.total for share in claims.shares)
    assert breakdown.total.scope == "财政拨款"


def test_class_structure_paragraph() -> None:
    claims, _ = read(
        "2023年度一般公共预算财政拨款支出526.36万元，主要用于以下方面：一般公共服务（类）支出428.48万元，占81.4%；"
        "社会保障和就业支出47.76万元，占9.1%；卫生健康支出25.59万元，\n占4.9%；住房保障支出24.52万元，占4.6%。\n"
    )
    (breakdown,) = claims.breakdowns
    assert [part.subject for part in breakdown.parts] == [
        "一般公共服务支出",
        "社会保障和就业支出",
        "卫生健康支出",
        "住房保障支出",
    ]
    assert breakdown.shares[2] is not None and breakdown.shares[2].value == Decimal("4.9")


def test_year_on_year_change() -> None:
    claims, _ = read(
        "2023年度收、支总计526. 36万元。与上年相比，减少196. 48万元，减少27. 18%，主要是因为项目减少。\n"
    )
    (change,) = claims.changes
    assert change.current is not None and change.current.value == Decimal("526.36")
    assert change.reference is Reference.PREVIOUS_YEAR
    assert change.direction is not None and change.direction.direction is Direction.LESS
    assert (value(change.amount), value(change.rate)) == (Decimal("196.48"), Decimal("27.18"))


def test_running_costs_against_budget_and_last_year() -> None:
    claims, _ = read(
        "2023年度,机关运行经费支出2454.37万元,比年初预算数增加94.74万元,增加4.02%,主要原因是:追加;"
        "比上年决算数增加232.53万元,增加10.47%。主要原因是:追加。\n"
    )
    budget, previous = claims.changes
    assert (budget.reference, value(budget.amount), value(budget.rate)) == (
        Reference.BUDGET,
        Decimal("94.74"),
        Decimal("4.02"),
    )
    assert (previous.reference, value(previous.amount)) == (Reference.PREVIOUS_YEAR, Decimal("232.53"))
    assert budget.subject == previous.subject == "机关运行经费"


def test_three_public_paragraphs() -> None:
    claims, _ = read(
        "（一）“三公”经费财政拨款支出决算总体情况说明\n\n"
        "“三公”经费财政拨款支出预算为17万元，支出决算为13.35万元，完成预算的78.5%，决算数小于预算数的主要原因是：节约。其中：\n"
        "因公出国（境）费支出预算为0万元，支出决算为0万元，与上年相比持平，持平的主要原因是未安排出国。\n\n"
        "公务接待费支出预算为5万元，支出决算为1.35万元，完成预算的27%。决算数小于预算数的主要原因是节约，"
        "与上年相比增加0.83万元，增加159.6%，增加的主要原因是来访增多。\n\n"
        "公务用车购置费预算为0万元，支出决算为0万元。与上年相比持平，持平的主要原因是未购置。\n\n"
        "公务用车运行维护费支出预算为12万元，支出决算为12万元，完成预算的100%。决算数等于预算数，"
        "与上年相比增加0.7万元，增长6.2%，增长的主要原因是使用增多。\n\n"
        "（二）“三公”经费财政拨款支出决算具体情况说明\n\n"
        "2023年度“三公”经费财政拨款支出决算中，公务接待费支出决算1.35万元，占10.1%，因公出国（境）费支出决算0万元，"
        "占0%，公务用车购置费及运行维护费支出决算12万元，占89.9%。其中：\n\n"
        "1、因公出国（境）费支出决算为0万元，全年安排因公出国（境）团组0个。\n"
    )
    subjects = [execution.subject for execution in claims.executions]
    assert subjects == ["三公经费", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"]
    assert [execution.parent for execution in claims.executions[1:]] == [0, 0, 0, 0]
    reception = claims.executions[2]
    assert reception.comparison is not None and reception.comparison.direction is Direction.LESS
    (reception_change,) = [change for change in claims.changes if change.subject == "公务接待费"]
    assert reception_change.reason is not None and reception_change.reason.direction is Direction.MORE
    (shares,) = [breakdown for breakdown in claims.breakdowns if breakdown.total.subject == "三公经费"]
    assert shares.total.role is Role.ACTUAL and shares.total.value == Decimal("13.35")
    assert [part.subject for part in shares.parts] == [
        "公务接待费",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
    ]
    assert len(claims.breakdowns) == 1  # `。其中：` after the share list opens nothing new


def test_government_procurement() -> None:
    claims, _ = read(
        "2023年度政府采购支出总额135.24万元，其中：政府采购货物支出30.8万元、政府采购工程支出0万元、政府采购服务支出104.4万元。"
        "授予中小企业合同金额135.24万元，占政府采购支出总额的100%，其中：授予小微企业合同金额134.2万元，"
        "占政府采购支出总额的99.2%。货物采购授予中小企业合同金额占货物支出金额的100%。\n"
    )
    procurement, sme = claims.breakdowns
    assert [part.subject for part in procurement.parts] == [
        "政府采购货物支出",
        "政府采购工程支出",
        "政府采购服务支出",
    ]
    assert sme.total.subject == "授予中小企业合同金额"
    small = claims.shares[1]
    assert small.part is not None and small.part.subject == "授予小微企业合同金额"
    assert small.base is procurement.total
    within = claims.shares[2]
    assert within.part is None and within.base is not None and within.base.subject == "政府采购货物支出"


def test_meeting_and_training_costs() -> None:
    claims, _ = read(
        "2023年度，会议费年初预算2万元，支出决算为2.51万元，完成年初预算的125.5%。用于召开会议，"
        "经费支出为会议场租费0万元、会务用餐费0.52万元、其他费用0.91万元。\n\n"
        "培训费年初预算3.36万元，支出决算为22.46万元，完成年初\n预算的668.45%。用于培训，经费支出21.59万元（赴浙大学习）；"
        "用于在岗培训，经费支出为0.87万元（为网络授课教学费）。\n"
    )
    meeting, training = claims.executions
    assert (meeting.subject, value(meeting.rate)) == ("会议费", Decimal("125.5"))
    assert (training.subject, value(training.rate)) == ("培训费", Decimal("668.45"))
    meeting_costs, training_costs = claims.breakdowns
    assert [part.value for part in meeting_costs.parts] == [Decimal(0), Decimal("0.52"), Decimal("0.91")]
    assert [part.value for part in training_costs.parts] == [Decimal("21.59"), Decimal("0.87")]


def test_money_flow_of_the_self_assessment() -> None:
    claims, _ = read(
        "（二）项目支出绩效情况\n\n"
        "1.年初预算项目经费 997.58 万元，年中执行调增 48.35 万元，实际支出 1045.93 万元，结余结转 0 万元。"
        "项目实施及绩效情况如下：\n\n"
        "（1）政府门户网专项项目\n\n项目支出 80.33 万元，主要用于支持网站。\n\n"
        "（2）市长热线业务专项项目\n\n项目支出 483.1 万元，主要用于支持热线。\n"
    )
    (flow,) = claims.flows
    assert [amount.value for amount in flow.initial] == [Decimal("997.58")]
    assert flow.increase is not None and flow.increase.value == Decimal("48.35")
    assert flow.spent.value == Decimal("1045.93") and flow.carried is not None
    assert [amount.value for amount in flow.item_spending] == [Decimal("80.33"), Decimal("483.1")]


def test_amounts_know_their_scope_and_year() -> None:
    claims, _ = read(
        "三、支出决算情况说明\n\n2023年度支出合计563.56万元，其中：基本支出448.55万元，占79.6%；项目支出115.01万元，占20.4%。\n\n"
        "六、一般公共预算财政拨款基本支出决算情况说明\n\n2023年度财政拨款基本支出425.43万元，其中：人员经费373.28万元。\n"
    )
    basic = [amount for amount in claims.amounts if amount.subject == "基本支出"]
    assert [(amount.value, amount.scope) for amount in basic] == [
        (Decimal("448.55"), ""),
        (Decimal("425.43"), "财政拨款"),
    ]
    assert basic[1].year == 2023 and basic[1].section == "一般公共预算财政拨款基本支出决算情况说明"


def test_every_number_span_points_at_its_digits() -> None:
    text = (CORPUS / "000_ea33554ba86d6ddd.txt").read_text(encoding="utf-8")
    source = Source.from_text(text, "000.txt")
    claims = extract_claims(segment(source))
    assert len(claims.amounts) > 50
    for amount in claims.amounts:
        written = source.text[amount.span.start : amount.span.end]
        assert written.replace(" ", "").replace(",", "") == format(amount.value, "f"), written


# ---------------------------------------------------------------------------------------------
# Loading, memo, CLI, speed


def test_grammar_file_is_found() -> None:
    path = grammar_path()
    assert path.is_file() and path.name == "claims.lark"


def test_claims_are_computed_once_per_document() -> None:
    source = Source.from_text(COVER + "本年支出合计526.36万元。\n", "t.txt")
    context = LintContext(segment(source), Config())
    first = context.claims
    assert context.claims is first


def test_claims_command_prints_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        COVER + "年初预算为532.93万元，支出决算为418.68万元，完成年初预算的78.6%。\n", encoding="utf-8"
    )
    assert main(["claims", str(report)]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows[0][:2] + rows[0][3:] == ["1", "预算执行", "预算数", "532.93万元", "4:6"]
    assert rows[2][3:5] == ["完成率", "78.6%"] and rows[2][5].startswith("4:")


def test_extraction_is_fast() -> None:
    text = (CORPUS / "004_2209d00c77695512.txt").read_text(encoding="utf-8")
    document = segment(Source.from_text(text, "004.txt"))
    extract_claims(document)
    started = time.perf_counter()
    extract_claims(document)
    assert time.perf_counter() - started < 0.25  # about 10 ms on a laptop; generous for CI


def test_format_claims_lists_every_kind() -> None:
    text = (CORPUS / "002_ee65dbd3a880dfb2.txt").read_text(encoding="utf-8")
    source = Source.from_text(text, "002.txt")
    shown = format_claims(extract_claims(segment(source)), source)
    header, *rows = shown.splitlines()
    assert header.split() == ["陈述", "类型", "主体", "角色", "数值", "位置"]
    kinds = {line.split()[1] for line in rows}
    assert kinds == {"预算执行", "构成", "占比", "变动", "资金收支", "会议培训费", "次数"}


# ---------------------------------------------------------------------------------------------
# Variants seen in other reports of the same template


@pytest.mark.parametrize(
    ("clause", "kinds"),
    [
        ("基本支出516.56万元占98.1%", (StatedAtom, ShareAtom)),
        ("与上年相比增加0.83万元增长159.6%", (ChangeAtom, ChangeRateAtom)),
        ("同比增加0.83万元", (ChangeAtom,)),
        ("比2022年减少196.48万元", (ChangeAtom,)),
        ("与2022年相比减少196.48万元", (ChangeAtom,)),
        ("较上年度增长6.2%", (ChangeRateAtom,)),
        ("增幅为6.2%", (ChangeRateAtom,)),
        ("与上年持平", (FlatAtom,)),
        ("占比98.1%", (ShareAtom,)),
        ("支出决算大于年初预算", (ComparisonAtom,)),
        ("决算数与年初预算数持平", (ComparisonAtom,)),
        ("完成全年预算的95%", (ExecutionRateAtom,)),
        ("上年决算数为722.84万元", (StatedAtom,)),
        ("为年初预算的95.2%", (ExecutionRateAtom,)),
        ("比预算减少3.08万元", (ChangeAtom,)),
        ("较全年预算数增加5万元", (ChangeAtom,)),
        ("与年初预算数相比增加5万元", (ChangeAtom,)),
    ],
)
def test_clause_variants(clause: str, kinds: tuple[type, ...]) -> None:
    assert tuple(type(item) for item in atoms(clause)) == kinds


def test_variant_sentences_assemble_like_the_standard_ones() -> None:
    claims, _ = read(
        "本年支出合计526.36万元，其中：基本支出516.56万元占98.1%；项目支出9.8万元，占比1.9%。\n\n"
        "公务接待费支出决算为1.35万元，上年决算数为0.52万元，同比增加0.83万元，增幅为159.6%。\n\n"
        "会议费年初预算5万元，支出决算为4万元，占年初预算的80%，决算数与年初预算数持平。\n"
    )
    (breakdown,) = claims.breakdowns
    assert [value(share) for share in breakdown.shares] == [Decimal("98.1"), Decimal("1.9")]
    (change,) = claims.changes
    assert change.previous is not None and change.previous.value == Decimal("0.52")
    assert change.previous.role is Role.PREVIOUS and change.current is not None
    assert change.current.value == Decimal("1.35") and value(change.rate) == Decimal("159.6")
    (execution,) = claims.executions
    assert value(execution.rate) == Decimal("80")
    assert execution.comparison is not None and execution.comparison.direction is Direction.SAME


def test_last_years_figure_by_its_year() -> None:
    claims, _ = read("2022年度收、支总计722.84万元。2023年度收、支总计526.36万元，比2022年减少196.48万元。\n")
    previous = [amount for amount in claims.amounts if amount.role is Role.PREVIOUS]
    assert [amount.value for amount in previous] == [Decimal("722.84")]


def test_a_change_after_a_part_has_no_assumed_base() -> None:
    claims, _ = read(
        "本年收入合计559.94万元，其中：财政拨款收入540.44万元，占96.5%；与上年相比增加20万元，增长3.8%。\n"
    )
    (change,) = claims.changes
    assert change.current is None and value(change.amount) == Decimal(20)


def test_item_name_in_the_same_paragraph() -> None:
    claims, _ = read(
        "1、一般公共服务（类）发展与改革事务（款）行政运行（项）。年初预算为10万元，支出决算为9万元，完成年初预算的90%。\n\n"
        "2.一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行。年初预算为5万元，支出决算为5万元。\n"
    )
    assert [execution.subject for execution in claims.executions] == [
        "一般公共服务（类）发展与改革事务（款）行政运行（项）",
        "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行",
    ]


def test_a_change_naming_another_quantity_has_no_assumed_base() -> None:
    claims, _ = read("机关运行经费支出52.16万元。与上年相比，公用经费减少5.29万元，下降9.2%。\n")
    (change,) = claims.changes
    assert change.current is None


def test_grammar_is_found_inside_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    package = tmp_path / "site-packages" / "zhlint"
    (package / "grammars").mkdir(parents=True)
    (package / "grammars" / "claims.lark").write_text("// packaged\n", encoding="utf-8")
    monkeypatch.setattr(claims_parse, "PACKAGE_DIR", package)
    assert grammar_path() == package / "grammars" / "claims.lark"
    (package / "grammars" / "claims.lark").unlink()
    assert grammar_path() == tmp_path / "site-packages" / "grammars" / "claims.lark"  # the repo layout


def test_execution_claims_say_where_their_subject_is_named() -> None:
    claims, source = read(
        "2、一般公共服务（类）发展与改革事务（款）事业运行（项）。\n\n"
        "年初预算为532.93万元，支出决算为418.68万元，完成年初预算的78.6%。\n\n"
        "公务接待费支出预算为5万元，支出决算为1.35万元，完成预算的27%。\n"
    )
    item, reception = claims.executions
    assert item.subject_span is not None and reception.subject_span is not None
    named = source.text[item.subject_span.start : item.subject_span.end]
    assert named == "一般公共服务（类）发展与改革事务（款）事业运行（项）"
    assert source.text[reception.subject_span.start : reception.subject_span.end] == "公务接待费"
