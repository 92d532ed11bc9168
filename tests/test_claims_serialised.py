"""The clause parser loaded from zhlint/claims/parser_data.py (issue 12): fresh, and the same parser.

The module is lark's serialised form of grammars/claims.lark, written by ``python -m
zhlint.claims.serialise``. These tests fail when the grammar changed and the module was not
written again, and check that the loaded parser reads clauses as the one built from the grammar.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lark
import pytest
from lark.exceptions import LarkError

from zhlint.claims import parse as claims_parse
from zhlint.claims import parser_data
from zhlint.claims.parse import PARSER_OPTIONS
from zhlint.claims.serialise import DATA_MODULE, render

CORPUS = Path(__file__).parent / "corpus"
REGENERATE = "zhlint/claims/parser_data.py is stale: run python -m zhlint.claims.serialise"


def test_the_serialised_parser_was_made_from_the_grammar() -> None:
    grammar = claims_parse.grammar_path().read_text(encoding="utf-8")
    assert grammar == parser_data.GRAMMAR, REGENERATE


def test_the_serialised_parser_is_what_the_generator_writes() -> None:
    if lark.__version__ != parser_data.LARK_VERSION:
        pytest.skip(
            f"made with lark {parser_data.LARK_VERSION}, lark {lark.__version__} is installed: the parser "
            "is built from the grammar (slower start-up) until python -m zhlint.claims.serialise is run"
        )
    grammar = claims_parse.grammar_path().read_text(encoding="utf-8")
    assert DATA_MODULE.read_text(encoding="utf-8") == render(grammar), REGENERATE


def test_the_clause_parser_is_loaded_from_the_serialised_form() -> None:
    if lark.__version__ != parser_data.LARK_VERSION:
        pytest.skip(f"made with lark {parser_data.LARK_VERSION}, lark {lark.__version__} is installed")
    assert claims_parse.clause_parser().source_path == "<deserialized>"


def test_a_changed_grammar_is_built_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changed = tmp_path / "claims.lark"
    grammar = claims_parse.grammar_path().read_text(encoding="utf-8")
    changed.write_text(grammar + "\n// changed\n", encoding="utf-8")
    monkeypatch.setattr(claims_parse, "grammar_path", lambda: changed)
    claims_parse.clause_parser.cache_clear()
    try:
        assert claims_parse.clause_parser().source_path != "<deserialized>"
    finally:
        claims_parse.clause_parser.cache_clear()


def _corpus_clauses() -> Iterator[str]:
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for clause in claims_parse._CLAUSE_BREAK.split(line):
                if claims_parse._WORTH_PARSING.search(clause):
                    yield clause.strip()


def _reading(parser: lark.Lark, clause: str) -> object:
    try:
        return parser.parse(clause)
    except LarkError as error:
        return type(error).__name__


def test_the_loaded_parser_reads_the_corpus_as_the_built_one() -> None:
    grammar = claims_parse.grammar_path().read_text(encoding="utf-8")
    built = lark.Lark(grammar, **PARSER_OPTIONS, transformer=claims_parse._ToAtom())
    loaded = lark.Lark._load_from_dict(  # type: ignore[no-untyped-call]
        parser_data.DATA, parser_data.MEMO, transformer=claims_parse._ToAtom()
    )
    clauses = sorted(set(_corpus_clauses()))
    assert len(clauses) > 300
    differ = [clause for clause in clauses if _reading(built, clause) != _reading(loaded, clause)]
    assert differ == []
