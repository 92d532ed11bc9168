"""ZL5xx: units and number form.

Amounts in these reports are in 万元. An amount written in 元 among amounts in 万元 in the same
statement is almost always the same figure with the unit mistyped (`年初预算为26.53元，支出决算
为26.53万元，完成年初预算的100.0%`): the percentage beside it only holds in 万元.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from zhlint.claims.parse import wan_is_wanyuan
from zhlint.diagnostics import Severity, Span
from zhlint.document.segment import Paragraph
from zhlint.read.numbers import ZERO
from zhlint.read.text import MappedText, sentences
from zhlint.rules.base import Finding, LintContext, RelatedSpan, rule

# A number and the unit written right after it. 万元/亿元 are the table units; a bare 元 is not.
# A number and its unit; `元/人`, `元每人` are prices per head, not amounts of the accounts.
# The look-back after the first digit (not before it) lets a search skip from digit to digit.
_AMOUNT = re.compile(r"(?P<number>\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元(?![/／每])|%|％)?")
# Words that make a number an account amount (not a price per person, a count or a year):
# the kinds of money (…费, 支出, 资金) and the changes of them (增加, 调减).
# An item of the functional classification named with its level (`卫生健康支出（类）`,
# `“…住房公积金（项）”`) is an account amount too.
_ACCOUNT_WORDS = re.compile(
    r"(?:预算|决算|结转|结余|收入|支出|合计|总计|费|资金|金额|总额|增加|减少|增长|下降|降低|调增|调减"
    # 执行数 and 预算安排 only: a bare 执行/安排 is as often a price (`每人每天安排550元`,
    # `每人每天执行450元标准`), which is no account amount
    r"|执行数|预算安排)"
    r"[数额]?(?:为|是|达|：|:)?\s*$"
    # a 预算's item named by its 类/款/项 path: `“…（款）行政运行（项）”938.99万元`
    r"|[（(][类款项][)）]\s*[”\"]?\s*(?:为|是|：|:)?\s*$"
)
# The words before an amount that must have a unit (`预算为0`). Found once per sentence, where
# each match ends: searching the text before every number was quadratic in the sentence.
_BARE_AMOUNT = re.compile(r"(?:预算|决算)数?(?:为|是)\s*")


# A sentence and the account amounts in it.
SentenceAmounts = tuple[MappedText, list[re.Match[str]]]


def _amounts(sentence: MappedText) -> list[re.Match[str]]:
    """The account amounts in 万元 or 元 (the only units ZL501 compares)."""
    if "元" not in sentence.text:
        return []
    return [
        match
        for match in _COMPARED_AMOUNT.finditer(sentence.text)
        if _is_account_amount(sentence.text, match)
    ]


# _AMOUNT with its unit required and one of the two compared: the same matches as _AMOUNT's with
# those units (a number is never cut short to reach a unit), without a match for every number.
_COMPARED_AMOUNT = re.compile(r"(?P<number>\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*(?P<unit>万元|元(?![/／每]))")


def _is_account_amount(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 8) : match.start()]
    return bool(_ACCOUNT_WORDS.search(before))


def _statement_sentences(context: LintContext) -> list[tuple[Paragraph, MappedText]]:
    """The sentences of the body's paragraphs, split once per document for the unit rules."""
    return list(context.shared(_split_sentences))


def _split_sentences(context: LintContext) -> tuple[tuple[Paragraph, MappedText], ...]:
    return tuple(
        (paragraph, sentence)
        for paragraph in context.document.paragraphs
        if not paragraph.in_toc and "元" in paragraph.text.text  # the unit rules look at nothing else
        for _, sentence in sentences(paragraph.text)
    )


@rule(
    "ZL501",
    "yuan-among-wanyuan",
    Severity.ERROR,
    "某个金额写的单位是“元”，而旁边的金额都是“万元”。",
    """
    部门决算的表和正文都以万元为单位。在其他金额都用“万元”的表述中，一个账面金额后面只写“元”，就是同一类
    数字的单位写错了，数值因此差了一万倍；旁边的比率也只有按万元才成立。出现在同一段落的另一句中时报告为
    警告，零金额（`0元`）也一样：它的数值在任何单位下都相同，只是写法不一致。人均单价（`500元/人`）和不
    是账面金额的数字（`单位价值50万元以上`）不检查。
    """,
    bad="年初预算为26.53元，支出决算为26.53万元，完成年初预算的100.0%。",
    good="年初预算为26.53万元，支出决算为26.53万元，完成年初预算的100.0%。",
    summary_en="An amount is written in 元 where the amounts beside it are in 万元.",
)
def yuan_among_wanyuan(context: LintContext) -> Iterator[Finding]:
    # Each sentence's account amounts, found once and grouped by paragraph.
    by_paragraph: dict[int, list[SentenceAmounts]] = {}
    for paragraph, sentence in _statement_sentences(context):
        by_paragraph.setdefault(id(paragraph), []).append((sentence, _amounts(sentence)))
    units = Counter(
        match.group("unit") for found in by_paragraph.values() for _, matches in found for match in matches
    )
    # A report that states its accounts in 万元 throughout (nine in ten amounts or more).
    wanyuan_report = units["万元"] >= 10 and units["万元"] >= 9 * units["元"]
    for amounts in by_paragraph.values():
        yield from _yuan_in_paragraph(amounts, wanyuan_report)
    for paragraph in context.document.paragraphs:
        yield from _asset_thresholds(paragraph.text)


# The asset section of the template: `单位价值50万元以上通用设备`, `单位价值100万元以上专用设备`.
# The Shanghai form: `单价100万元（含）以上设备`.
_ASSET_THRESHOLD = re.compile(
    r"(?P<lead>单位价值|单价)\s*(?P<number>\d+)\s*(?P<unit>元)\s*(?:[（(]含[)）])?\s*以上"
)


def _asset_thresholds(text: MappedText) -> Iterator[Finding]:
    if "单位价值" not in text.text and "单价" not in text.text:
        return
    for match in _ASSET_THRESHOLD.finditer(text.text):
        yield Finding(
            text.source_span(match.start("number"), match.end("unit")),
            f"“{match.group('lead')}{match.group('number')}元以上”：模板中的资产价值标准以万元计"
            f"（单位价值50万元以上通用设备、100万元以上专用设备），应为“{match.group('number')}万元”",
            severity=Severity.WARNING,
        )


def _yuan_in_paragraph(amounts: list[SentenceAmounts], wanyuan_report: bool) -> Iterator[Finding]:
    """元 amounts beside 万元 ones: an error in the same sentence, a warning in the same paragraph,
    info where only the rest of the report is in 万元."""
    paragraph_wanyuan = next(
        (
            (sentence, match)
            for sentence, found in amounts
            for match in found
            if match.group("unit") == "万元"
        ),
        None,
    )
    if paragraph_wanyuan is None:
        if wanyuan_report:
            yield from _yuan_in_wanyuan_report(amounts)
        return
    for sentence, found in amounts:
        in_sentence = [match for match in found if match.group("unit") == "万元"]
        for match in found:
            if match.group("unit") != "元":
                continue
            where, neighbour = (sentence, in_sentence[0]) if in_sentence else paragraph_wanyuan
            scope = "同一句" if in_sentence else "同一段"
            zero = Decimal(match.group("number")) == ZERO
            yield Finding(
                sentence.source_span(match.start(), match.end()),
                f"金额“{match.group()}”的单位是“元”，{scope}中的其他金额用“万元”"
                f"（如“{neighbour.group()}”），应为“{match.group('number')}万元”",
                severity=Severity.WARNING if zero or not in_sentence else None,
                related=(
                    RelatedSpan(
                        where.source_span(neighbour.start(), neighbour.end()), f"{scope}中以万元计的金额"
                    ),
                ),
            )


def _yuan_in_wanyuan_report(amounts: list[SentenceAmounts]) -> Iterator[Finding]:
    for sentence, found in amounts:
        for match in found:
            if match.group("unit") == "元" and Decimal(match.group("number")) != ZERO:
                yield Finding(
                    sentence.source_span(match.start(), match.end()),
                    f"金额“{match.group()}”的单位是“元”，本报告的其他金额都以“万元”计，请核对单位",
                    severity=Severity.INFO,
                )


@rule(
    "ZL502",
    "amount-without-unit",
    Severity.WARNING,
    "某个预算数或决算数没有单位，而旁边的金额都有单位。",
    """
    `年初预算为0，支出决算数为26.17万元` 让读者去猜第一个数字的单位。一个表述中的每个金额都应像模板那样
    带上单位。
    """,
    bad="年初预算为0，支出决算数为26.17万元。",
    good="年初预算为0万元，支出决算数为26.17万元。",
    summary_en="A budget or actual amount has no unit where the amounts beside it have one.",
)
def amount_without_unit(context: LintContext) -> Iterator[Finding]:
    yield from _wan_for_wanyuan(context)
    for _, sentence in _statement_sentences(context):
        if "万元" not in sentence.text:
            continue  # no amount beside it has a unit to compare with
        matches = list(_AMOUNT.finditer(sentence.text))
        if not any(match.group("unit") == "万元" for match in matches):
            continue
        # A match takes every space after 为/是, so it ends where the number starts.
        bare_starts = {found.end() for found in _BARE_AMOUNT.finditer(sentence.text)}
        for match in matches:
            if match.group("unit") or match.start() not in bare_starts:
                continue
            after = sentence.text[match.end() : match.end() + 1]
            if after and after not in "，,；;。":
                continue  # `预算为10个项目` and the like: not an amount
            yield Finding(
                sentence.source_span(match.start(), match.end()),
                f"金额“{match.group('number')}”没有单位，同一句中的其他金额以“万元”计",
            )


# `0.39万（含…0.00万元）`, `项目总预算1720.00万，`: 万 for 万元, before a mark that ends the amount
# (not `20万以上`, `5万人次`: a threshold or a count in ten thousands).
# The blank template writes its placeholder the same way (`国内公务接待支出XX万（含…XX万元）`).
_WAN_AMOUNT = re.compile(
    r"(?P<number>\d(?<![\d.]\d)\d*(?:\.\d+)?|(?<![A-Za-z])X{2,}(?![A-Za-z]))\s*万(?=[，,；;。（(、）)]|$)"
)


def _wan_for_wanyuan(context: LintContext) -> Iterator[Finding]:
    """An amount written with 万 where the report writes 万元: in a sentence that has 万元, or after
    a word of the accounts (预算, 支出 …); reported as info, the figure itself is not in doubt."""
    # Paragraphs marked in_toc too: a 目录 holds no amounts, and a body that names no 第X部分 stays
    # marked as the 目录 to its end (see ZL620's _layout).
    for paragraph in context.document.paragraphs:
        if "万" not in paragraph.text.text:
            continue
        finding = _first_wan(paragraph)
        if finding is not None:
            yield finding  # once a paragraph: the habit of one writer, not a slip at each figure


def _first_wan(paragraph: Paragraph) -> Finding | None:
    for _, sentence in sentences(paragraph.text):
        with_unit = "万元" in sentence.text
        for match in _WAN_AMOUNT.finditer(sentence.text):
            if not wan_is_wanyuan(_words_before(sentence.text, match.start())):
                continue  # `惠及群众80万`: a count in ten thousands
            if with_unit or _is_account_amount(sentence.text, match):
                return Finding(
                    sentence.source_span(match.start(), match.end()),
                    f"金额“{match.group()}”少了“元”：本报告的金额以“万元”计",
                    severity=Severity.INFO,
                    fix=f"{match.group()}元",
                )
    return None


def _words_before(text: str, end: int) -> str:
    """The words of the clause before ``end`` (at most 40 characters): what the amount is of."""
    return re.split(r"[，,；;。：:、（(）)]", text[max(0, end - 40) : end])[-1]


@rule(
    "ZL503",
    "split-number",
    Severity.INFO,
    "数字中间有多余的空格（`526. 36`）。",
    """
    从 PDF 提取的文本常在数字中间带空格（`526. 36`、`6, 094. 55`）。zhlint 把它们当作一个数来读，但搜索
    和复制粘贴不会。自动修复删除这些空格，从不改动数字。
    """,
    bad="本年支出合计526. 36万元。",
    good="本年支出合计526.36万元。",
    fixable=True,
    summary_en="A number is split by a stray space (`526. 36`).",
)
def split_number(context: LintContext) -> Iterator[Finding]:
    for paragraph in context.document.paragraphs:
        for number in paragraph.numbers:
            if number.split:
                yield _split_finding(number.raw, number.canonical, number.span)
    for table in context.document.tables:
        for row in table.rows:
            if " " not in row.text:
                continue  # no cell of the row can hold a split number
            for cell in row.cells:
                written = cell.number if " " in cell.text else None
                if written is not None and written.split:
                    yield _split_finding(written.raw, written.canonical, written.span)


def _split_finding(raw: str, canonical: str, span: Span) -> Finding:
    return Finding(span, f"数字“{raw}”中间有多余的空格，应为“{canonical}”", fix=canonical)


@rule(
    "ZL504",
    "rate-without-percent",
    Severity.WARNING,
    "增减率没有写百分号。",
    """
    `与上年相比增加1193.20万元，增长13.95。`：紧跟在增减额之后、位于“增长/减少/降幅”之后的数字就是该增减
    的比率，比率应带 %。比率本身仍按金额检查（ZL101）。
    """,
    bad="基本支出516.56万元，与上年相比增加45.20万元，增长9.59。",
    good="基本支出516.56万元，与上年相比增加45.20万元，增长9.59%。",
    summary_en="The rate of a change is written without its % sign.",
)
def rate_without_percent(context: LintContext) -> Iterator[Finding]:
    for change in context.claims.changes:
        rate, word = change.rate, change.rate_direction
        if change.rate_marked or rate is None or word is None or change.amount is None:
            continue
        written = f"{word.text}{rate.canonical.strip()}"
        message = f"“{written}”是变动率，缺少百分号，应为“{written}%”"
        yield Finding(rate.span, message, related=(RelatedSpan(change.amount.span, "变动额"),))


# An amount of four digits or more before the decimals, with and without thousands separators.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{1,2}")
_UNGROUPED = re.compile(r"\d{4,}\.\d{1,2}")


@rule(
    "ZL505",
    "mixed-thousands-separator",
    Severity.INFO,
    "同一张表里，有的金额用千位分隔符，有的不用（`1,836.22` 与 `1895.00`）。",
    """
    一张表的金额应当写法一致。表中多数四位以上的金额用千位分隔符（`1,836.22`），个别却没有
    （`1895.00`），多半是手工改动或从别处粘贴的数，值得核对一下该格。只在用分隔符的金额多于不用的时
    报告，且只报告不用的那几格。
    """,
    bad="科目编码\t科目名称\t金额\n204\t公共安全支出\t3,310.50\n20404\t检察\t1,205.00\n2040401\t行政运行\t2105.50",
    good="科目编码\t科目名称\t金额\n204\t公共安全支出\t3,310.50\n20404\t检察\t1,205.00\n2040401\t行政运行\t2,105.50",
    summary_en="Within one table, some amounts have thousands separators and others do not.",
)
def mixed_thousands_separator(context: LintContext) -> Iterator[Finding]:
    for table in context.document.tables:
        grouped: list[str] = []
        ungrouped = []
        for row in table.rows:
            if "." not in row.text:
                continue  # no amount with decimals in the row
            for cell in row.cells:
                if cell.value is None or len(cell.text) < 6:
                    continue
                if _GROUPED.fullmatch(cell.text):
                    grouped.append(cell.text)
                elif _UNGROUPED.fullmatch(cell.text):
                    ungrouped.append(cell)
        if len(grouped) < 2 or not ungrouped or len(ungrouped) >= len(grouped):
            continue
        for cell in ungrouped:
            yield Finding(
                cell.span,
                f"本表四位以上的金额多数用千位分隔符（{len(grouped)} 个，如 {grouped[0]}），"
                f"“{cell.text}”没有用，写法不一致，请核对该数",
            )
