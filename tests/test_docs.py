"""The rule documentation is generated from the metadata and must be up to date."""

from __future__ import annotations

import re
from pathlib import Path

from zhlint.cli import explain_text
from zhlint.rules import registered_rules
from zhlint.rulesdoc import readme_with_table, rules_reference

ROOT = Path(__file__).resolve().parent.parent


def test_docs_rules_md_is_generated_from_the_metadata() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_reference(), (
        "run: python -m zhlint.rulesdoc"
    )


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, "run: python -m zhlint.rulesdoc"


def test_every_rule_has_complete_metadata() -> None:
    for registered in registered_rules():
        meta = registered.meta
        assert re.fullmatch(r"ZL[0-7]\d\d", meta.code), meta.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.name), meta.name
        assert meta.summary and meta.explanation and meta.bad and meta.good, meta.code
        text = explain_text(meta.code)
        assert text is not None and meta.bad in text and meta.good in text


def test_rule_names_are_unique() -> None:
    names = [registered.meta.name for registered in registered_rules()]
    assert len(names) == len(set(names))


# Rules whose examples describe a layout (a 目录 and a body, a cover and a header) rather than
# being a sentence that can be linted on its own.
DESCRIPTIVE_EXAMPLES = {"ZL106", "ZL610", "ZL620", "ZL621", "ZL622"}


def test_each_rules_bad_example_is_reported_and_its_good_example_is_not() -> None:
    from tests.conftest import make_report
    from zhlint import lint_text

    for registered in registered_rules():
        meta = registered.meta
        # ZL7xx examples describe two reports; their cases are in tests/rules/across_cases/.
        if meta.code.startswith(("ZL0", "ZL7")) or meta.code in DESCRIPTIVE_EXAMPLES:
            continue
        bad = {d.code for d in lint_text(make_report(meta.bad + "\n"))}
        good = {d.code for d in lint_text(make_report(meta.good + "\n"))}
        assert meta.code in bad, f"{meta.code}: its bad example is not reported"
        assert meta.code not in good, f"{meta.code}: its good example is reported"
