"""Batch runs: worker processes give the output of one process; progress line; counts per rule."""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import operator
import shutil
from pathlib import Path

import pytest

import zhlint
from zhlint.batch import (
    PROGRESS_MIN_FILES,
    Progress,
    chunk_size,
    count_by_rule,
    default_jobs,
    format_counts,
    run_all,
)
from zhlint.cli import main

CORPUS = Path(__file__).parent / "corpus"
COVER = "2023年度 株洲市测试中心 部门决算\n\n"
GOOD = COVER + "一、部门概况\n本单位主要职责是开展测试工作。\n"
BAD = COVER + "一、部门概况\n纳入2022年部门整体支出绩效目标。\n推进长株潭长株潭一体化发展。\n"


@pytest.fixture
def many_reports(tmp_path: Path) -> Path:
    """A directory of corpus reports and handwritten ones, in nested folders."""
    root = tmp_path / "reports"
    for copy in range(3):
        folder = root / f"batch{copy}"
        folder.mkdir(parents=True)
        for document in sorted(CORPUS.glob("*.txt")):
            shutil.copy(document, folder / document.name)
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        (folder / "bad.md").write_text(BAD, encoding="gb18030")
    return root


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_two_jobs_give_the_output_of_one(many_reports: Path, output_format: str) -> None:
    one = _run("check", "--jobs", "1", "--format", output_format, str(many_reports))
    two = _run("check", "--jobs", "2", "--format", output_format, str(many_reports))
    assert one == two
    assert one[0] == 1 and one[1]


def test_output_follows_the_sorted_file_order(many_reports: Path) -> None:
    _, out, _ = _run("check", "--jobs", "2", "--format", "json", str(many_reports))
    paths = [item["path"] for item in json.loads(out)]
    assert paths == sorted(paths, key=lambda p: (Path(p).parent.as_posix(), Path(p).name))


def test_jobs_and_fix_give_the_same_files(many_reports: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(many_reports, other)
    one = _run("check", "--fix", "--jobs", "1", "--format", "json", str(many_reports))
    two = _run("check", "--fix", "--jobs", "2", "--format", "json", str(other))
    assert one[0] == two[0]
    assert one[1].replace(str(many_reports), "") == two[1].replace(str(other), "")
    for path in sorted(many_reports.rglob("*.*")):
        assert path.read_bytes() == (other / path.relative_to(many_reports)).read_bytes()


def test_run_all_keeps_the_input_order() -> None:
    items = list(range(200))
    assert run_all(operator.neg, items, jobs=2) == [-item for item in items]
    assert run_all(operator.neg, items, jobs=1) == [-item for item in items]
    assert run_all(operator.neg, [], jobs=2) == []


def test_chunks_and_default_jobs() -> None:
    assert default_jobs() >= 1
    assert chunk_size(1, 4) == 1 and chunk_size(600, 2) == 9


def test_jobs_must_be_a_positive_number(many_reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("0", "-1", "many"):
        with pytest.raises(SystemExit) as exit_info:
            main(["check", "--jobs", value, str(many_reports)])
        assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# Progress --------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_for_many_files() -> None:
    assert Progress.for_stream(100, io.StringIO()) is None  # piped
    assert Progress.for_stream(PROGRESS_MIN_FILES - 1, _Terminal()) is None
    assert Progress.for_stream(100, _Terminal(), enabled=False) is None
    assert Progress.for_stream(100, _Terminal()) is not None


def test_progress_redraws_one_line_and_erases_it() -> None:
    stream = _Terminal()
    progress = Progress(50, stream)
    assert run_all(operator.neg, list(range(50)), jobs=1, progress=progress) == [-i for i in range(50)]
    written = stream.getvalue()
    assert "\n" not in written and written.count("\r") > 10
    assert "50/50" in written and written.endswith("\r")


def test_no_progress_when_stderr_is_piped(many_reports: Path) -> None:
    for index in range(PROGRESS_MIN_FILES):
        (many_reports / f"extra{index}.txt").write_text(GOOD, encoding="utf-8")
    _, _, err = _run("check", "--jobs", "2", str(many_reports))
    assert "\r" not in err and "检查中" not in err


# Summary and statistics ------------------------------------------------------------------------


def test_text_output_ends_with_a_summary_by_rule(many_reports: Path) -> None:
    _, out, _ = _run("check", "--select", "ZL401,ZL602,ZL603", str(many_reports))
    tail = out[out.index("按规则统计") :].splitlines()
    rows = [line.split() for line in tail[1:]]
    assert {row[1] for row in rows} == {"ZL401", "ZL602", "ZL603"}
    assert all(row[0].isdigit() for row in rows)
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_statistics_prints_counts_instead_of_diagnostics(many_reports: Path) -> None:
    status, out, _ = _run("check", "--statistics", "--select", "ZL401,ZL602", str(many_reports))
    assert status == 1
    lines = out.splitlines()
    assert [line.split()[1:3] for line in lines] == [
        ["ZL602", "duplicated-word"],
        ["ZL401", "wrong-report-year"],
    ]
    assert lines[0].endswith("[*]") and not lines[1].endswith("[*]")
    _, json_out, _ = _run(
        "check", "--statistics", "--select", "ZL401,ZL602", "--format", "json", str(many_reports)
    )
    counts = json.loads(json_out)
    assert [set(item) for item in counts] == [{"code", "name", "count", "fixable"}] * 2
    by_code = {item["code"]: item["count"] for item in counts}
    assert by_code == {line.split()[1]: int(line.split()[0]) for line in lines}


def test_statistics_count_what_check_reports(many_reports: Path) -> None:
    _, json_out, _ = _run("check", "--format", "json", str(many_reports))
    _, stats_out, _ = _run("check", "--format", "json", "--statistics", str(many_reports))
    reported = json.loads(json_out)
    assert sum(item["count"] for item in json.loads(stats_out)) == len(reported)


def test_statistics_only_for_text_and_json(many_reports: Path) -> None:
    assert _run("check", "--statistics", "--format", "sarif", str(many_reports))[0] == 2


def test_count_by_rule_and_format_counts() -> None:
    diagnostics = zhlint.lint_text(BAD + "截止2023年12月31日，共有车辆2辆。\n", path="t.txt")
    counts = count_by_rule(d for d in diagnostics if d.code in {"ZL401", "ZL602", "ZL603"})
    assert [(c.code, c.count, c.fixable) for c in counts] == [
        ("ZL401", 1, 0),
        ("ZL602", 1, 1),
        ("ZL603", 1, 1),
    ]
    assert format_counts(counts).splitlines()[1].split() == ["1", "ZL602", "duplicated-word", "[*]"]
    assert format_counts([]) == ""


def test_falls_back_to_one_process_when_workers_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:

    class Broken:
        def __init__(self, max_workers: int, initializer: object = None) -> None:
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Broken)  # batch imports it when used
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert run_all(operator.neg, [1, 2, 3], jobs=2) == [-1, -2, -3]
    assert "单进程" in err.getvalue()


def test_output_does_not_depend_on_string_hashing() -> None:
    """Separate runs (and workers started with spawn) have different hash seeds; the order of
    diagnostics at one place must not follow set order."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2", "3"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "zhlint.cli", "check", "-j", "1", "--format", "json", str(CORPUS)]
        result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


def test_progress_on_a_terminal_for_many_files(many_reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for index in range(PROGRESS_MIN_FILES):
        (many_reports / f"extra{index}.txt").write_text(GOOD, encoding="utf-8")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--jobs", "2", "--format", "json", str(many_reports)])
    files = len(list(many_reports.rglob("*.txt"))) + len(list(many_reports.rglob("*.md")))
    assert f"{files}/{files}" in terminal.getvalue() and "\r" in terminal.getvalue()
    json.loads(out.getvalue())  # standard output is untouched by the progress line
    terminal.truncate(0)
    with contextlib.redirect_stdout(io.StringIO()):
        main(["check", "--no-progress", str(many_reports)])
    assert "检查中" not in terminal.getvalue()


def test_ctrl_c_stops_the_workers_without_tracebacks(many_reports: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    for copy in range(30):  # a run of about ten seconds
        shutil.copytree(many_reports / "batch0", many_reports / f"more{copy}")
    command = [sys.executable, "-m", "zhlint.cli", "check", "--jobs", "2", str(many_reports)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    time.sleep(2)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, err = process.communicate(timeout=60)
    if process.returncode == 1:
        pytest.skip("the run finished before the interrupt")
    assert process.returncode == 130
    assert "Traceback" not in err and "已中断" in err
