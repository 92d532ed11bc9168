"""``-o`` and ``--write-baseline``: another owner's file, an unsearchable directory, one file for two
options; configuration and baseline files read as regular files only.

Each was a traceback, a lost report or a hang before (round 2 security review).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zhlint import baseline, writeback
from zhlint.baseline import BaselineError, load_baseline
from zhlint.cli import main
from zhlint.config import ConfigError, load_config
from zhlint.writeback import WriteRefused

REPORT = "2023年度 株洲市测试中心 部门决算\n\n一、部门概况\n本年支出合计526. 36万元。\n"
OTHER_OWNER = 65534


def _report(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT, encoding="utf-8")
    return path


def _only_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _owned_by_someone_else(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """``target`` looks owned by another user, and chown is not permitted (as for a non-root user)."""
    real_stat = os.stat
    resolved = target.resolve()

    def fake_stat(path: Any, *arguments: Any, **options: Any) -> os.stat_result:
        status = real_stat(path, *arguments, **options)
        if isinstance(path, (str, Path)) and Path(path) == resolved:
            fields = list(status)
            fields[stat.ST_UID] = OTHER_OWNER
            return os.stat_result(fields)
        return status

    def no_chown(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "fchown", no_chown)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_output_of_another_owner_is_written_with_its_mode_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    report = _report(tmp_path / "r.txt")
    output = tmp_path / "out.json"
    output.write_text("old", encoding="utf-8")
    output.chmod(0o640)
    _owned_by_someone_else(monkeypatch, output)
    main(["check", "--no-progress", "-j1", "--format", "json", option, str(output), str(report)])
    assert "Traceback" not in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


def _refusing(*_: object) -> None:
    raise WriteRefused("不写")


@pytest.mark.parametrize(
    ("option", "module", "name"),
    [("-o", writeback, "write_new_content"), ("--write-baseline", baseline, "write_new_content")],
)
def test_a_refused_write_is_one_line_and_exit_status_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: str,
    module: object,
    name: str,
) -> None:
    report = _report(tmp_path / "r.txt")
    monkeypatch.setattr(module, name, _refusing)
    assert main(["check", "--no-progress", "-j1", option, str(tmp_path / "out.json"), str(report)]) == 2
    assert "不写" in _only_line(capsys.readouterr().err)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_output_in_a_directory_that_cannot_be_searched_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    report = _report(tmp_path / "r.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat = os.stat

    def fake_stat(path: Any, *arguments: Any, **options: Any) -> os.stat_result:
        if isinstance(path, (str, Path)) and str(locked) in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *arguments, **options)

    monkeypatch.setattr(os, "stat", fake_stat)  # as root, chmod 000 would not keep root out
    status = main(["check", "--no-progress", "-j1", option, str(locked / "inner" / "b.json"), str(report)])
    assert status == 2
    _only_line(capsys.readouterr().err)


@pytest.mark.parametrize("option", ["--write-baseline", "--baseline"])
def test_one_file_for_o_and_a_baseline_option_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    report = _report(tmp_path / "r.txt")
    both = tmp_path / "both.json"
    main(["check", "--no-progress", "-j1", "--write-baseline", str(both), str(report)])
    recorded = both.read_bytes()
    capsys.readouterr()
    same = str(tmp_path / "." / "both.json")
    assert main(["check", "--no-progress", "-j1", option, str(both), "-o", same, str(report)]) == 2
    assert "同一个文件" in _only_line(capsys.readouterr().err)
    assert both.read_bytes() == recorded


def test_o_gets_the_report_next_to_a_written_baseline(tmp_path: Path) -> None:
    report = _report(tmp_path / "r.txt")
    output, recorded = tmp_path / "out.json", tmp_path / "baseline.json"
    main(
        [
            "check",
            "--no-progress",
            "-j1",
            "--format",
            "json",
            "-o",
            str(output),
            "--write-baseline",
            str(recorded),
            str(report),
        ]
    )
    findings = json.loads(recorded.read_text(encoding="utf-8"))["findings"]
    written = json.loads(output.read_text(encoding="utf-8"))
    assert findings and written
    assert {item["code"] for item in findings} <= {item["code"] for item in written}


def _read_in_thread(read: Callable[[], object], fifo: Path) -> BaseException | None:
    """Run ``read``; a read that blocks on the FIFO is released after 5 s and counted as a hang."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            read()
            outcome.append(None)
        except BaseException as error:  # handed to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():
        descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # releases the blocked open
        os.close(descriptor)
        worker.join(5)
        raise AssertionError("reading the FIFO hung")
    return outcome[0]


def test_a_configuration_swapped_for_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "zhlint.toml"
    os.mkfifo(fifo)  # as if swapped in after the is_file() check
    error = _read_in_thread(lambda: load_config(fifo), fifo)
    assert isinstance(error, ConfigError) and "无法读取配置文件" in str(error)


def test_a_baseline_swapped_for_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    error = _read_in_thread(lambda: load_baseline(fifo), fifo)
    assert isinstance(error, BaselineError) and "无法读取基线文件" in str(error)
