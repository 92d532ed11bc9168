"""ZL610 unit-name-variant: the unit's name written differently from the cover's."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import regex

from zhlint.diagnostics import Severity
from zhlint.rules.base import Finding, LintContext, rule

# `部门：` / `单位名称：` before a name: the place where only this unit's own name can stand. A name
# starts anywhere in the spaces after the colon (the group). Found once per text: searching the
# text before every name found was quadratic in the text's length.
_HEADER_LABEL = regex.compile(r"(?:部门|单位|单位名称|预算单位|主管部门)\s*[：:](\s*)")
_HAN = regex.compile(r"\p{Han}")


_NAME_PART = regex.compile(r"[（(][^（()）]*[)）]")


def _name_forms(unit_name: str) -> list[str]:
    """The unit's name and its parenthesised alias, each long enough to match safely."""
    forms = [_NAME_PART.sub("", unit_name)]
    forms += [part.strip("（()）") for part in _NAME_PART.findall(unit_name)]
    return [form for form in forms if len(form) >= 6]


@rule(
    "ZL610",
    "unit-name-variant",
    Severity.ERROR,
    "某处所写的本单位名称与封面不同。",
    """
    报告多次写到本单位的名称：封面、每张表的表头（`部门：…`）、正文。表头中的名称与封面相差一个字（把
    `株洲市` 写成 `株州市`），是正式出版物中读者一眼就能看出的错字。在正文中，同样的差别可能指的是另一个
    单位（`株洲市测绘中心` 与 `株洲市测试中心`），所以在正文中只报告为提示，也不提供修复。单位名称从封面
    读出，或在配置中用 `unit-name` 指定。
    """,
    bad="（封面：株洲市XX中心）部门：株州市XX中心",
    good="（封面：株洲市XX中心）部门：株洲市XX中心",
    fixable=True,
    summary_en="The unit's own name is written differently from the cover in one place.",
)
def unit_name_variant(context: LintContext) -> Iterator[Finding]:
    if not context.unit_name:
        return
    for form in _name_forms(context.unit_name):
        # One substituted character, the rest exact: a typo, not another unit.
        pattern = regex.compile(f"(?:{regex.escape(form)}){{s<=1}}")
        # One substituted character leaves one half of the name intact (pigeonhole): a text that
        # holds neither half cannot match, and the fuzzy search is only run where one is found.
        half = len(form) // 2
        first, second = form[:half], form[half:]
        for text in context.all_texts():
            if first not in text.text and second not in text.text:
                continue
            header_places: list[tuple[int, int]] | None = None
            for match in pattern.finditer(text.text):
                written = match.group()
                if written == form or not _differs_in_han(written, form):
                    continue
                if header_places is None:
                    header_places = [found.span(1) for found in _HEADER_LABEL.finditer(text.text)]
                in_header = _is_header_place(header_places, match.start())
                yield Finding(
                    text.source_span(match.start(), match.end()),
                    f"单位名称写作“{written}”，封面上是“{form}”"
                    + ("" if in_header else "（如果这里指的是另一个单位，请忽略）"),
                    severity=None if in_header else Severity.INFO,
                    fix=form if in_header else None,
                )


def _is_header_place(places: list[tuple[int, int]], start: int) -> bool:
    """``start`` is in the spaces after a header label's colon; ``places`` are sorted, disjoint."""
    index = bisect.bisect_right(places, start, key=lambda place: place[0]) - 1
    return index >= 0 and places[index][0] <= start <= places[index][1]


def _differs_in_han(written: str, form: str) -> bool:
    return any(a != b and _HAN.match(a) and _HAN.match(b) for a, b in zip(written, form, strict=False))
