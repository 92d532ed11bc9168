"""Cross-report checks (ZL7xx) through the command line: every output format carries the other
report's place, the facts JSON keeps a past year, a single report gets no ZL7xx, and the
corpus-more pairs give the findings checked by hand (docs/across.md)."""

from __future__ import annotations

import contextlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_corpus_more_data import ENV_VAR, _corpus_more_dir
from zhlint.across import across_diagnostics
from zhlint.cli import main
from zhlint.config import Config
from zhlint.facts.model import SCHEMA, FactsError, facts_from_json, facts_to_json
from zhlint.facts.pair import unit_key

EARLIER = """株洲市测试中心
2023年部门预算

一、收支预算总体情况

2023年收支总计预算1,400万元，其中：基本支出1,000万元，项目支出400万元。
"""
LATER = """株洲市测试中心
2024年部门预算

一、收支预算总体情况

2024年收支总计预算1,500万元，与上年相比增加100万元。基本支出1,050万元，比上年增加60万元。
"""


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit_info:
            status = int(exit_info.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    earlier, later = tmp_path / "a2023.txt", tmp_path / "a2024.txt"
    earlier.write_text(EARLIER, encoding="utf-8")
    later.write_text(LATER, encoding="utf-8")
    return earlier, later


def test_text_names_both_reports(pair: tuple[Path, Path]) -> None:
    earlier, later = pair
    status, out, _ = _run("check", "--select", "ZL7", "--no-progress", str(earlier), str(later))
    assert status == 1
    assert f"{later}:6:" in out and "ZL701" in out
    assert f"参见 {earlier}:6:" in out


def test_json_related_is_in_the_other_report(pair: tuple[Path, Path]) -> None:
    earlier, later = pair
    _, out, _ = _run("check", "--select", "ZL7", "--format", "json", str(earlier), str(later))
    (found,) = json.loads(out)
    assert found["path"] == str(later) and found["code"] == "ZL701" and found["line"] == 6
    assert found["related"][0]["path"] == str(earlier) and found["related"][0]["line"] == 6


def test_sarif_related_locations_are_valid(pair: tuple[Path, Path]) -> None:
    from tests.sarif_schema import sarif_validator

    earlier, later = pair
    _, out, _ = _run("check", "--select", "ZL7", "--format", "sarif", str(earlier), str(later))
    log = json.loads(out)
    assert list(sarif_validator().iter_errors(log)) == []
    (result,) = log["runs"][0]["results"]
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("a2023.txt")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("a2024.txt")
    assert related["physicalLocation"]["region"]["startLine"] == 6


def test_lsp_related_information_points_into_the_other_report(pair: tuple[Path, Path]) -> None:
    pytest.importorskip("lsprotocol")
    from zhlint.lsp import to_lsp_diagnostic
    from zhlint.read.source import Source

    earlier, later = pair
    result = across_diagnostics([(earlier, Config()), (later, Config())])
    (diagnostic,) = result.diagnostics[str(later)]
    converted = to_lsp_diagnostic(diagnostic, Source.from_text(LATER, str(later)), later.resolve().as_uri())
    assert converted.related_information is not None
    (related,) = converted.related_information
    assert related.location.uri == earlier.resolve().as_uri()
    assert related.location.range.start.line == 5  # line 6, 0-based


def test_a_single_report_gets_no_cross_report_finding(pair: tuple[Path, Path]) -> None:
    _, later = pair
    _, out, _ = _run("check", "--format", "json", str(later))
    assert [d for d in json.loads(out) if d["code"].startswith("ZL7")] == []


def test_facts_json_keeps_a_past_year(pair: tuple[Path, Path], tmp_path: Path) -> None:
    earlier, later = pair
    status, out, _ = _run("facts", str(earlier))
    assert status == 0
    data = json.loads(out)
    assert data["version"] == SCHEMA
    (report,) = data["reports"]
    assert (report["unit"], report["year"], report["level"], report["kind"]) == (
        "株洲市测试中心",
        2023,
        "部门",
        "预算",
    )
    figures = {figure["key"]: figure for figure in report["current"]}
    assert figures["基本支出"]["value"] == "1000" and figures["基本支出"]["line"] == 6
    assert facts_to_json(facts_from_json(data)) == data  # the form reads back as it was written
    history = tmp_path / "facts.json"
    history.write_text(out, encoding="utf-8")
    earlier.unlink()  # the document is gone, its facts remain
    _, found, _ = _run("check", "--select", "ZL7", "--format", "json", "--history", str(history), str(later))
    (finding,) = json.loads(found)
    assert finding["code"] == "ZL701" and finding["related"][0]["path"] == str(earlier)


def test_a_bad_facts_file_is_a_usage_error(pair: tuple[Path, Path], tmp_path: Path) -> None:
    _, later = pair
    bad = tmp_path / "facts.json"
    bad.write_text('{"version": "other/9", "reports": []}', encoding="utf-8")
    status, _, err = _run("check", "--history", str(bad), str(later))
    assert status == 2 and SCHEMA in err
    with pytest.raises(FactsError):
        facts_from_json(
            {"version": SCHEMA, "reports": [{"path": "x", "current": [{"key": "k", "value": "NaN"}]}]}
        )


def test_verbose_says_which_reports_were_not_paired(pair: tuple[Path, Path], tmp_path: Path) -> None:
    earlier, later = pair
    other = tmp_path / "other.txt"
    other.write_text("没有封面的一段文字。\n", encoding="utf-8")
    _, _, err = _run("check", "--select", "ZL7", "-q", "--verbose", str(earlier), str(later), str(other))
    assert f"{other}: 未配对（没有读出单位名称）" in err
    assert "ZL701: 比较了 2 个数，1 个一致" in err


def test_unit_keys_survive_name_variants() -> None:
    assert (
        unit_key("株洲市测试中心（本级）") == unit_key("株洲市测试中心(本级)") == unit_key("株洲市 测试中心")
    )
    assert unit_key("株洲市测试中心（株洲市测试办）") == "株洲市测试中心"
    assert unit_key("株洲市测试中心本级") == "株洲市测试中心"


# The corpus-more pairs (tests/corpus_more/ACROSS_YEARS_jiangsu.md); each finding checked by hand
# in docs/across.md: (report, line, code, claimed, published).
CORPUS_MORE_PAIRS = (
    "jiangsu_jianchayuan_yusuan_2017.txt",
    "jiangsu_jianchayuan_yusuan_2018.txt",
    "jiangsu_gaoyuan_yusuan_2018.txt",
    "jiangsu_gaoyuan_yusuan_2019.txt",
    "shanghai-putuo_shangwuwei_bumen-yusuan_2025.txt",
    "shanghai-putuo_shangwuwei_danwei-yusuan_2025.txt",
)
EXPECTED = [
    # 基本支出: the 2018 change follows the 2017 prose (12323.46); the 2017 支出总表 says 12323.48.
    (
        "jiangsu_jianchayuan_yusuan_2018.txt",
        650,
        "ZL701",
        Decimal("13994.31") - Decimal("1670.85"),
        "12323.48",
    ),
    (
        "jiangsu_jianchayuan_yusuan_2018.txt",
        676,
        "ZL701",
        Decimal("21940.96") - Decimal("3958.98"),
        "17981.68",
    ),
    (  # 财政拨款支出: the change names its own subject after the sentence's amount
        "jiangsu_jianchayuan_yusuan_2018.txt",
        680,
        "ZL701",
        Decimal("21940.96") - Decimal("3958.98"),
        "17981.68",
    ),
    (
        "jiangsu_jianchayuan_yusuan_2018.txt",
        720,
        "ZL701",
        Decimal("21940.96") - Decimal("3958.98"),
        "17981.68",
    ),
    ("jiangsu_jianchayuan_yusuan_2018.txt", 734, "ZL701", Decimal("100"), "110"),
]


def test_the_corpus_more_pairs() -> None:
    folder = _corpus_more_dir()
    paths = [folder / name for name in CORPUS_MORE_PAIRS]
    if not all(path.is_file() for path in paths):
        pytest.skip(f"../shared/corpus-more not found at {folder} (set {ENV_VAR} to the folder)")
    result = across_diagnostics([(path, Config()) for path in paths])
    found = sorted(
        (Path(path).name, d.line, d.code) for path, items in result.diagnostics.items() for d in items
    )
    assert found == [(name, line, code) for name, line, code, _, _ in EXPECTED]
    for name, line, _, claimed, published in EXPECTED:
        (diagnostic,) = [d for d in result.diagnostics[str(folder / name)] if d.line == line]
        assert f"{claimed:,.2f}" in diagnostic.message and f"{Decimal(published):,.2f}" in diagnostic.message
    counts = {}
    for item in result.comparisons:
        counts.setdefault(item.code, [0, 0])[item.agrees] += 1
    # ZL701: 46 figures compared on the Jiangsu pairs (18 检察院, 28 高级法院), 41 agree; ZL703: 51 on
    # the Putuo pair, all agree.
    assert counts == {"ZL701": [5, 41], "ZL703": [0, 51]}


def test_hostile_facts_files_are_refused_or_cleaned(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    _, later = pair
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status, _, err = _run("check", "--history", str(deep), str(later))
    assert status == 2 and "zhlint:" in err
    figure = {
        "key": "基本支出",
        "value": "1E+999999999",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 2,
    }
    figure["how"] = "prose"
    with pytest.raises(FactsError):  # would be a billion digits in a message
        facts_from_json({"version": SCHEMA, "reports": [{"path": "x", "current": [figure]}]})
    with pytest.raises(FactsError):
        facts_from_json({"version": SCHEMA, "reports": [{"path": "x", "kind": "其他"}]})
    (report,) = facts_from_json(
        {"version": SCHEMA, "reports": [{"path": "a\x1b[31m.txt", "unit": "x" * 10_000}]}
    )
    assert "\x1b" not in report.path and report.unit is not None and len(report.unit) <= 400


def test_a_failure_in_the_facts_costs_no_lint(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import zhlint.across

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    earlier, later = pair
    monkeypatch.setattr(zhlint.across, "facts_of_file", broken)
    status, out, err = _run("check", "--format", "json", "--verbose", "--jobs", "1", str(earlier), str(later))
    assert status in (0, 1) and not [d for d in json.loads(out) if d["code"].startswith("ZL7")]
    assert "读不出事实" in err


def test_unused_suppressions_count_the_cross_report_findings(tmp_path: Path) -> None:
    """ZL006 (--report-unused-suppressions): a comment that hides a ZL7xx finding is used; one
    naming only ZL7xx rules that hides none is unused when the reports were compared, and not
    judged by a lint of one report (which does not run the cross-report rules)."""
    earlier, later = tmp_path / "a2023.txt", tmp_path / "a2024.txt"
    earlier.write_text(EARLIER, encoding="utf-8")
    lines = LATER.splitlines()
    hiding = "<!-- zhlint-disable-next-line ZL701 -->"
    every = "<!-- zhlint-disable-next-line -->"
    idle = "<!-- zhlint-disable ZL702 -->"
    later.write_text("\n".join([*lines[:5], hiding, lines[5], "", idle, ""]), "utf-8")

    def unused(*paths: Path) -> list[tuple[int, str]]:
        _, out, _ = _run("check", "--format", "json", "--report-unused-suppressions", *map(str, paths))
        return [(d["line"], d["message"]) for d in json.loads(out) if d["code"] in ("ZL006", "ZL701")]

    # Compared: the ZL701 comment hides the finding (no ZL006, no ZL701); the ZL702 one hid nothing.
    (only,) = unused(earlier, later)
    assert only[0] == 9 and "ZL702" in only[1]
    # Alone: neither comment is judged.
    assert unused(later) == []
    # A comment for every rule that hides only the ZL701 finding is used too.
    later.write_text("\n".join([*lines[:5], every, lines[5], ""]), "utf-8")
    assert unused(earlier, later) == []
