"""Dependencies are exactly what the code imports: every runtime dependency is imported by the
installed packages (or loaded by name by one of them, listed below with where), every package they
import is a dependency, and everything only tests, the sample generator or benchmarks import sits in
the dev extra. All pins are exact, and LICENSE is the license pyproject declares."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_CODE = ("extractor", "models", "api", "cli", "tooling")
DEV_CODE = ("tests", "samples", "bench")
OWN = {"extractor", "models", "api", "cli", "tooling", "tests", "samples", "bench"}
# Loaded by name, never imported: (file that names it, the text that does).
LOADED_BY_NAME = {
    "psycopg": ("api/config.py", "postgresql+psycopg"),  # SQLAlchemy's driver for PK_DATABASE_URL
    "uvloop": ("api/cli.py", '"loop": "uvloop"'),  # uvicorn's event loop
    "httptools": ("api/cli.py", '"http": "httptools"'),  # uvicorn's HTTP parser
    "jinja2": ("api/routes/web.py", "Jinja2Templates"),  # FastAPI's templates
    "python-json-logger": ("api/logs.py", "pythonjsonlogger.json.JsonFormatter"),  # logging dictConfig
}
# Run as programs or pytest plugins, not imported.
DEV_TOOLS = {"ruff": "make test runs `ruff check`", "pytest-xdist": "make test runs `pytest -n 2`"}


def distribution(requirement: str) -> str:
    return normalized(re.split(r"[\[=<>~! ;]", requirement, maxsplit=1)[0])


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions(folders: tuple[str, ...]) -> dict[str, set[str]]:
    """Distribution -> files importing it, over every import statement (inside functions too)."""
    names = packages_distributions()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules = []
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                for module in modules:
                    top = module.split(".")[0]
                    sibling = (path.parent / f"{top}.py").exists()  # a script's own helper module
                    if top in OWN or top in sys.stdlib_module_names or sibling:
                        continue
                    for dist in names.get(top, [top]):
                        found.setdefault(normalized(dist), set()).add(str(path.relative_to(ROOT)))
    return found


def runtime_dependencies() -> set[str]:
    return {distribution(r) for r in PYPROJECT["project"]["dependencies"]}


def dev_dependencies() -> set[str]:
    return {distribution(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}


def test_runtime_dependencies_are_what_the_packages_import():
    imported = imported_distributions(RUNTIME_CODE)
    # Distributions that come with a pinned one (starlette with fastapi) are imported through it.
    bundled = {"starlette"}
    missing = set(imported) - runtime_dependencies() - bundled
    assert missing == set(), {name: sorted(imported[name]) for name in missing}
    unused = runtime_dependencies() - set(imported) - set(LOADED_BY_NAME)
    assert unused == set(), f"pinned but never imported at run time: {sorted(unused)}"
    for name, (path, text) in LOADED_BY_NAME.items():
        assert name in runtime_dependencies()
        assert text in (ROOT / path).read_text(encoding="utf-8"), f"{name} is no longer loaded by {path}"


def test_test_only_dependencies_are_in_the_dev_extra():
    runtime_imports = set(imported_distributions(RUNTIME_CODE))
    dev_imports = imported_distributions(DEV_CODE)
    missing = set(dev_imports) - runtime_dependencies() - dev_dependencies() - {"starlette"}
    assert missing == set(), {name: sorted(dev_imports[name]) for name in missing}
    unused = dev_dependencies() - set(dev_imports) - set(DEV_TOOLS)
    assert unused == set(), f"dev pins nothing imports: {sorted(unused)}"
    assert runtime_dependencies() & dev_dependencies() == set()
    only_tests = (runtime_dependencies() - runtime_imports - set(LOADED_BY_NAME)) & set(dev_imports)
    assert only_tests == set(), f"runtime pins only tests use: {sorted(only_tests)}"


def test_every_pin_is_exact():
    project = PYPROJECT["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    assert [r for r in requirements if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.]*", r)] == []


def test_license_file_matches_pyproject():
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
