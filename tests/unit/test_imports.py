"""The house's import rules, from the source's import statements (inside functions too; imports for
type checking only are left out, they run nowhere): no cycle between modules, and the extractor never
imports the service, so it can be used and tested without it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("extractor", "models", "api", "cli", "tooling")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(tree: ast.AST) -> list[str]:
    """Modules imported anywhere but under `if TYPE_CHECKING:`."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    return {name: {m for m in runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
                   if m in paths and m != name}
            for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return found


def test_no_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_the_extractor_and_the_records_never_import_the_service_or_the_tooling():
    graph = import_graph()
    leaks = {name: sorted(m for m in imports if m.split(".")[0] in ("api", "cli", "tooling"))
             for name, imports in graph.items() if name.split(".")[0] in ("extractor", "models")}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_rules_are_data_and_pure_functions():
    """`extractor/rules/` (lexicon, dates, NIP, normalisation, spelling) knows no page geometry, no
    table and no stage: it imports only itself, so every stage can use it."""
    graph = import_graph()
    rules = {name: sorted(m for m in imports if not m.startswith("extractor.rules"))
             for name, imports in graph.items() if name.startswith("extractor.rules")}
    assert {name: found for name, found in rules.items() if found} == {}


def test_each_stage_has_its_room():
    """Ingestion, parsing, tables and scoring are packages; at the top of `extractor` only the spine
    (pipeline, options, errors, the batch CLI) and the hand-off type between ingest and parsing
    (layout: lines of words) remain."""
    top = {path.stem for path in (ROOT / "extractor").glob("*.py")} - {"__init__"}
    assert top == {"pipeline", "options", "errors", "batch", "cli", "layout"}
    rooms = {path.name for path in (ROOT / "extractor").iterdir() if (path / "__init__.py").is_file()}
    assert rooms == {"ingest", "parse", "tables", "scoring", "rules"}


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_readme_says_where_each_contract_field_is_made():
    """Every `module:name` of README's field table exists, so the table cannot drift from the code."""
    import importlib
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| contract field | made in |"):]
    table = table[:table.index("\n\n")]
    places = re.findall(r"`((?:extractor|models)\.[\w.]+):(\w+)`", table)
    assert len(places) >= 20
    missing = [f"{module}:{name}" for module, name in places
               if not hasattr(importlib.import_module(module), name)]
    assert missing == []


def test_no_module_is_over_300_lines():
    """A module that long holds two things: it is split by what they are."""
    paths = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    long = {str(path.relative_to(ROOT)): count for path in paths
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
