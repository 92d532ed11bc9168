"""Shared helpers for tests: small handwritten reports with a cover."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import zhlint
from zhlint.diagnostics import Diagnostic

COVER = "2023年度\n株洲市测试中心部门决算\n\n"


def make_report(body: str, cover: str = COVER) -> str:
    return cover + body


def lint_codes(text: str, prefix: str = "ZL") -> list[tuple[int, str]]:
    """(line, code) of every diagnostic whose code starts with ``prefix``."""
    return [(d.line, d.code) for d in zhlint.lint_text(text, path="t.txt") if d.code.startswith(prefix)]


@pytest.fixture
def lint() -> Callable[..., list[Diagnostic]]:
    def run(body: str, select: str = "ZL", cover: str = COVER) -> list[Diagnostic]:
        return [
            d for d in zhlint.lint_text(make_report(body, cover), path="t.txt") if d.code.startswith(select)
        ]

    return run
