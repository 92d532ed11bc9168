"""What a report is, read from the whole document: its kind (决算 or 预算, of a 部门 or a 单位) and its year.

The cover says both when it survives extraction (`2023年度 株洲市XX中心 部门决算`,
`上海市普陀区2025年区级部门预算`, `江苏省人民检察院` / `2017年部门预算`). When the cover is lost or laid
out otherwise, the report still names itself in its titles and self-references (`2024年度部门决算表`,
`2024年度收、支总计`, `2018年度江苏省高级人民法院预算公开`): a clear majority of those decides.

A budget report's own year is the budget year: a 2025 预算 names 2024 as 上年 legitimately, and such
comparisons (`与2024年部门预算相比`) are not counted.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable

import attrs


class ReportKind(str, enum.Enum):
    DEPARTMENT_FINAL = "部门决算"
    UNIT_FINAL = "单位决算"
    DEPARTMENT_BUDGET = "部门预算"
    UNIT_BUDGET = "单位预算"
    UNKNOWN = "unknown"  # nothing in the document says which

    @property
    def is_final(self) -> bool:
        """A 决算 (the execution of a year), of a 部门 or a 单位."""
        return self in (ReportKind.DEPARTMENT_FINAL, ReportKind.UNIT_FINAL)

    @property
    def is_budget(self) -> bool:
        return self in (ReportKind.DEPARTMENT_BUDGET, ReportKind.UNIT_BUDGET)


FINAL_KINDS = frozenset({ReportKind.DEPARTMENT_FINAL, ReportKind.UNIT_FINAL})
BUDGET_KINDS = frozenset({ReportKind.DEPARTMENT_BUDGET, ReportKind.UNIT_BUDGET})
# Rules that are about 决算 only still run where the kind cannot be told: as they did before.
FINAL_OR_UNKNOWN = FINAL_KINDS | {ReportKind.UNKNOWN}


@attrs.frozen
class KindReading:
    kind: ReportKind
    template: bool  # a blank template (`上海市XX局`): placeholders stand where a report has names and figures


@attrs.frozen
class YearReading:
    """The report year and what decided it."""

    year: int | None
    cover_year: int | None  # the year the cover states clearly, if it does
    votes: tuple[tuple[int, int], ...] = ()  # (year, count) of the titles and self-references, most first

    @property
    def conflicting(self) -> bool:
        """No cover year and self-references of several years, none in a clear majority."""
        return self.year is None and len(self.votes) > 1


# ---------------------------------------------------------------------------------------------
# Year

# A year followed, within the cover's title, by 决算 or 预算 (`2018年度江苏省高级人民法院预算公开`,
# `上海市普陀区2025年区级部门预算`). Bounded, so that a long first paragraph stays linear.
_COVER_YEAR = re.compile(r"(?P<year>20\d{2})年度?[^\d。；;，,]{0,60}?(?:决算|预算)")
# The report's titles and self-references, the forms the family of reports writes:
# `2024年度部门决算`, `2025年区级单位预算`, `2024年度收、支总计`, `2018年度…预算公开`, `…预算表`.
_SELF_TITLE = re.compile(
    r"(?P<year>20\d{2})\s*年度?\s*(?:"
    r"(?:区级|市级|省级|县级|本级)?\s*(?:部门|单位)(?:（单位）|\(单位\))?\s*(?:决算|预算)"
    r"|(?:财政拨款)?\s*(?:收、?支|收入支出)\s*(?:预算|决算)?\s*总计"
    r"|[^\d\s。；;，,、：:（）()]{0,30}?(?:决算|预算)\s*(?:总表|明细表|表|公开|情况说明|安排情况说明)"
    r")"
)
# A year right after these words is the other side of a comparison (`与2024年部门预算相比`).
_COMPARISON = re.compile(r"(?:与|比|较|同|对比|相比|上年|去年|上年度)\s*$")
# The title of the cover: the first few paragraphs before the first heading, and never more.
COVER_PARAGRAPHS = 3
COVER_CHARS = 300


# The year after the title, in brackets or on the next line (`部门决算（2023年度）`); not a date
# of publication (`2024年8月`).
_COVER_YEAR_AFTER = re.compile(r"(?:决算|预算)[（(]?(?P<year>20\d{2})年度?(?!\d{1,2}月)")
# A year in Chinese numerals (`二〇二三年度`), as some covers write it.
_CHINESE_YEAR = re.compile(r"二[〇零○][〇零○一二三四五六七八九]{2}(?=年)")
_CHINESE_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def cover_year(cover: str) -> int | None:
    """The year of the cover's title, when it states exactly one."""
    text = _arabic_years(_compact(cover)[:COVER_CHARS])
    years = {int(match.group("year")) for match in _COVER_YEAR.finditer(text)}
    years |= {int(match.group("year")) for match in _COVER_YEAR_AFTER.finditer(text)}
    return years.pop() if len(years) == 1 else None


def _arabic_years(text: str) -> str:
    """`二〇二三年` as `2023年` (the same length, so that positions hold)."""
    if "二" not in text:
        return text
    return _CHINESE_YEAR.sub(lambda match: match.group().translate(_CHINESE_DIGITS), text)


def title_votes(texts: Iterable[str]) -> Counter[int]:
    """How often each year names the report itself in ``texts`` (titles, headings, paragraphs)."""
    votes: Counter[int] = Counter()
    for text in texts:
        if "年" not in text or not ("算" in text or "总计" in text):
            continue  # every form names 决算, 预算 or 总计: most texts have none
        text = _arabic_years(text)
        for match in _SELF_TITLE.finditer(text):
            start = match.start("year")
            if not _COMPARISON.search(text[max(0, start - 4) : start]):
                votes[int(match.group("year"))] += 1
    return votes


def read_report_year(cover: str, texts: Iterable[str]) -> YearReading:
    """The cover's year when it states one clearly; else the year of a clear majority of self-references."""
    stated = cover_year(cover)
    votes = title_votes(texts)
    ranked = tuple(sorted(votes.items(), key=lambda item: (-item[1], item[0])))
    if stated is not None:
        return YearReading(stated, stated, ranked)
    return YearReading(_majority(ranked), None, ranked)


# At least this many self-references, and more than twice as many as all other years together.
_MIN_VOTES = 2


def _majority(ranked: tuple[tuple[int, int], ...]) -> int | None:
    if not ranked:
        return None
    year, count = ranked[0]
    others = sum(other for _, other in ranked[1:])
    return year if count >= _MIN_VOTES and count > 2 * others else None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------------
# Kind

# `部门决算`, `单位预算`, `部门（单位）决算`: who reports (部门 or 单位) and what (决算 or 预算).
_KIND_WORD = re.compile(r"(?P<who>部门|单位)(?:（单位）|\(单位\))?(?P<what>决算|预算)")
# Table names: `收入支出决算总表`, `财政拨款收支预算总表`, `基本支出决算明细表`.
_TABLE_WORD = re.compile(r"(?P<what>决算|预算)(?:总表|明细表|表)")
# A placeholder for the unit's name (`上海市XX局`, `XX中心`, `××单位`): a blank template.
_PLACEHOLDER_UNIT = re.compile(
    r"(?:[XＸ×]{2,}|[xｘ]{2,})\s*(?:局|委|办|中心|单位|部门|研究所|街道|院|所|站|处)"
)


def read_kind(cover: str, texts: Iterable[str]) -> KindReading:
    """The kind from the cover's title when it names one; else from the titles, table names and wording."""
    texts = list(texts)
    compact_cover = _compact(cover)[:COVER_CHARS]
    kind = _kind_of_cover(compact_cover)
    if kind is ReportKind.UNKNOWN:
        kind = _kind_of_body(texts)
    return KindReading(kind, _is_template(compact_cover, texts))


# An amount left as a placeholder (`XXX万元`), and one written out (`526.36万元`).
_PLACEHOLDER_AMOUNT = re.compile(r"[XＸ×]{2,}\s*万?元")
_WRITTEN_AMOUNT = re.compile(r"\d\s*万?元")


def _is_template(cover: str, texts: list[str]) -> bool:
    """A blank template: the cover names the unit by a placeholder, and the prose has no figures.

    Both, because a report may keep a placeholder here and there (template residue, which ZL601
    reports): it is no template for that, while its amounts are written out.
    """
    if _PLACEHOLDER_UNIT.search(cover) is None:
        return False
    placeholders = sum(len(_PLACEHOLDER_AMOUNT.findall(text)) for text in texts if "元" in text)
    written = sum(len(_WRITTEN_AMOUNT.findall(text)) for text in texts if "元" in text)
    return placeholders > written


def _kind_of_cover(cover: str) -> ReportKind:
    words = {(match.group("who"), match.group("what")) for match in _KIND_WORD.finditer(cover)}
    if len(words) == 1:
        return _kind(*words.pop())
    whats = {what for _, what in words} or {what for what in ("决算", "预算") if what in cover}
    if len(whats) == 1:
        # The cover says 决算 or 预算 but not clearly whose (`…预算公开`): a 部门 unless it says 单位.
        return _kind("部门", whats.pop())
    return ReportKind.UNKNOWN


def _kind_of_body(texts: list[str]) -> ReportKind:
    whats: Counter[str] = Counter()
    whos: Counter[str] = Counter()
    for text in texts:
        for match in _KIND_WORD.finditer(text):
            whats[match.group("what")] += 1
            whos[match.group("who")] += 1
        for match in _TABLE_WORD.finditer(text):
            whats[match.group("what")] += 1
    if not whats:
        return ReportKind.UNKNOWN
    (what, count), *rest = whats.most_common()
    if rest and count <= 2 * rest[0][1]:
        return ReportKind.UNKNOWN  # 决算 and 预算 named about as often: cannot tell
    who = "单位" if whos["单位"] > whos["部门"] else "部门"
    return _kind(who, what)


def _kind(who: str, what: str) -> ReportKind:
    return ReportKind(who + what)


NO_YEAR = YearReading(None, None)
NO_KIND = KindReading(ReportKind.UNKNOWN, False)
