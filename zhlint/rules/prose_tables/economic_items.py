"""ZL209 economic-items-vs-table: the items 人员经费/公用经费 `主要包括` against the 06表.

ZL209 reads the items a paragraph says 人员经费 or 公用经费 `主要包括` the same way (the claims keep
amounts, not lists of names) and looks each name up among the 06表 items of its group.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from zhlint.diagnostics import Severity, Span
from zhlint.document.segment import Paragraph
from zhlint.read.numbers import (
    ZERO,
    Verdict,
    amounts_agree,
    fmt,
)
from zhlint.read.text import compact
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule
from zhlint.tables.model import (
    PERSONNEL_CODES,
    PUBLIC_CODES,
    EconomicItem,
    EconomicTable,
    TableKind,
)

# `人员经费299.85万元，占基本支出的58.0%，主要包括基本工资、津贴补贴…；`: the group and its amount,
# then, in the same clause run (no `；`/`。`, and no other 经费 in between, so that `人员经费X万元，
# 公用经费Y万元，主要包括…` is read as 公用经费's list), `主要包括` and the list up to the next stop.
# Fixed words and bounded gaps, no nested repetition: linear.
_ITEM_LIST = re.compile(
    r"(?P<group>人员经费|公用经费)(?:支出)?(?:决算数?)?(?:为|是|共计|合计)?[:：]?\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*万元"
    r"(?:(?!经费)[^；;。]){0,40}?主要包括[:：]?(?P<list>[^；;。，,]+)"
)


# A list about another fund's money (`政府性基金…人员经费…`) is not the 06表's.
_OTHER_FUND = re.compile(r"政府性基金|国有资本经营")
_SENTENCE_STOP = re.compile("。")


# `…、奖励金等` / `…等支出`: the end of the last name.
_ETC = re.compile(r"等[\u4e00-\u9fff]{0,3}$")


# A listed name is a plain item name: Chinese words and brackets, no figure.
_ITEM_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,30}")


_GROUP_CODES = {"人员经费": PERSONNEL_CODES, "公用经费": PUBLIC_CODES}


_BRACKETS = str.maketrans("()", "（）")


def _item_key(name: str) -> str:
    """A name as compared: no whitespace, full-width brackets (`维修(护)费` is `维修（护）费`)."""
    return compact(name).translate(_BRACKETS)


@attrs.frozen
class _ItemGroup:
    """人员经费 or 公用经费 of the 06表: its total in 万元 and its items by name."""

    label: str
    total: Decimal | None
    by_name: dict[str, EconomicItem]
    details: tuple[EconomicItem, ...]  # the 5-digit items, in table order


def _item_groups(economic: EconomicTable, scale: Decimal) -> dict[str, _ItemGroup]:
    """The two groups of the 06表, built once per document (only when a list is found)."""
    groups = {}
    for label, total_cell in (("人员经费", economic.personnel_total), ("公用经费", economic.public_total)):
        codes = _GROUP_CODES[label]
        members = [item for item in economic.items if item.code[:3] in codes]
        named: dict[str, list[EconomicItem]] = {}
        for item in members:
            named.setdefault(_item_key(item.name), []).append(item)
        by_name = {}
        for key, found in named.items():
            detailed = [item for item in found if len(item.code) == 5]
            if len(found) == 1 or len(detailed) == 1:
                by_name[key] = found[0] if len(found) == 1 else detailed[0]
            # else: two items of one name; which one the prose means is unclear, so neither
        if total_cell is not None and total_cell.value is not None:
            total: Decimal | None = total_cell.value * scale
        else:
            heads = [item.value for item in members if len(item.code) == 3]
            total = sum(heads, ZERO) * scale if heads else None
        details = tuple(item for item in members if len(item.code) == 5)
        groups[label] = _ItemGroup(label, total, by_name, details)
    return groups


@attrs.frozen
class _Listed:
    """A name of the list as written, where it stands, and the 06表 item of that name (if any)."""

    name: str
    span: Span
    item: EconomicItem | None


def _read_list(paragraph: Paragraph, match: re.Match[str], group: _ItemGroup) -> list[_Listed] | None:
    """The names after `主要包括`, each matched within ``group``; None when the list is not plain names."""
    text = paragraph.text
    start = match.start("list")
    pieces: list[tuple[str, int, int]] = []
    position = start
    for piece in match.group("list").split("、"):
        piece_start = position + len(piece) - len(piece.lstrip())
        piece_end = position + len(piece.rstrip())
        pieces.append((text.text[piece_start:piece_end], piece_start, piece_end))
        position += len(piece) + 1
    last, last_start, _ = pieces[-1]
    trimmed = _ETC.sub("", last)
    pieces[-1] = (trimmed, last_start, last_start + len(trimmed))
    listed: list[_Listed] = []
    for name, piece_start, piece_end in pieces:
        if _ITEM_NAME.fullmatch(name) is None:
            return None  # a figure, a remark, an empty piece: not a list of item names
        listed += _listed_names(name, piece_start, piece_end, paragraph, group)
    return listed


def _listed_names(name: str, start: int, end: int, paragraph: Paragraph, group: _ItemGroup) -> list[_Listed]:
    """One listed name, or two when it is `X和Y`/`X及Y` and both are item names (`…奖励金和抚恤金`)."""
    item = group.by_name.get(_item_key(name))
    if item is None:
        for joint in ("和", "及"):
            cut = name.find(joint)
            if cut <= 0:
                continue
            left = group.by_name.get(_item_key(name[:cut]))
            right = group.by_name.get(_item_key(name[cut + 1 :]))
            if left is not None and right is not None:
                return [
                    _Listed(name[:cut], paragraph.text.source_span(start, start + cut), left),
                    _Listed(name[cut + 1 :], paragraph.text.source_span(start + cut + 1, end), right),
                ]
    return [_Listed(name, paragraph.text.source_span(start, end), item)]


@attrs.frozen
class _ItemList:
    """One `人员经费…主要包括…` list of a paragraph, read and matched to its group."""

    group: _ItemGroup
    listed: tuple[_Listed, ...]
    span: Span  # the whole list


class _OtherFundWords:
    """Where a paragraph names another fund, and where its sentences end: found once per paragraph.

    Searching the sentence before every list (a slice back to the last 。) was quadratic in a
    paragraph without a 。.
    """

    def __init__(self, text: str) -> None:
        self.stops = [found.start() for found in _SENTENCE_STOP.finditer(text)]
        # The two names share no character, so the places never overlap: sorted by start and end.
        self.places = [found.span() for found in _OTHER_FUND.finditer(text)]
        self.ends = [end for _, end in self.places]

    def in_sentence(self, start: int, end: int) -> bool:
        """Whether another fund is named between the last 。 before ``start`` and ``end``."""
        last = bisect.bisect_right(self.ends, end) - 1
        if last < 0:
            return False
        stop = bisect.bisect_left(self.stops, start) - 1
        sentence_start = self.stops[stop] + 1 if stop >= 0 else 0
        return self.places[last][0] >= sentence_start


def _item_lists(
    context: LintContext, groups: dict[str, _ItemGroup], paragraph: Paragraph
) -> Iterator[_ItemList]:
    text = paragraph.text.text
    numbers = {number.span.start: number for number in paragraph.numbers}
    other_fund = _OtherFundWords(text)
    for match in _ITEM_LIST.finditer(text):
        if other_fund.in_sentence(match.start(), match.end()):
            continue
        group = groups[match.group("group")]
        number = numbers.get(paragraph.text.source_span(match.start("n"), match.end("n")).start)
        if number is None or group.total is None:
            continue
        if amounts_agree(number.value, group.total, context.tolerance) is Verdict.WRONG:
            continue  # another amount than the 06表's: the list may be about other money
        listed = _read_list(paragraph, match, group)
        if listed is None:
            continue
        matched = sum(1 for entry in listed if entry.item is not None)
        if matched < 2 or 2 * matched < len(listed):
            continue  # mostly the writer's own words: the list cannot be read with confidence
        span = paragraph.text.source_span(*match.span("list"))
        yield _ItemList(group, tuple(listed), span)


def _item_text(item: EconomicItem, scale: Decimal) -> str:
    return f"{item.title} {fmt(item.value * scale, 2)}万元"


def _item_related(item: EconomicItem) -> RelatedSpan:
    return RelatedSpan(item.amount.span, f"{item.title} {item.amount.text}")


def _zero_finding(found: _ItemList, table: str) -> Finding | None:
    """The listed items that the 06表 shows as a written 0.00 (a blank cell is not read as zero)."""
    zeros: dict[str, _Listed] = {}  # by code: a name listed twice is one item
    for entry in found.listed:
        if entry.item is not None and entry.item.amount.value is not None and entry.item.amount.value == ZERO:
            zeros.setdefault(entry.item.code, entry)
    if not zeros:
        return None
    label = found.group.label
    names = "、".join(entry.name for entry in zeros.values())
    items = "、".join(entry.item.title for entry in zeros.values() if entry.item is not None)
    these = "这项支出" if len(zeros) == 1 else "这些支出"
    message = (
        f"正文称{label}主要包括{names}，而{table}中 {items} 的决算数为 0.00：本年没有{these}，"
        f"不应列为{label}的主要构成"
    )
    spans = [entry.span for entry in zeros.values()]
    span = Span(min(span.start for span in spans), max(span.end for span in spans))
    related = tuple(_item_related(entry.item) for entry in zeros.values() if entry.item is not None)
    return Finding(span, message, related=related)


def _omission_finding(found: _ItemList, table: str, scale: Decimal) -> Finding | None:
    """The 06表's non-zero items that the list leaves out although they are not small.

    Not small means at least as large as the smallest non-zero item the list names: the writer's
    own list shows what it counts as a main item. An item whose name begins like a listed name the
    table does not hold (`维修费` for `维修（护）费`) may be meant by it and is not called left out.
    """
    named = [entry.item for entry in found.listed if entry.item is not None]
    sizes = [item.value for item in named if len(item.code) == 5 and item.value > ZERO]
    if not sizes:
        return None  # no non-zero item named: nothing says what the writer counts as main
    smallest = min(sizes)
    covered = {item.code for item in named}
    unknown = [entry.name for entry in found.listed if entry.item is None]
    prefixes = {_item_key(name)[:2] for name in unknown}
    left_out = [
        item
        for item in found.group.details
        if item.amount.value is not None
        and item.value >= smallest
        and item.code not in covered
        and item.code[:3] not in covered
        and _item_key(item.name)[:2] not in prefixes
    ]
    if not left_out:
        return None
    label = found.group.label
    least = next(item for item in named if len(item.code) == 5 and item.value == smallest)
    message = (
        f"正文所列{label}的主要构成中没有 {'、'.join(_item_text(item, scale) for item in left_out)}，"
        f"而{table}中{'这一项' if len(left_out) == 1 else '这些项目'}有支出，且不小于所列最小的一项"
        f"（{_item_text(least, scale)}）"
    )
    if unknown:
        message += f"；所列“{'”“'.join(unknown)}”在表中没有同名科目，未作比较"
    related = tuple(_item_related(item) for item in left_out)
    return Finding(found.span, message, severity=Severity.INFO, related=related)


_LIST_DETAIL = (
    "一般公共预算财政拨款基本支出决算明细表\n人员经费\t\t\t公用经费\t\t\n"
    "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
    "301\t工资福利支出\t110.00\t302\t商品和服务支出\t20.00\n"
    "30101\t基本工资\t80.00\t30201\t办公费\t15.00\n"
    "30102\t津贴补贴\t30.00\t30215\t会议费\t0.00\n"
    "30111\t公务员医疗补助缴费\t0.00\t30216\t培训费\t5.00\n"
    "人员经费合计\t\t110.00\t公用经费合计\t\t20.00\n\n"
)


_LIST_PROSE = "人员经费110万元，主要包括{}；公用经费20万元，主要包括办公费、培训费。"


@rule(
    "ZL209",
    "economic-items-vs-table",
    Severity.WARNING,
    (
        "正文列为人员经费或公用经费主要组成的项目在基本支出决算明细表中为 0.00（警告），"
        "或遗漏了不算小的非零项目（提示）。"
    ),
    """
    基本支出段落列出人员经费和公用经费用在哪些方面（
    `人员经费299.85万元，…，主要包括基本工资、津贴补贴、…；公用经费…主要包括办公费、…`）；一般公共预算财
    政拨款基本支出决算明细表（06表）给出每一项的金额。每个所列名称在其本组（人员经费：301 和 303；公用经
    费：302、307、310 和 399）中按名称精确匹配，空白和括号全半角除外。所列项目决算数为 0.00 时报告为警
    告：正文写了并未发生的支出（从模板或上年照抄的列举）。列举中遗漏的非零项目报告为提示，而且只在它不算
    小时报告：“主要包括”允许省略次要项目，何为次要以列举本身为准，因此一个项目不小于列举中最小的非零项目
    时才报告（列举把 0.57万元的项目作为主要项目，却漏掉 14.32万元的项目，就前后不一；只列大项的列举门槛
    也高）。每个列举每种情形报告一条，指向06表的单元格。本组中没有任何项目使用的名称（把 `维修（护）费`
    写成 `维修费`）不会当作零，也不比较；名称开头与之相同的项目不算遗漏。06表缺失、无法读取或为空，本组
    所写金额不是06表的经费合计（这时列举说的是别的资金），句子说的是政府性基金或国有资本经营资金，或所列
    名称中是表中项目名称的不到一半（或不到两个）时，不比较。
    """,
    bad=_LIST_DETAIL + _LIST_PROSE.format("基本工资、津贴补贴、公务员医疗补助缴费"),
    good=_LIST_DETAIL + _LIST_PROSE.format("基本工资、津贴补贴"),
    summary_en=(
        "An item that the narrative lists as a main part of 人员经费 or 公用经费 is 0.00 in the "
        "基本支出决算明细表 (warning), or a non-zero item that is not small is left out (info)."
    ),
)
def economic_items_vs_table(context: LintContext) -> Iterator[Finding]:
    candidates = [
        paragraph
        for paragraph in context.document.paragraphs
        # The cheap gate: few paragraphs hold 主要包括 next to 人员经费 or 公用经费.
        if "主要包括" in paragraph.text.text
        and ("人员经费" in paragraph.text.text or "公用经费" in paragraph.text.text)
        and not paragraph.in_toc
        and not paragraph.is_note
    ]
    if not candidates:
        return
    tables = context.tables
    detail = tables.get(TableKind.BASIC_DETAIL)
    economic = tables.economic()
    if detail is None or economic is None or detail.problem is not None:
        return  # no 06表, or one that could not be read: nothing to compare with
    groups = _item_groups(economic, detail.scale)
    for paragraph in candidates:
        if _about_other_fund(paragraph):
            continue
        for found in _item_lists(context, groups, paragraph):
            zero = _zero_finding(found, detail.name)
            if zero is not None:
                yield zero
            omitted = _omission_finding(found, detail.name, detail.scale)
            if omitted is not None:
                yield omitted


def _about_other_fund(paragraph: Paragraph) -> bool:
    """Whether an enclosing heading is about another fund's money (政府性基金, 国有资本经营)."""
    return any(_OTHER_FUND.search(heading.text) for heading in paragraph.headings)
