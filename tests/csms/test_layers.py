"""The core's layering: no import circle, message names only in their adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import ocpp

PACKAGE = Path(__file__).parents[2] / "custom_components" / "ocpp_central"
CORE = PACKAGE / "csms"
ADAPTER_FOLDERS = ("v16", "v201")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    """Every module imported (including under TYPE_CHECKING), absolute."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_has_no_import_circle() -> None:
    modules = {_module(p): p for p in CORE.rglob("*.py")}
    graph = {
        name: {
            other
            for other in _imports(path)
            if other in modules and other != name and not other.endswith("__init__")
        }
        for name, path in modules.items()
        if not name.endswith("__init__")
    }
    # Depth-first search for a back edge; report the circle found.
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        trail.append(name)
        for other in sorted(graph.get(name, ())):
            if state.get(other) == 1:
                return [*trail[trail.index(other) :], other]
            if other not in state and (circle := visit(other)):
                return circle
        state[name] = 2
        trail.pop()
        return None

    for name in sorted(graph):
        if name not in state:
            assert (circle := visit(name)) is None, " -> ".join(circle)


def _action_names() -> set[str]:
    names: set[str] = set()
    for version in ("v16", "v201"):
        for schema in (Path(ocpp.__file__).parent / version / "schemas").glob("*.json"):
            stem = schema.stem.removesuffix("Response").removesuffix("Request")
            names.add(stem)
    return names


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        )
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_no_message_name_outside_its_adapter_folder() -> None:
    actions = _action_names()
    assert {"BootNotification", "TransactionEvent", "StartTransaction"} <= actions
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if not _in_adapter(path)
        and (found := sorted(_string_constants(path) & actions))
    }
    assert offenders == {}


def _in_adapter(path: Path) -> bool:
    return CORE in path.parents and path.relative_to(CORE).parts[0] in ADAPTER_FOLDERS
