"""Error injection in CI (issue 6): a quick, seeded subset of ``python -m benchmarks.inject``.

Recall floors are asserted for kinds whose rules exist and reach them: years ZL401, 元 among
万元 ZL501, template residue ZL601, duplicated words ZL602, and (since the arithmetic and table
rules landed) percentages, sums, direction words, prose amounts and table cells. The floors sit
below what the rules reach today on the same seeded sample (full figures in docs/quality.md).
Raise a floor when a rule gets better; a kind without rules would get no floor.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from benchmarks import corpus, inject

# kind -> (injections per document, recall floor). Full run of 2026-11-23 05:27 UTC (docs/quality.md):
# year 100% (45% at 04:17), 元 93% (67%), template 100%, duplicate 100%; the arithmetic (ZL1xx),
# prose-vs-table (ZL2xx) and table (ZL3xx) rules, written meanwhile, reach 92-100% on their kinds.
# The small samples of the arithmetic/table kinds only guard against a rule family breaking.
PLAN: dict[str, tuple[int, float]] = {
    # Floors raised 2026-12-04 to just below this seeded sample (caught/injections then: year 42/42,
    # 元 18/18, template 12/12, duplicate 12/12, percent-small 5/6, the other kinds 6/6).
    "year": (50, 0.95),  # every self-reference site (42); 45% before ZL401 learnt more phrases, now 100%
    "unit-yuan": (6, 0.95),  # 18/18 (ZL501 now also looks at the paragraph and the report's unit)
    "template": (4, 0.95),
    "duplicate": (4, 0.95),
    "percent-small": (2, 0.75),
    "percent-large": (2, 0.90),
    "part-sum": (2, 0.90),
    "direction": (2, 0.90),
    "amount-prose": (2, 0.90),
    "amount-cell": (2, 0.90),
}


@pytest.fixture(scope="module")
def results() -> list[inject.Injection]:
    found: list[inject.Injection] = []
    for kind, (per_kind, _) in PLAN.items():
        found += inject.run(seed=0, per_kind=per_kind, kinds=[kind])
    return found


def test_no_crash(results: list[inject.Injection]) -> None:
    crashes = [
        f"{r.document} L{r.line} {r.kind} {r.before!r}→{r.after!r}: {r.error}" for r in results if r.error
    ]
    assert not crashes, crashes


def test_every_kind_injected(results: list[inject.Injection]) -> None:
    kinds = {r.kind for r in results}
    assert kinds == set(inject.KIND_NAMES)


@pytest.mark.parametrize("kind", list(PLAN))
def test_recall_floor(kind: str, results: list[inject.Injection]) -> None:
    floor = PLAN[kind][1]
    summary = inject.summarize(results)[kind]
    missed = [
        f"{r.document[:3]} L{r.line} {r.before!r}→{r.after!r}"
        for r in results
        if r.kind == kind and not r.caught
    ]
    assert summary["recall"] >= floor, f"{kind}: recall {summary['recall']:.2f} < {floor}; missed: {missed}"


def test_sites_are_found_generically() -> None:
    """Every kind has injection sites in every corpus report (the finders are regexes, not line lists)."""
    for text_path, expected_path in corpus.corpus_documents():
        doc = inject.Doc(text_path, corpus.Expected.load(expected_path))
        for kind in inject.KINDS:
            assert kind.sites(doc), f"no {kind.name} site in {text_path.name}"


def test_injection_is_reproducible() -> None:
    """The same seed picks the same sites and the same changes; another seed picks others."""
    text_path, expected_path = corpus.corpus_documents()[0]
    doc = inject.Doc(text_path, corpus.Expected.load(expected_path))

    def picks(seed: int) -> list[tuple[str, int, str]]:
        return [
            (kind.name, site.start, replacement)
            for kind in inject.KINDS
            for site, replacement in inject.injections(doc, kind, seed, 5)
        ]

    assert picks(7) == picks(7)
    assert picks(7) != picks(8)


def test_new_diagnostics_ignores_shifted_old_ones() -> None:
    """Diagnostics after the injection point move by the length change but are not new."""
    import zhlint
    from zhlint.read.source import Source

    text = "2023年度\n株洲市测试中心部门决算\n\n收入合计10万元，支出合计9万元。\n\n长株潭长株潭一体化。\n"
    site = text.index("10万元")
    replacement = "1000"
    changed = text[:site] + replacement + text[site + 2 :]
    before, after = Source.from_text(text), Source.from_text(changed)
    old, new = zhlint.lint_source(before), zhlint.lint_source(after)
    assert any(d.code == "ZL602" for d in old)
    fresh = inject.new_diagnostics(old, before, new, after, site, site + 2, replacement)
    assert all(d.code != "ZL602" for d in fresh)


def test_new_diagnostics_counts_a_tail_that_became_an_error() -> None:
    """A diagnostic the untouched text has (a 0.01 tail, info) that the injection raises to an error at
    the same place is new: the injection was found."""
    import zhlint
    from zhlint.read.source import Source

    text = "一、情况说明\n\n本年支出合计100.01万元，其中：基本支出60.00万元；项目支出40.00万元。\n"
    site = text.index("40.00")
    replacement = "30.00"
    changed = text[:site] + replacement + text[site + 5 :]
    before, after = Source.from_text(text), Source.from_text(changed)
    old, new = zhlint.lint_source(before), zhlint.lint_source(after)
    assert [d.severity.value for d in old if d.code == "ZL102"] == ["info"]
    fresh = inject.new_diagnostics(old, before, new, after, site, site + 5, replacement)
    assert [(d.code, d.severity.value) for d in fresh if d.code == "ZL102"] == [("ZL102", "error")]


# Corpus-more (issue 13): the same kinds on the reports of tests/corpus_more/ (read from the shared folder;
# skipped where it is absent), which the rules were not tuned on. Floors from main (seed 0, 2 per kind and
# document: template and duplicate 100%, direction 62%, percentages, amounts in prose and 元 50%, part-sum
# 25%, table cells 6%, year 1 of 2); raise them as the rules learn the Shanghai and Jiangsu forms (issue
# target: 95% for every kind). Figures per region and kind are in docs/quality.md.
# Merged (shbudget, shjuesuan, jsbudget), `python -m benchmarks.inject --corpus more --per-kind 2`:
# percent-small 9/12, percent-large 10/12, part-sum 8/8, direction 10/13, amount-prose 14/16,
# amount-cell 11/16, year 16/16, 元 15/16, template and duplicate 16/16; floors a little below. year
# 14/16 since a 预算安排 of another year is no longer an error (a multi-year project lists several).
MORE_FLOORS: dict[str, float] = {
    "template": 0.95,
    "duplicate": 0.95,
    "part-sum": 0.95,
    "unit-yuan": 0.85,
    "percent-large": 0.75,
    "percent-small": 0.70,
    "amount-prose": 0.80,
    "direction": 0.70,
    "amount-cell": 0.60,
    "year": 0.85,
}

# The three Shanghai 预算 (部门预算 and 单位预算 of 商务委, 部门预算 of 万里街道), 6 per kind and document
# (seed 0): percent-small 5/6, part-sum 9/10, direction 6/7, amount-prose 16/18, every other kind all.
# The full run (`python -m benchmarks.inject --corpus more --document …`, 20 per kind) reaches 90-100%
# per kind, and lists the misses that no rule can catch (stated once, or already reported on the line).
SHANGHAI_BUDGETS = (
    "shanghai-putuo_shangwuwei_bumen-yusuan_2025",
    "shanghai-putuo_shangwuwei_danwei-yusuan_2025",
    "shanghai-putuo_wanlijiedao_yusuan_2024",
)
SHANGHAI_BUDGET_FLOORS: dict[str, float] = {
    "percent-small": 0.80,
    "percent-large": 0.95,
    "part-sum": 0.85,
    "direction": 0.85,
    "amount-prose": 0.85,
    "amount-cell": 0.95,
    # 12/18: an item's own `2024年预算安排X万元` turned into 2023 is no longer caught (万里街道, 6
    # misses): ZL401 reads an earlier year's 预算安排 as history, never as a wrong year (review1).
    "year": 0.65,
    "unit-yuan": 0.95,
    "template": 0.95,
    "duplicate": 0.95,
}

# The Shanghai 决算 (guihuaziyuanju; 2 injections per kind in this sample): every kind caught but
# percent-small 1/2, whose miss lies within the rounding of 0.15万元 / 0.54万元 (undetectable).
SHANGHAI_FINAL_FLOORS: dict[str, float] = {kind: 1.0 for kind in inject.KIND_NAMES} | {"percent-small": 0.5}


@pytest.fixture(scope="module")
def more_results() -> list[inject.Injection]:
    absent = corpus.corpus_more_documents()[1]
    if absent:
        pytest.skip(corpus.skip_note(absent))
    return inject.run(seed=0, per_kind=2, which="more")


def test_more_no_crash_and_grouped(more_results: list[inject.Injection]) -> None:
    assert not [r for r in more_results if r.error]
    assert {r.group for r in more_results} == {"上海 决算", "上海 预算", "江苏 预算"}
    assert not any(r.document.startswith("shanghai_juesuan_template") for r in more_results)


@pytest.mark.parametrize("kind", list(MORE_FLOORS))
def test_more_recall_floor(kind: str, more_results: list[inject.Injection]) -> None:
    summary = inject.summarize(more_results)[kind]
    assert summary["recall"] >= MORE_FLOORS[kind], f"{kind}: recall {summary['recall']:.2f}"


@pytest.fixture(scope="module")
def shanghai_budget_results() -> list[inject.Injection]:
    absent = corpus.corpus_more_documents()[1]
    if absent:
        pytest.skip(corpus.skip_note(absent))
    return inject.run(seed=0, per_kind=6, which="more", documents=SHANGHAI_BUDGETS)


@pytest.mark.parametrize("kind", list(SHANGHAI_BUDGET_FLOORS))
def test_shanghai_budget_recall_floor(kind: str, shanghai_budget_results: list[inject.Injection]) -> None:
    assert {r.group for r in shanghai_budget_results} == {"上海 预算"}
    summary = inject.summarize(shanghai_budget_results)[kind]
    missed = [f"{r.document[15:25]} L{r.line} {r.before!r}→{r.after!r}" for r in shanghai_budget_results
              if r.kind == kind and not r.caught]  # fmt: skip
    assert summary["recall"] >= SHANGHAI_BUDGET_FLOORS[kind], f"{kind}: {summary['recall']:.2f}; {missed}"


def test_misses_beyond_any_check_are_told(tmp_path: Path) -> None:
    """An amount stated once (nowhere else, no other figure in its sentence) is counted apart, as is a
    line that already carries a diagnostic of the kind's family; the other misses stay misses."""
    report = tmp_path / "r.txt"
    report.write_text(
        "2024年度\n某区某局部门决算\n\n一、说明\n\n涉及项目预算资金5634.81万元。\n\n"
        "本年支出合计526.36万元，其中：基本支出516.56万元，项目支出9.8万元。\n",
        encoding="utf-8",
    )
    doc = inject.Doc(report, None)
    once = doc.text.index("5634.81")
    part = doc.text.index("9.8万元")
    assert doc.stated_once(inject.Site(once, once + 7, Decimal("5634.81"), 2))
    assert not doc.stated_once(inject.Site(part, part + 3, Decimal("9.8"), 1))
    row = inject.Injection("amount-prose", "r.txt", 6, 0, 1, "x", "y", False, False, (), ())
    assert inject.why_missed(attrs.evolve(row, isolated=True)) == "isolated"
    assert inject.why_missed(attrs.evolve(row, masked=True, isolated=True)) == "masked"
    assert inject.why_missed(row) == "other"
    assert inject.why_missed(attrs.evolve(row, caught=True)) is None
    table = inject.missed_table([attrs.evolve(row, isolated=True, group="上海 预算")])
    assert "| 上海 预算 | amount-prose | 1 | 0 | 1 | 0 |" in table


@pytest.mark.parametrize("kind", list(SHANGHAI_FINAL_FLOORS))
def test_shanghai_final_recall_floor(kind: str, more_results: list[inject.Injection]) -> None:
    rows = [r for r in more_results if r.group == "上海 决算"]
    summary = inject.summarize(rows)[kind]
    missed = [f"L{r.line} {r.before!r}→{r.after!r}" for r in rows if r.kind == kind and not r.caught]
    assert summary["recall"] is not None and summary["recall"] >= SHANGHAI_FINAL_FLOORS[kind], missed


def test_not_applicable_kinds_are_named() -> None:
    """A kind that finds no site in a group is named with what it needs."""
    rows = [inject.Injection("duplicate", "a.txt", 1, 0, 1, "x", "y", True, True, (), (), None, "江苏 预算")]
    notes = inject.not_applicable_notes(rows, ["江苏 预算"])
    assert any(note.startswith("year: no injection site in 江苏 预算") for note in notes)
    assert not any(note.startswith("duplicate:") for note in notes)


def test_regeneration_keeps_the_sections_written_by_hand() -> None:
    """docs/quality.md is rewritten by the full run; the fuzzing section is measured elsewhere."""
    previous = (
        "# Quality\n\n## Robustness\n\nold\n\n## Fuzzing (security)\n\n10,500 examples\n\n### LSP\n\n1,000\n"
    )
    assert inject.kept_sections(previous) == [
        "## Fuzzing (security)",
        "",
        "10,500 examples",
        "",
        "### LSP",
        "",
        "1,000",
        "",
    ]


def test_regeneration_does_not_keep_its_own_region_section() -> None:
    """The per-region corpus section is written by the full run: a regeneration must not keep the old one."""
    previous = "# Quality\n\n## Corpus evaluation per document and region\n\nold figures\n"
    assert inject.kept_sections(previous) == []
