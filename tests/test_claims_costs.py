"""The itemised 会议费/培训费 costs: asides in parentheses, one-item lists, meetings listed twice."""

from __future__ import annotations

from decimal import Decimal

from zhlint.claims.extract import Claims, Role, extract_claims
from zhlint.claims.parse import StatedAtom, parse_clause, split_clauses
from zhlint.document.segment import segment
from zhlint.read.source import Source
from zhlint.read.text import MappedText

COVER = "2023年度\n株洲市测试中心部门决算\n\n"


def read(body: str) -> tuple[Claims, Source]:
    source = Source.from_text(COVER + "十一、一般性支出情况说明\n\n" + body, "t.txt")
    return extract_claims(segment(source)), source


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in split_clauses(text)]


# ---------------------------------------------------------------------------------------------
# Grammar: an aside without numbers is one piece of its clause


def test_an_aside_without_numbers_is_not_cut() -> None:
    text = "用于支付授课费，经费支出为0.2万元（含租场费、住宿费、伙食费、授课费、其他）。"
    assert pieces(text)[:2] == [
        "用于支付授课费",
        "经费支出为0.2万元（含租场费、住宿费、伙食费、授课费、其他）",
    ]
    clause = pieces(text)[1]
    mapped = MappedText(clause, tuple(range(len(clause) + 1)))
    (stated,) = parse_clause(mapped, 0, len(clause), {})
    assert isinstance(stated, StatedAtom)
    assert (stated.label, stated.role, stated.money.number.value) == ("经费支出", Role.AMOUNT, Decimal("0.2"))


def test_an_aside_with_numbers_is_still_cut() -> None:
    # its amounts are read one by one
    text = "经费支出为0.2万元（含租场费0.1万元、住宿费0.1万元）"
    assert pieces(text) == ["经费支出为0.2万元（含租场费0.1万元", "住宿费0.1万元）"]


def test_an_unclosed_parenthesis_does_not_join_clauses() -> None:
    text = "（一）基本支出516.56万元，占98.1%；项目支出（续，9.8万元"
    assert "占98.1%" in pieces(text)


def test_an_aside_broken_across_lines() -> None:
    claims, source = read(
        "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。用于支付授课费，经费支出为0.2万元（含租场费、住宿费、\n"
        "伙食费、授课费、其他）。\n"
    )
    (costs,) = claims.breakdowns
    assert costs.total.subject == "培训费" and costs.total.role is Role.ACTUAL
    (part,) = costs.parts
    assert part.value == Decimal("0.2") and source.position(part.span.start)[0] == 6


# ---------------------------------------------------------------------------------------------
# Cost items: the meetings and trainings a list names


MEETINGS = (
    "会议费年初预算2万元，支出决算为1.99万元，完成年初预算的99.5%。用于召开全市重点工作综合督查会议，人数11人，"
    "内容为重点工作综合督查，经费支出为会议场租费0万元、会务用餐费0.52万元、其他费用0.91万元；全市征拆征收\n"
    "工作会议，人数21人，经费支出为会议场租费0.48万元、会务用餐费0.08万元、其他费用0万元。\n\n"
    "三类会议是召开全市重点工作综合督查会议，人数11人，内容为重点工作综合督查，经费支出为会议场租费0万元、"
    "会务用餐费0.52万元、其他费用0.91万元。\n"
)


def test_cost_items_name_the_event_without_its_connective() -> None:
    claims, source = read(MEETINGS)
    first, second, again = claims.cost_items
    assert first.event == again.event
    assert first.event.startswith("全市重点工作综合督查会议") and "人数11人" in first.event
    assert second.event.startswith("全市征拆征收") and "工作会议" in second.event  # across the line break
    assert [cost.value for cost in first.costs] == [Decimal(0), Decimal("0.52"), Decimal("0.91")]
    assert first.paragraph == second.paragraph != again.paragraph
    assert source.text[first.event_span.start : first.event_span.end].startswith("全市重点工作")


def test_the_total_and_its_words_are_not_cost_items() -> None:
    claims, _ = read(
        "2023年本部门开支会议费0万元，本单位未召开三类会议；开支培训费0.13万元，用于开展干部专题培训，人数40人。\n\n"
        "培训费年初预算5万元，支出决算为0.2万元，完成年初预算的4%。用于支付授课费，经费支出为0.2万元。\n"
    )
    assert claims.cost_items == ()


def test_a_training_with_one_cost() -> None:
    claims, _ = read(
        "培训费年初预算3.36万元，支出决算为22.46万元，完成年初预算的668.45%。用于在职人员能力提升班培训，人数50人，"
        "经费支出21.59万元（赴浙大学习）；用于开展在岗培训，人数21人，经费支出为0.87万元（为网络授课教学费）。\n"
    )
    first, second = claims.cost_items
    assert first.event.startswith("在职人员能力提升班培训") and first.event.endswith("人数50人")
    assert [cost.value for cost in first.costs] == [Decimal("21.59")]
    assert second.event.startswith("在岗培训") and [cost.value for cost in second.costs] == [Decimal("0.87")]
