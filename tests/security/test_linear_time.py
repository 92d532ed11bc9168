"""Issue 11, item 5: every search of the text is linear in its length.

Each case is a hostile paragraph (one long sentence, a long title) of the shape that made a rule
quadratic: searching the text before every number (ZL502), `货物[^授]*授予中小企业` from every 货物
of a long label, the text before every unit name (ZL610), `项目.*绩效` on a long section title once
per amount (ZL201, ZL206), a slice back to the last 。 before every list (ZL209), and the sentence
around every year (ZL401). The lint must take about four times as long at four times the length
(quadratic is sixteen), and stay far under a cap meant for a slow shared machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from zhlint.config import Config, with_overrides
from zhlint.diagnostics import Diagnostic
from zhlint.engine import lint_source
from zhlint.read.source import Source

COVER = "2023年度\n株洲市测试中心部门决算\n\n"
HEADING = "一、收入支出决算总体情况说明\n\n"
# A real report with its tables, for the rules that compare the text with them.
REPORT = (Path(__file__).parent.parent / "corpus" / "000_ea33554ba86d6ddd.txt").read_text(encoding="utf-8")
LONG = 275_000  # characters: the size of the paragraph of the issue (28.7 s in ZL502 alone)
GROWTH = 8  # linear is 4 at four times the length, quadratic 16
SLACK = 0.5  # seconds, for the noise of a shared machine on the short run
CAP = 30.0  # seconds for the long run; the fixed code takes well under 2 s


def _repeated(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit))


def _bare_amounts(chars: int) -> str:
    return COVER + HEADING + _repeated("本年支出决算为1万元，预算为2，", chars) + "。\n"


def _label(word: str) -> Callable[[int], str]:
    def build(chars: int) -> str:
        return COVER + HEADING + _repeated(word, chars) + "支出30.8万元，比上年增加1万元。\n"

    return build


def _unit_names(chars: int) -> str:
    return COVER + HEADING + _repeated("株州市测试中心", chars) + "。\n"


def _project_title(chars: int) -> str:
    amounts = _repeated("会议费支出0.5万元，三公经费支出1万元，项目支出1万元，", chars // 2)
    return REPORT + "\n第九部分" + _repeated("项目", chars // 2) + "\n\n" + amounts + "。\n"


def _item_lists(chars: int) -> str:
    return REPORT + "\n\n" + _repeated("人员经费支出1万元，主要包括基本工资", chars) + "。\n"


def _years(chars: int) -> str:
    return COVER + HEADING + _repeated("2022年收入合计1万元，", chars) + "2023年收入合计2万元\n"


# name: (the text of a given length, the rules to run, a code the text must raise, if any)
CASES: dict[str, tuple[Callable[[int], str], str, str | None]] = {
    "ZL502-bare-amounts-in-one-sentence": (_bare_amounts, "ZL502", "ZL502"),
    "subject-goods-label": (_label("货物"), "ZL1", None),
    "subject-works-label": (_label("工程"), "ZL1", None),
    "subject-services-label": (_label("服务"), "ZL1", None),
    "ZL610-unit-names-in-one-paragraph": (_unit_names, "ZL610", "ZL610"),
    "ZL201-ZL206-project-section-title": (_project_title, "ZL2", None),
    "ZL209-item-lists-without-a-stop": (_item_lists, "ZL209", None),
    "ZL401-years-without-a-sentence-end": (_years, "ZL4", None),  # 2023 in the sentence: silent
}


def _lint(text: str, select: str) -> tuple[float, list[Diagnostic]]:
    config = with_overrides(Config(), select=[select])
    started = time.perf_counter()
    found = lint_source(Source.from_text(text, "attack.txt"), config)
    return time.perf_counter() - started, found


@pytest.mark.parametrize("name", list(CASES))
def test_lint_time_grows_linearly(name: str) -> None:
    build, select, expected = CASES[name]
    _lint(build(1_000), select)  # the parser and the patterns built outside the timing
    short, _ = _lint(build(LONG // 4), select)
    long, found = _lint(build(LONG), select)
    assert long < GROWTH * short + SLACK, f"{name}: {short:.2f} s at {LONG // 4}, {long:.2f} s at {LONG}"
    assert long < CAP, f"{name}: {long:.2f} s at {LONG} characters"
    if expected is not None:  # the rule did read the text: the test is not passing vacuously
        assert any(diagnostic.code == expected for diagnostic in found)
