"""Issue 11, item 1: no code from a shared location through lark's pickle cache.

With ``cache=True`` lark ``pickle.load``s ``$TMPDIR/.lark_cache_<user>_<sha256>_<py>.tmp`` before
it checks anything, so whoever plants that file runs code as the next user of zhlint. The test
plants a booby-trapped pickle at every name lark would read for the claims grammar and builds the
parser in a fresh process whose temporary directory is ``tmp_path``.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import lark

from zhlint.claims.parse import clause_parser, grammar_path

# The options zhlint passed to Lark when it used the cache, as lark hashes them into the name
# (lark leaves the transformer out of the hash).
_HASHED_OPTIONS = {"parser": "lalr", "lexer": "contextual", "cache": True}

# Run in the child: build the parser and lint one sentence through the whole pipeline, with
# every pickle load reported, so that a cache under any other name is caught as well.
_CHILD = """
import pickle, sys
loads = []
real_load, real_loads = pickle.load, pickle.loads
def spy_load(*args, **kwargs):
    loads.append("load")
    return real_load(*args, **kwargs)
def spy_loads(*args, **kwargs):
    loads.append("loads")
    return real_loads(*args, **kwargs)
pickle.load, pickle.loads = spy_load, spy_loads
import zhlint
from zhlint.claims.parse import clause_parser
clause_parser()
zhlint.lint_text("本年支出合计100.00万元，比上年增加10.00万元，增长11.1%。\\n", path="r.txt")
print("pickle loads:", loads)
sys.exit(1 if loads else 0)
"""


class _Trap:
    """Unpickling this creates the marker file: proof that the planted pickle was run."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def _cache_names(temporary: Path) -> list[Path]:
    """Every path lark 1.x would read as the cache of the claims grammar, as lark.Lark names it."""
    options = "".join(key + str(value) for key, value in _HASHED_OPTIONS.items())
    grammar = grammar_path().read_text(encoding="utf-8")
    hashed = grammar + options + lark.__version__ + str(sys.version_info[:2])
    digest = hashlib.sha256(hashed.encode("utf-8")).hexdigest()
    major, minor = sys.version_info[:2]
    return [
        temporary / f".lark_{kind}_{user}_{digest}_{major}_{minor}.tmp"
        for kind in ("cache", "cache_grammar")
        for user in {getpass.getuser(), "unknown"}
    ]


def _plant(path: Path, marker: Path, digest_line: bytes) -> None:
    trap = pickle.dumps(_Trap(marker))
    path.write_bytes(digest_line + b"\n" + trap + trap)


def test_a_planted_lark_cache_is_never_loaded(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    marker = tmp_path / "ran-planted-code"
    planted = _cache_names(temporary)
    for path in planted:
        digest = path.name.split("_")[-3]
        _plant(path, marker, digest.encode("ascii"))
    before = {path: path.read_bytes() for path in planted}

    environment = {**os.environ, "TMPDIR": str(temporary), "TMP": str(temporary), "TEMP": str(temporary)}
    child = subprocess.run(
        [sys.executable, "-c", _CHILD],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert not marker.exists(), "the planted pickle was loaded: code from the shared temporary directory ran"
    assert child.returncode == 0, child.stdout + child.stderr
    assert {path: path.read_bytes() for path in planted} == before
    written = sorted(path.name for path in temporary.iterdir() if path not in before)
    assert written == [], f"a cache file was written to the temporary directory: {written}"


def test_the_clause_parser_is_built_without_a_cache() -> None:
    assert clause_parser().options.cache is False
