"""Error injection in CI (issue 6): a quick, seeded subset of ``python -m benchmarks.inject``.

Recall floors are asserted for kinds whose rules exist and reach them: years ZL401, 元 among
万元 ZL501, template residue ZL601, duplicated words ZL602, and (since the arithmetic and table
rules landed) percentages, sums, direction words, prose amounts and table cells. The floors sit
below what the rules reach today on the same seeded sample (full figures in docs/quality.md).
Raise a floor when a rule gets better; a kind without rules would get no floor.
"""

from __future__ import annotations

import pytest

from benchmarks import corpus, inject

# kind -> (injections per document, recall floor). Full run of 2026-11-23 05:27 UTC (docs/quality.md):
# year 100% (45% at 04:17), 元 93% (67%), template 100%, duplicate 100%; the arithmetic (ZL1xx),
# prose-vs-table (ZL2xx) and table (ZL3xx) rules, written meanwhile, reach 92-100% on their kinds.
# The small samples of the arithmetic/table kinds only guard against a rule family breaking.
PLAN: dict[str, tuple[int, float]] = {
    "year": (50, 0.85),  # every self-reference site (42); 45% before ZL401 learnt more phrases, now 100%
    "unit-yuan": (6, 0.75),  # 17/18 (ZL501 now also looks at the paragraph and the report's unit)
    "template": (4, 0.90),
    "duplicate": (4, 0.90),
    "percent-small": (2, 0.50),
    "percent-large": (2, 0.50),
    "part-sum": (2, 0.50),
    "direction": (2, 0.50),
    "amount-prose": (2, 0.50),
    "amount-cell": (2, 0.50),
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


# Corpus-more (issue 13): the same kinds on the reports of tests/corpus_more/ (read from the shared folder;
# skipped where it is absent), which the rules were not tuned on. Floors from main (seed 0, 2 per kind and
# document: template and duplicate 100%, direction 62%, percentages, amounts in prose and 元 50%, part-sum
# 25%, table cells 6%, year 1 of 2); raise them as the rules learn the Shanghai and Jiangsu forms (issue
# target: 95% for every kind). Figures per region and kind are in docs/quality.md.
MORE_FLOORS: dict[str, float] = {
    # Issue 13 item 6 (the Jiangsu budget tables read, budget wording of the report year, budget
    # 预算数 against the tables): measured with `python -m benchmarks.inject --corpus more --per-kind 2`.
    "template": 1.00,
    "duplicate": 1.00,
    "direction": 0.61,
    "percent-small": 0.75,
    "percent-large": 0.83,
    "amount-prose": 0.75,
    "unit-yuan": 0.68,
    "part-sum": 1.00,
    "amount-cell": 0.56,
    "year": 0.81,
}


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
