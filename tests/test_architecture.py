"""The package holds its pipeline: imports go one way, from a stage to the stages below it.

Every import is counted, lazy ones (inside functions) and ``TYPE_CHECKING`` ones included: a
lazy import that climbs back up is still a circle, only one that Python happens to survive.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "zhlint"

# Lowest first. A module may import modules of its own layer or of a lower one, never a higher one.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("zhlint.diagnostics", "zhlint.gcpause", "zhlint.version", "zhlint.writeback"),
    ("zhlint.read",),
    ("zhlint.document",),
    ("zhlint.tables",),
    ("zhlint.claims",),
    ("zhlint.analysis",),
    ("zhlint.facts",),  # a report's identity and key figures, for the cross-report rules (ZL7xx)
    ("zhlint.rules",),
    ("zhlint.config",),  # validates rule codes against the registry
    ("zhlint.engine", "zhlint.suppress", "zhlint.across"),
    ("zhlint.report",),
    ("zhlint.fix", "zhlint.baseline", "zhlint.show", "zhlint.rulesdoc"),
    ("zhlint.batch",),
    ("zhlint",),  # the library API: lint_text, lint_paths … (imports the engine on first use)
    ("zhlint.lsp",),
    ("zhlint.cli", "zhlint.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The zhlint modules that a module imports (``from a.b import c`` counts a.b.c if it is a module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "zhlint")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            if base.split(".")[0] != "zhlint":
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                yield child if child in known else base


def import_graph() -> dict[str, set[str]]:
    known = package_modules()
    return {name: set(imported_modules(path, known)) - {name} for name, path in known.items()}


def layer_of(module: str) -> int:
    """The layer of a module: the one whose longest prefix names it."""
    best, best_length = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)) is not None:
            return cycle
    return None


def test_every_module_has_a_layer() -> None:
    assert [module for module in package_modules() if layer_of(module) < 0] == []


def test_no_module_imports_from_a_stage_above_it() -> None:
    upward = sorted(
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for module, targets in import_graph().items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )
    assert upward == []


def test_no_import_circles() -> None:
    assert find_cycle(import_graph()) is None


def test_the_checks_see_a_circle_and_an_upward_import() -> None:
    """The two checks above can fail: a made-up graph with a circle and an upward edge trips them."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert layer_of("zhlint.tables.recognise") > layer_of("zhlint.document.segment")
    assert layer_of("zhlint.rules.base") > layer_of("zhlint.analysis.context")


def test_the_graph_reads_lazy_and_relative_imports(tmp_path: Path) -> None:
    graph = import_graph()
    assert "zhlint.read.source" in graph["zhlint.engine"]
    assert "zhlint.engine" in graph["zhlint"]  # lint_text imports it inside the function
