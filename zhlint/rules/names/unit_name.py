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
    "The unit's own name is written differently from the cover in one place.",
    """
    A report names its unit many times: on the cover, in every table header (`部门：…`), in the
    text. A name in a table header that differs by one character from the cover (`株州市` for
    `株洲市`) is a typo that a reader notices at once, in an official publication. In running
    text the same difference may name another unit (`株洲市测绘中心` beside `株洲市测试中心`), so
    it is only reported as info there, without a fix. The name is read from
    the cover, or set with `unit-name` in the configuration.
    """,
    bad="（封面：株洲市XX中心）部门：株州市XX中心",
    good="（封面：株洲市XX中心）部门：株洲市XX中心",
    fixable=True,
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
