"""Issue 11, item 8: what cannot be read for lack of permission is said, in one line, never skipped.

The tests run as root here, and root passes every permission bit: the refusals are simulated by
making ``os.open``, ``os.scandir``, ``os.stat`` or ``Path.is_file`` raise PermissionError for one
chosen path. Where ``setpriv`` and the user ``nobody`` exist, one test runs the real CLI without
privileges on a tree with a directory and a file of mode 000.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from zhlint import lint_file, lint_paths
from zhlint.cli import main
from zhlint.config import find_config_file

REPORT = "2023年度\n株洲市测试中心部门决算\n\n一、部门概况\n推进长株潭长株潭一体化发展。\n"  # one ZL602


def _denied(path: str | os.PathLike[str]) -> PermissionError:
    return PermissionError(13, "Permission denied", os.fspath(path))


def _deny(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, denied: Path) -> None:
    """Make ``owner.name`` raise PermissionError for ``denied`` (compared as absolute paths)."""
    real: Callable[..., Any] = getattr(owner, name)

    def guarded(target: Any, *arguments: Any, **options: Any) -> Any:
        if not isinstance(target, int) and Path(os.fspath(target)).absolute() == denied.absolute():
            raise _denied(target)
        return real(target, *arguments, **options)

    monkeypatch.setattr(owner, name, guarded)


def _run(*arguments: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(argument) for argument in arguments])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("a/r.txt", "locked/r.txt", "z/r.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    return tmp_path


def test_an_unreadable_file_is_one_zl001(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, os, "open", tree / "a" / "r.txt")
    (diagnostic,) = lint_file(tree / "a" / "r.txt")
    assert diagnostic.code == "ZL001" and "没有读取权限" in diagnostic.message


def test_an_unlistable_directory_met_while_walking_is_a_zl001_not_silence(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny(monkeypatch, os, "scandir", tree / "locked")
    by_path = {}
    for diagnostic in lint_paths([tree]):
        by_path.setdefault(Path(str(diagnostic.path)).relative_to(tree).as_posix(), []).append(diagnostic)
    assert sorted(by_path) == ["a/r.txt", "locked", "z/r.txt"]  # the other directories still checked
    (refused,) = by_path["locked"]
    assert refused.code == "ZL001" and "目录没有读取权限" in refused.message


def test_naming_an_unlistable_directory_gives_its_zl001(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, os, "scandir", tree / "locked")
    status, out, err = _run("check", "--format", "json", "-j", "1", tree / "locked")
    assert status == 2 and not err
    (diagnostic,) = json.loads(out)
    assert diagnostic["code"] == "ZL001" and "目录没有读取权限" in diagnostic["message"]


def test_a_path_that_cannot_be_looked_up_is_a_one_line_error(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny(monkeypatch, os, "stat", tree / "locked" / "r.txt")
    status, out, err = _run("check", tree / "locked" / "r.txt")
    assert status == 2 and not out
    assert err.count("\n") == 1 and "无法访问" in err and "Traceback" not in err


def test_the_config_search_skips_a_candidate_it_cannot_look_up(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "zhlint.toml").write_text('select = ["ZL6"]\n', encoding="utf-8")
    _deny(monkeypatch, Path, "is_file", tree / "locked" / "zhlint.toml")
    assert find_config_file(tree / "locked" / "r.txt") == (tree / "zhlint.toml").resolve()


def test_an_unreadable_zhlint_toml_is_a_one_line_error(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping it would run other rules than the ones it sets, without a word."""
    config = tree / "a" / "zhlint.toml"
    config.write_text('select = ["ZL6"]\n', encoding="utf-8")
    real_open = os.open

    def open_config(path: Any, *arguments: Any, **options: Any) -> Any:
        if isinstance(path, (str, Path)) and Path(path).resolve() == config.resolve():
            raise _denied(path)
        return real_open(path, *arguments, **options)

    monkeypatch.setattr(os, "open", open_config)
    status, out, err = _run("check", tree / "a" / "r.txt")
    assert status == 2 and not out
    assert err.count("\n") == 1 and "无法读取配置文件: 没有读取权限" in err


@contextlib.contextmanager
def _world_readable_directory() -> Iterator[Path]:
    """pytest's tmp_path lives under a 0700 directory that ``nobody`` cannot enter."""
    directory = Path(tempfile.mkdtemp(prefix="zhlint-permissions-"))
    try:
        directory.chmod(0o755)
        yield directory
    finally:
        for path in (directory, *directory.rglob("*")):
            with contextlib.suppress(OSError):
                path.chmod(0o755)
        shutil.rmtree(directory, ignore_errors=True)


def _as_nobody() -> list[str] | None:
    """The command prefix that drops to nobody, or None when this cannot be done here."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        return None
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    # From a directory outside the checkout, as the test runs it: there `import zhlint` must come
    # from the installed package (in tox, a venv nobody may not be able to read).
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import zhlint"],
        capture_output=True,
        timeout=60,
        check=False,
        cwd="/",
    )
    return prefix if probe.returncode == 0 else None


def test_the_cli_as_an_unprivileged_user() -> None:
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root, setpriv and a user nobody who can run this Python and import zhlint")
    with _world_readable_directory() as top:
        for name in ("ok/r.txt", "ok/secret.txt", "locked/r.txt"):
            (top / name).parent.mkdir(exist_ok=True, mode=0o755)
            (top / name).write_text(REPORT, encoding="utf-8")
        (top / "ok" / "secret.txt").chmod(0o000)
        (top / "locked").chmod(0o000)
        zhlint = [*prefix, sys.executable, "-m", "zhlint.cli"]

        def run(*arguments: str) -> subprocess.CompletedProcess[str]:
            command = [*zhlint, *arguments]
            return subprocess.run(command, cwd=top, capture_output=True, text=True, timeout=120, check=False)

        walked = run("check", "--format", "json", "-j", "1", ".")
        assert walked.returncode == 2 and not walked.stderr
        refused = {
            item["path"]: item["message"] for item in json.loads(walked.stdout) if item["code"] == "ZL001"
        }
        assert refused == {
            "locked": "无法读取: 目录没有读取权限，其中的文件都未检查",
            "ok/secret.txt": "无法读取: 没有读取权限",
        }
        for arguments in (("check", "locked/r.txt"), ("tables", "locked/r.txt"), ("check", "locked")):
            result = run(*arguments)
            assert result.returncode == 2 and "Traceback" not in result.stderr, arguments
        named = run("check", "locked/r.txt")
        assert named.stderr.count("\n") == 1 and "无法访问" in named.stderr
