"""Cross-report checks (ZL7xx) on a synthetic batch: time against the number of reports.

``python -m benchmarks.across [--sizes 125,250,500,1000] [--repeat 5] [--documents]``

The batch is facts (``zhlint.facts``), as ``--history facts.json`` gives them: a quarter of the
reports are one unit's 预算 of two years, a quarter its 决算 of those years, and the other half
部门/单位 pairs, each report with 40 figures about its year, 20 about the year before and (决算)
10 年初预算 figures; one figure in ten disagrees. The facts are written to a JSON file and run
through the path of ``zhlint check --history facts.json`` (read back, paired, checked; the
findings column counts the comparisons that disagree). ``--documents`` also times the path from
small report files (facts extraction included, in one process), with fewer repeats. Wall and CPU
time are both given: on a shared machine the wall time says little.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from zhlint.across import across_diagnostics, load_history
from zhlint.config import Config
from zhlint.facts.model import Figure, ReportFacts, facts_to_json

FIGURES = 40


def _figures(seed: int, count: int, how: str, skew: int = 0) -> tuple[Figure, ...]:
    return tuple(
        Figure(
            f"项目{n}",
            Decimal(1000 + seed * 7 + n) + (skew if n % 10 == 0 else 0),
            10 + n,
            5,
            10 + n,
            12,
            how,
        )
        for n in range(count)
    )


def batch(size: int) -> list[ReportFacts]:
    """``size`` reports' facts (see the module's docstring)."""
    reports: list[ReportFacts] = []
    unit = 0
    while len(reports) < size:
        name = f"测试市第{unit}中心"
        kind = unit % 2
        for year in (2023, 2024):
            if kind == 0:
                reports.append(
                    ReportFacts(
                        f"u{unit}-{year}-预算.txt",
                        name,
                        year,
                        "部门",
                        "预算",
                        current=_figures(unit + year, FIGURES, "table"),
                        previous=_figures(unit + year - 1, FIGURES // 2, "change", skew=3),
                    )
                )
                reports.append(
                    ReportFacts(
                        f"u{unit}-{year}-决算.txt",
                        name,
                        year,
                        "部门",
                        "决算",
                        current=_figures(unit + year + 5, FIGURES, "table"),
                        budget=_figures(unit + year, FIGURES // 4, "stated", skew=2),
                    )
                )
            else:
                reports.append(
                    ReportFacts(
                        f"u{unit}-{year}-部门.txt",
                        name,
                        year,
                        "部门",
                        "预算",
                        unit_count=1,
                        current=_figures(unit + year, FIGURES, "table"),
                    )
                )
                reports.append(
                    ReportFacts(
                        f"u{unit}-{year}-单位.txt",
                        f"{name}（本级）",
                        year,
                        "单位",
                        "预算",
                        current=_figures(unit + year, FIGURES, "table", skew=1),
                    )
                )
        unit += 1
    return reports[:size]


def time_facts(size: int, repeat: int) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds to read back and check ``size`` reports' facts; findings,
    comparisons. (CPU time: the machine may be shared; wall time then says little.)"""
    walls, cpus, findings, compared = [], [], 0, 0
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "facts.json"
        history.write_text(json.dumps(facts_to_json(batch(size)), ensure_ascii=False), encoding="utf-8")
        for _ in range(repeat):  # the path of `zhlint check --history facts.json`
            started, cpu = time.perf_counter(), time.process_time()
            result = across_diagnostics([], load_history(history))
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            compared = len(result.comparisons)
            findings = sum(not item.agrees for item in result.comparisons)
    return statistics.median(walls), statistics.median(cpus), findings, compared


REPORT = """测试市第{unit}中心
{year}年部门预算

一、收支预算总体情况

{year}年收支总计预算{total}万元，与上年相比增加100万元。基本支出{basic}万元，比上年增加{change}万元。
"""


def time_documents(size: int, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of the whole cross-report pass over ``size`` small report files."""
    with tempfile.TemporaryDirectory() as folder:
        tasks = []
        for index in range(size):
            unit, year = index // 2, 2023 + index % 2
            text = REPORT.format(
                unit=unit, year=year, total=1400 + 100 * index % 2, basic=1000, change=index % 3
            )
            path = Path(folder) / f"r{index}.txt"
            path.write_text(text, encoding="utf-8")
            tasks.append((path, Config()))
        walls, cpus = [], []
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            across_diagnostics(tasks)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="125,250,500,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--documents", action="store_true", help="also time the path from report files")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        "| reports | facts JSON read back + pair + check: wall | CPU | CPU per report "
        "| findings | comparisons |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        wall, cpu, findings, compared = time_facts(size, args.repeat)
        print(
            f"| {size} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {cpu / size * 1e6:.0f} µs "
            f"| {findings} | {compared} |"
        )
    if args.documents:
        print()
        print("| reports | from report files (facts extracted): wall | CPU | CPU per report |")
        print("| ---: | ---: | ---: | ---: |")
        for size in sizes:
            wall, cpu = time_documents(size, max(1, args.repeat // 2))
            print(f"| {size} | {wall:.2f} s | {cpu:.2f} s | {cpu / size * 1000:.2f} ms |")


if __name__ == "__main__":
    main()
