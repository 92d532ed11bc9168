"""``--fix`` may never lose the user's text (issue 11, items 4, 6, 11 and 13).

A change made while zhlint runs is kept (the write is refused), two parallel runs cannot both
succeed, owner, group and mode are kept, read-only files are refused, line breaks are never
joined, and a signal during the write leaves no temporary file (kill -9: the next run removes it).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from zhlint import writeback
from zhlint.cli import main
from zhlint.config import Config
from zhlint.fix import fix_file

COVER = "2023年度 株洲市测试中心 部门决算\n\n"
SPLIT_NUMBER = "本年支出合计526. 36万元。\n"  # ZL503 joins it: 526.36
WRONG_WORD = "截止2023年12月31日，本单位共有车辆2辆。\n"  # ZL603: 截止 -> 截至
REPORT = COVER + "一、部门概况\n" + SPLIT_NUMBER + WRONG_WORD
ZL503, ZL603 = Config(select=("ZL503",)), Config(select=("ZL503", "ZL603"))
TEMPORARY = "*.zhlint-tmp"
TIMEOUT = 60  # seconds, for every subprocess


def _report(tmp_path: Path, text: str = REPORT, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- item 4: a change made during the run is never overwritten ------------------------------


def test_a_paragraph_appended_during_the_fix_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path)
    appended = "二、补充说明\n本年追加预算12.34万元。\n"

    def user_appends(target: Path, temporary: Path) -> None:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(appended)

    monkeypatch.setattr(writeback, "before_replace", user_appends)
    result = fix_file(path, ZL603)
    assert path.read_text(encoding="utf-8") == REPORT + appended
    assert not result.written and result.applied == 0
    assert result.error is not None and "修改" in result.error
    assert list(tmp_path.glob(TEMPORARY)) == []


def test_a_skipped_fix_is_reported_and_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path)
    monkeypatch.setattr(writeback, "before_replace", lambda target, _: target.write_text("换掉了\n"))
    assert main(["check", "--fix", "--jobs", "1", "--select", "ZL503,ZL603", str(path)]) == 2
    captured = capsys.readouterr()
    assert "未写回" in captured.err and "已自动修复 0 处，改写了 0 个文件" in captured.out
    assert path.read_text(encoding="utf-8") == "换掉了\n"


def test_a_change_of_the_mtime_alone_is_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path)
    monkeypatch.setattr(writeback, "before_replace", lambda target, _: os.utime(target, ns=(1, 1)))
    assert not fix_file(path, ZL603).written
    assert path.read_text(encoding="utf-8") == REPORT


_PARALLEL_FIX = textwrap.dedent(
    """
    import sys, time
    from zhlint import writeback
    from zhlint.cli import main
    # Both runs have read the file before either renames: without the check one loses its fixes.
    writeback.before_replace = lambda target, temporary: time.sleep(0.5)
    sys.exit(main(["check", "--fix", "--jobs", "1", "--no-progress", "--select", sys.argv[1], sys.argv[2]]))
    """
)


@pytest.mark.parametrize("attempt", range(3))
def test_two_parallel_fixes_never_both_succeed_while_losing_fixes(tmp_path: Path, attempt: int) -> None:
    lines = [SPLIT_NUMBER, WRONG_WORD] * 40
    path = _report(tmp_path, COVER + "一、部门概况\n" + "".join(lines))
    runs = {
        code: subprocess.Popen(
            [sys.executable, "-c", _PARALLEL_FIX, code, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in ("ZL503", "ZL603")
    }
    outcome = {code: (run.communicate(timeout=TIMEOUT), run.returncode) for code, run in runs.items()}
    final = path.read_text(encoding="utf-8")
    succeeded = {code for code, ((out, _), _) in outcome.items() if "改写了 1 个文件" in out}
    assert succeeded, outcome
    if "ZL503" in succeeded:
        assert "526. 36" not in final and final.count("526.36") == 40
    if "ZL603" in succeeded:
        assert "截止" not in final and final.count("截至") == 40
    for code, ((_, err), status) in outcome.items():
        assert (code in succeeded) == (status == 0), (code, status, err)
        if code not in succeeded:
            assert "未写回" in err
    assert list(tmp_path.glob(TEMPORARY)) == []


# --- item 6: owner, group and mode kept; read-only files refused ------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_fixing_as_root_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    import grp
    import pwd

    path = _report(tmp_path)
    nobody = pwd.getpwnam("nobody").pw_uid
    nogroup = grp.getgrnam("nogroup").gr_gid if _group_exists("nogroup") else pwd.getpwnam("nobody").pw_gid
    os.chown(path, nobody, nogroup)
    path.chmod(0o640)
    assert fix_file(path, ZL603).written
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (nobody, nogroup, 0o640)
    assert "526.36" in path.read_text(encoding="utf-8")


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def test_an_owner_that_cannot_be_kept_is_not_given_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _report(tmp_path)
    owner = path.stat().st_uid

    def not_permitted(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    real_fstat = os.fstat

    def other_owner(descriptor: int) -> os.stat_result:
        """The temporary file looks as if someone else made it: its owner would differ."""
        fields = list(real_fstat(descriptor))
        fields[stat.ST_UID] = owner + 1
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fchown", not_permitted)
    monkeypatch.setattr(os, "fstat", other_owner)
    result = fix_file(path, ZL603)
    assert not result.written and result.error is not None and "属主" in result.error
    assert path.read_text(encoding="utf-8") == REPORT
    assert list(tmp_path.glob(TEMPORARY)) == []


def test_a_read_only_file_is_left_untouched_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _report(tmp_path)
    path.chmod(0o444)
    before = path.stat()
    assert main(["check", "--fix", "--jobs", "1", "--select", "ZL503,ZL603", str(path)]) == 2
    assert "只读" in capsys.readouterr().err
    after = path.stat()
    assert path.read_text(encoding="utf-8") == REPORT
    assert (after.st_ino, after.st_mtime_ns, stat.S_IMODE(after.st_mode)) == (
        before.st_ino,
        before.st_mtime_ns,
        0o444,
    )


# --- item 11: a fix never changes the line breaks ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # CR only: the deletion leaves an empty line (as many breaks as before), so it is applied.
        ("长株潭\r长株潭\r下一行\r", "cr-only"),
        # CR then LF: deleting the line between them would make one CRLF of two breaks.
        ("长株潭\r长株潭\n下一行\r\n", "mixed"),
    ],
)
def test_a_fix_never_joins_a_cr_and_an_lf(tmp_path: Path, text: str, name: str) -> None:
    path = _report(tmp_path, COVER.replace("\n", "\r") + text, f"{name}.txt")
    before = path.read_bytes()
    fix_file(path, Config(select=("ZL602",)))
    after = path.read_bytes()
    assert _breaks(after) == _breaks(before)
    assert len(after.decode("utf-8").splitlines()) == len(before.decode("utf-8").splitlines())
    # The duplicate goes where that keeps every break (CR only), and stays where it would not.
    assert after.decode("utf-8").count("长株潭") == (1 if name == "cr-only" else 2)


def _breaks(data: bytes) -> list[bytes]:
    import re

    return re.findall(rb"\r\n|\r|\n", data)


def test_two_touching_deletions_cannot_together_join_a_cr_and_an_lf() -> None:
    from zhlint.diagnostics import Diagnostic, Fix, Severity
    from zhlint.fix import apply_fixes

    text = "甲\r乙丙\n丁"

    def deletion(start: int, end: int) -> Diagnostic:
        fix = Fix("", 1, start + 1, 1, end + 1, start, end)
        return Diagnostic("ZL602", "duplicated-word", Severity.WARNING, "m", 1, 1, 1, 1, "t.txt", fix=fix)

    fixed, applied = apply_fixes(text, [deletion(2, 3), deletion(3, 4)])
    assert (fixed.count("\r"), fixed.count("\n"), fixed.count("\r\n")) == (1, 1, 0)
    assert applied == 1


def test_an_insertion_between_cr_and_lf_is_refused() -> None:
    from zhlint.diagnostics import Fix
    from zhlint.fix import is_safe_fix

    assert not is_safe_fix("甲\r\n乙", Fix("丙", 1, 2, 1, 2, 2, 2))
    assert is_safe_fix("甲\r丙\n乙", Fix("丁", 1, 3, 1, 4, 2, 3))


# --- item 13: no temporary file left by a signal; a kill -9 leftover is reclaimed ---------------

_PAUSED_FIX = textwrap.dedent(
    """
    import pathlib, sys, time
    from zhlint import writeback
    from zhlint.cli import main

    def pause(target, temporary):
        pathlib.Path(sys.argv[2]).write_text(str(temporary))  # tell the test: inside the write
        time.sleep(30)

    writeback.before_replace = pause
    sys.exit(main(["check", "--fix", "--jobs", "1", "--no-progress", sys.argv[1]]))
    """
)


def _start_paused_fix(path: Path, ready: Path) -> subprocess.Popen[bytes]:
    run = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_FIX, str(path), str(ready)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + TIMEOUT
    while not ready.exists():
        assert run.poll() is None, "the fix ended before it reached the write"
        assert time.monotonic() < deadline, "the fix never reached the write"
        time.sleep(0.02)
    assert Path(ready.read_text()).exists()  # the temporary file is there, mid-write
    return run


def _large_report(tmp_path: Path) -> Path:
    return _report(tmp_path, COVER + "一、部门概况\n" + (SPLIT_NUMBER + WRONG_WORD) * 2000)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda n: n.name)
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path: Path, number: signal.Signals) -> None:
    path = _large_report(tmp_path)
    before = path.read_bytes()
    run = _start_paused_fix(path, tmp_path / "ready")
    run.send_signal(number)
    status = run.wait(timeout=TIMEOUT)
    assert list(tmp_path.glob(TEMPORARY)) == []
    assert path.read_bytes() == before
    assert status in (-number, 128 + number, 130)  # by the signal, or Ctrl-C's status


def test_the_next_fix_removes_what_kill_9_left(tmp_path: Path) -> None:
    path = _large_report(tmp_path)
    run = _start_paused_fix(path, tmp_path / "ready")
    run.kill()
    assert run.wait(timeout=TIMEOUT) == -signal.SIGKILL
    (left,) = tmp_path.glob(TEMPORARY)
    assert f".{run.pid}-" in left.name  # the name says whose it is
    subprocess.run(
        [sys.executable, "-m", "zhlint.cli", "check", "--fix", "--jobs", "1", str(path)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert list(tmp_path.glob(TEMPORARY)) == []
    assert "526.36" in path.read_text(encoding="utf-8")


def test_a_live_process_keeps_its_temporary_file(tmp_path: Path) -> None:
    alive = tmp_path / f".report.txt.{os.getppid()}-0123abcd.zhlint-tmp"
    dead = tmp_path / ".report.txt.999999999-0123abcd.zhlint-tmp"
    alien = tmp_path / ".report.txt.999999999.zhlint-tmp.bak"
    for path in (alive, dead, alien):
        path.write_text("x")
    assert writeback.remove_stale_temporaries(tmp_path) == [dead]
    assert sorted(tmp_path.iterdir()) == sorted([alive, alien])
