"""The pre-commit hook (.pre-commit-hooks.yaml) run by the real pre-commit framework.

pre-commit clones a hook repository at a commit, so the current working tree of this checkout
(tracked files and untracked ones not ignored, i.e. what is being tested) is copied into a
temporary directory and committed there. A temporary user repository then uses it as ``repo:``,
``pre-commit install`` puts the git hook in place and ``git commit`` either is refused (a report
with findings) or goes through (a clean report).

pre-commit builds the hook's virtualenv and pip-installs zhlint into it once per module (it
needs PyPI or a configured index for the build backend and dependencies); everything lives under
a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install 'zhlint-fiscal[test]')")
if shutil.which("git") is None:  # pragma: no cover - pre-commit cannot work without git either
    pytest.skip("git is not installed", allow_module_level=True)

import zhlint

ROOT = Path(__file__).resolve().parents[1]
SKIP_PARTS = {
    ".git",
    ".tox",
    ".venv",
    ".v",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
}

BAD_REPORT = (
    "2023年度\n株洲市测试中心\n部门决算\n\n一、部门职责\n"
    "𠀀本单位将重点工作纳入2022年部门整体支出绩效目标。\n"
    "推进长株潭长株潭一体化。\n"
)
GOOD_REPORT = (
    "2023年度\n株洲市测试中心\n部门决算\n\n一、部门职责\n"
    "株洲市测试中心负责全市产品质量检验检测工作。\n"
    "二、部门决算单位构成\n"
    "本部门决算由本级决算组成。2023年度部门整体支出绩效目标已完成。\n"
)


def _project_files(root: Path) -> list[Path]:
    """Files of the working tree as git sees them (tracked or untracked-not-ignored), else all."""
    if (root / ".git").exists():
        listing = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8", "surrogateescape")
        names = [Path(name) for name in listing.split("\0") if name]
    else:
        names = [path.relative_to(root) for path in root.rglob("*")]
    return sorted(
        name
        for name in set(names)
        if (root / name).is_file()
        and not any(part in SKIP_PARTS or part.endswith(".egg-info") for part in name.parts)
    )


def _git_env(home: Path) -> dict[str, str]:
    """An environment isolated from the user's git configuration and from any outer git hook."""
    gitconfig = home / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = zhlint test\n\temail = zhlint-test@example.invalid\n"
        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))  # e.g. GIT_INDEX_FILE when run from a hook
    }
    env.update(
        PRE_COMMIT_HOME=str(home / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def _pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """A committed snapshot of this checkout, its commit, and the isolated environment."""
    home = tmp_path_factory.mktemp("precommit")
    env = _git_env(home)
    snapshot = home / "zhlint-snapshot"
    for name in _project_files(ROOT):
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _ok(_run(["git", "init", "-q"], snapshot, env))
    _ok(_run(["git", "add", "-A"], snapshot, env))
    _ok(_run(["git", "commit", "-q", "--no-verify", "-m", "snapshot of the working tree"], snapshot, env))
    sha = _ok(_run(["git", "rev-parse", "HEAD"], snapshot, env)).strip()

    # Build the hook environment once (virtualenv + pip install of the snapshot) for every test.
    warm = _user_repo(home / "warm-up", snapshot, sha, env)
    _ok(_run(_pre_commit("install-hooks"), warm, env, timeout=900))
    return snapshot, sha, env


def _user_repo(path: Path, snapshot: Path, sha: str, env: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: zhlint\n",
        encoding="utf-8",
    )
    _ok(_run(["git", "init", "-q"], path, env))
    _ok(_run(["git", "add", ".pre-commit-config.yaml"], path, env))
    _ok(_run(["git", "commit", "-q", "-m", "use zhlint"], path, env))
    _ok(_run(_pre_commit("install"), path, env))
    return path


@pytest.fixture
def user_repo(hook_env: tuple[Path, str, dict[str, str]], tmp_path: Path) -> Iterator[Path]:
    snapshot, sha, env = hook_env
    yield _user_repo(tmp_path / "reports", snapshot, sha, env)


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_ok(_run(["git", "rev-list", "--count", "HEAD"], repo, env)).strip())


def test_the_reports_are_what_the_tests_say() -> None:
    """Guard against rule changes: the bad report has a finding, the good one none that blocks."""
    bad = zhlint.lint_text(BAD_REPORT, path="bad.txt")
    assert {"ZL401", "ZL602"} <= {d.code for d in bad}
    blocking = [d for d in zhlint.lint_text(GOOD_REPORT, path="good.txt") if d.severity != "info"]
    assert not blocking, [f"{d.code}: {d.message}" for d in blocking]


def test_commit_with_findings_is_refused(user_repo: Path, hook_env: tuple[Path, str, dict[str, str]]) -> None:
    env = hook_env[2]
    (user_repo / "bad.txt").write_text(BAD_REPORT, encoding="utf-8")
    _ok(_run(["git", "add", "bad.txt"], user_repo, env))
    result = _run(["git", "commit", "-m", "add a report with a wrong year"], user_repo, env, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "zhlint" in output and "Failed" in output
    assert "bad.txt:6:12: ZL401" in output
    assert "ZL602" in output
    assert _commits(user_repo, env) == 1


def test_clean_commit_is_accepted(user_repo: Path, hook_env: tuple[Path, str, dict[str, str]]) -> None:
    env = hook_env[2]
    (user_repo / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (user_repo / "docs").mkdir()
    (user_repo / "docs" / "good.md").write_text(GOOD_REPORT, encoding="utf-8")
    (user_repo / "notes.csv").write_text("长株潭长株潭,2022\n", encoding="utf-8")  # not a report: skipped
    _ok(_run(["git", "add", "good.txt", "docs/good.md", "notes.csv"], user_repo, env))
    output = _ok(_run(["git", "commit", "-m", "add a clean report"], user_repo, env, timeout=300))
    assert "zhlint" in output and "Passed" in output
    assert _commits(user_repo, env) == 2


def test_a_many_file_commit_prints_one_summary(
    user_repo: Path, hook_env: tuple[Path, str, dict[str, str]]
) -> None:
    """pre-commit splits the files of a hook that is not serial into one batch per CPU (at least
    4 files each), and every batch printed its own '检查了 …' line; the hook is serial, so one run
    checks them all and prints one summary (zhlint parallelises itself, `--jobs`)."""
    env = hook_env[2]
    names = [f"bad{number}.txt" for number in range(10)]
    for name in names:
        (user_repo / name).write_text(BAD_REPORT, encoding="utf-8")
    _ok(_run(["git", "add", *names], user_repo, env))
    result = _run(["git", "commit", "-m", "ten reports"], user_repo, env, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert output.count("检查了 10 个文件") == 1, output
    assert output.count("检查了") == 1, output
