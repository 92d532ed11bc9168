"""Issue 11, item 2: only regular files are read, and never more than the cap.

A size check alone passes devices and FIFOs (their ``st_size`` is 0): a ``*.txt`` link to
``/dev/zero`` filled the memory and a FIFO hung the run. The CLI runs in a child process with a
memory limit and a timeout, so that a regression fails quickly instead of taking the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from zhlint import engine, lint_file, lint_paths
from zhlint.read.source import UnreadableError, read_report_file

REPORT = "2023年度\n株洲市测试中心部门决算\n\n一、部门概况\n推进长株潭长株潭一体化发展。\n"  # one ZL602
SECONDS = 60  # a lint of this tree takes well under a second; a hang is what this catches
MEMORY_LIMIT = 1 << 30  # the whole run needs about 100 MiB; /dev/zero read to the cap would pass it

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _zhlint(*arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zhlint.cli", *map(str, arguments)]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "reports" / "z.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path / "reports"


def _unreadable(diagnostics: list[dict[str, object]]) -> list[dict[str, object]]:
    return [diagnostic for diagnostic in diagnostics if diagnostic["code"] == "ZL001"]


@needs_dev_zero
def test_a_report_link_to_dev_zero_is_one_diagnostic_and_the_run_goes_on(tree: Path) -> None:
    (tree / "m.txt").symlink_to("/dev/zero")
    result = _zhlint("check", "--format", "json", "-j", "1", tree, cwd=tree.parent)
    assert "Traceback" not in result.stderr
    diagnostics = json.loads(result.stdout)
    (refused,) = _unreadable(diagnostics)
    assert refused["path"].endswith("m.txt") and "不是普通文件" in refused["message"]
    assert {Path(str(item["path"])).name for item in diagnostics} >= {"a.txt", "m.txt", "z.txt"}
    assert result.returncode == 2


@needs_fifo
@pytest.mark.parametrize("format_name", ["text", "json"])
def test_a_fifo_named_like_a_report_does_not_hang_the_run(tree: Path, format_name: str) -> None:
    """The text format reads the file again for its excerpts: that read must refuse it too."""
    os.mkfifo(tree / "x.txt")
    result = _zhlint("check", "--format", format_name, "-j", "1", tree, cwd=tree.parent)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stdout.count("ZL001") == (1 if format_name == "json" else 2)  # text: line and summary
    assert "命名管道" in result.stdout


@needs_fifo
@pytest.mark.parametrize("command", [["check", "--fix"], ["check", "--diff"], ["tables"], ["claims"]])
def test_every_command_refuses_a_fifo_named_on_the_command_line(tmp_path: Path, command: list[str]) -> None:
    os.mkfifo(tmp_path / "x.txt")
    result = _zhlint(*command, "x.txt", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "命名管道" in result.stdout + result.stderr


def test_a_directory_given_as_a_file_is_refused_with_its_kind(tmp_path: Path) -> None:
    with pytest.raises(UnreadableError, match="不是普通文件（是目录）"):
        read_report_file(tmp_path, engine.MAX_FILE_BYTES)


@needs_dev_zero
def test_a_character_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(UnreadableError, match="不是普通文件（是字符设备）"):
        read_report_file(Path("/dev/zero"), engine.MAX_FILE_BYTES)


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert read_report_file(tmp_path / "link.txt", engine.MAX_FILE_BYTES) == REPORT.encode("utf-8")
    assert [d.code for d in lint_file(tmp_path / "link.txt")] == [
        d.code for d in lint_file(tmp_path / "real.txt")
    ]


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_report_file(path, 11) == b"x" * 11
    with pytest.raises(UnreadableError, match=r"过大.*11 字节"):
        read_report_file(path, 10)


def test_a_file_larger_than_its_size_says_is_refused_by_what_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after the size check (here: one whose fstat says 0 bytes) is not read on."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def claims_empty(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        return os.stat_result((status.st_mode, *status[1:6], 0, *status[7:]))

    monkeypatch.setattr(os, "fstat", claims_empty)
    with pytest.raises(UnreadableError, match="读取中已超过"):
        read_report_file(path, 1000)
    assert read_report_file(path, 5000) == b"x" * 5000


def test_the_cap_the_engine_uses_is_its_constant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text(REPORT, encoding="utf-8")
    (diagnostic,) = lint_paths([path])
    assert diagnostic.code == "ZL001" and "过大" in diagnostic.message
