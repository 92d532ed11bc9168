"""Instructions executed per lint of the corpus: a speed measure that, unlike a timing, does not
depend on what else the machine is doing.

``python -m benchmarks.instructions`` runs the three corpus reports under ``valgrind
--tool=callgrind`` (which must be installed), twice: once with no measured pass and once with
``--passes`` passes after the same warm-up, so that start-up, imports and the grammar cancel out.
It prints the instructions of one pass, warm (clauses already parsed, as in ``benchmarks.perf``'s
median) and as a first lint (the clause memo emptied before each report). Counts are only
comparable on one machine and Python build; use them to compare two commits.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence

from benchmarks.corpus import CORPUS, ROOT


def lint_passes(passes: int, first_lint: bool) -> None:
    """One warm-up lint of each report, then ``passes`` more (what callgrind counts)."""
    import zhlint
    from zhlint.claims import parse as claims_parse

    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    for text in texts:
        zhlint.lint_text(text)
    for _ in range(passes):
        for text in texts:
            if first_lint:
                claims_parse.clear_clause_cache()
            zhlint.lint_text(text)


def counted(passes: int, first_lint: bool) -> int:
    """Instructions callgrind counts for a child process that lints ``passes`` times."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "benchmarks.instructions",
        "--run",
        str(passes),
        *(["--first-lint"] if first_lint else []),
    ]
    # A fixed hash seed: set and dict orders, and so the work done, are the same in every run.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environment, check=True)
    found = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def per_pass(passes: int, first_lint: bool) -> int:
    return (counted(passes, first_lint) - counted(0, first_lint)) // passes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("--passes", type=int, default=2, help="measured passes over the corpus (default 2)")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # the child process under valgrind
    parser.add_argument("--first-lint", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run is not None:
        lint_passes(args.run, args.first_lint)
        return 0
    if shutil.which("valgrind") is None:
        sys.stderr.write("valgrind is not installed: it counts the instructions\n")
        return 2
    size = sum(path.stat().st_size for path in CORPUS.glob("*.txt")) / 1024
    warm = per_pass(args.passes, first_lint=False)
    first = per_pass(args.passes, first_lint=True)
    print(f"instructions per lint of the corpus ({size:.1f} KB), PYTHONHASHSEED=0:")
    print(f"  warm:       {warm / 1e6:.0f} million")
    print(f"  first lint: {first / 1e6:.0f} million")
    return 0


if __name__ == "__main__":
    sys.exit(main())
