"""The collector's threshold is raised only while a lint runs, and always put back."""

from __future__ import annotations

import gc
import threading

import pytest

import zhlint
from zhlint.gcpause import LINT_THRESHOLD, fewer_collections


def test_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], LINT_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_restored_after_an_exception() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failing lint")
    assert gc.get_threshold() == before


def test_overlapping_lints_in_threads_put_back_the_first_threshold() -> None:
    before = gc.get_threshold()
    inside, release = threading.Event(), threading.Event()

    def lint_in_thread() -> None:
        with fewer_collections():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=lint_in_thread)
    with fewer_collections():
        worker.start()
        assert inside.wait(5)
    assert gc.get_threshold()[0] == max(before[0], LINT_THRESHOLD)  # the thread still lints
    release.set()
    worker.join(5)
    assert gc.get_threshold() == before


def test_a_lint_leaves_the_threshold_as_it_found_it() -> None:
    before = gc.get_threshold()
    zhlint.lint_text("2023年度株洲市测试中心部门决算\n\n一、收入支出决算总体情况\n\n本年收入合计1万元。\n")
    assert gc.get_threshold() == before
