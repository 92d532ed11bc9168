"""The distribution name and the install lines: `zhlint` on the package index is another project.

Every install line of the documentation and of zhlint's own messages must name this project's
distribution, `zhlint-fiscal` (the import name and the command stay `zhlint`), and the pre-commit
`rev:` the documentation shows must be a revision that exists in this repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTION = "zhlint-fiscal"
# Where users read install lines: the documentation, the hook definition and the code's messages.
SOURCES = [
    ROOT / "README.md",
    ROOT / "SECURITY.md",
    ROOT / ".pre-commit-hooks.yaml",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "zhlint").rglob("*.py")),
]
# `pip install zhlint`, `pip install 'zhlint[lsp]'`, `zhlint[test]` in a dependency list …
FOREIGN_NAME = re.compile(r"""pip install (?:-\S+ +)*['"]?zhlint(?![\w-])|(?<![\w-])zhlint\[""")
REV = re.compile(r"^\s*rev:\s*(\S+)", re.MULTILINE)


def test_the_distribution_has_a_name_of_its_own() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"zhlint": "zhlint.cli:main"}  # the command keeps its name
    assert all(not re.match(r"zhlint\[", item) for item in project["optional-dependencies"]["dev"])


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_install_line_names_the_other_project(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not [match.group(0) for match in FOREIGN_NAME.finditer(text)]


def test_the_lsp_hint_installs_this_project() -> None:
    cli = (ROOT / "zhlint" / "cli.py").read_text(encoding="utf-8")
    assert f"pip install '{DISTRIBUTION}[lsp]'" in cli
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"'{DISTRIBUTION}[lsp] @ git+" in readme


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("name", ["README.md", "docs/pre-commit.md"])
def test_the_documented_precommit_rev_exists(name: str) -> None:
    revisions = REV.findall((ROOT / name).read_text(encoding="utf-8"))
    assert revisions
    for revision in revisions:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{revision}^{{commit}}"],
            capture_output=True,
            timeout=30,
        )
        assert found.returncode == 0, (
            f"{name}: rev {revision} is neither a commit nor a tag of this repository"
        )
