"""No import cycle among the project's modules, counting imports inside functions.

The module graph is built with ``ast`` over the whole package (``compliance/`` and the built-in
``rules/`` and ``remediations/``, which install as ``compliance.builtin.rules`` and
``compliance.builtin.remediations``): every ``import``/``from ... import`` anywhere in a module,
at the top or inside a function, and every ``importlib.import_module("...")`` with a literal
name. Imports under ``if TYPE_CHECKING:`` are left out: they are never executed.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "compliance": ROOT / "compliance",
    "compliance.builtin.rules": ROOT / "rules",
    "compliance.builtin.remediations": ROOT / "remediations",
}


def _module_name(path: Path, package: str, base: Path) -> str:
    parts = [*package.split("."), *path.relative_to(base).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package, base in PACKAGES.items():
        for path in sorted(base.rglob("*.py")):
            found[_module_name(path, package, base)] = path
    return found


def _imported(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """Every module name ``tree`` imports (any depth), resolved against relative imports."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    names: set[str] = set()
    here = name.split(".") if is_package else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = here[: len(here) - (node.level - 1)]
                base = ".".join([*prefix, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # submodules imported by name
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imported(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"):
            if imported in modules:  # a module itself; ``from pkg import name`` of a non-module is pkg
                targets.add(imported)
            elif imported.rpartition(".")[0] in modules and imported.rpartition(".")[0] != name:
                targets.add(imported.rpartition(".")[0])
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_the_graph_sees_function_level_and_relative_imports():
    graph = import_graph()
    assert "compliance.engine" in graph["compliance.cli.scan"]
    assert "compliance.report.output" in graph["compliance.engine"]  # imported inside a function
    assert "compliance.builtin.rules._util" in graph["compliance.builtin.rules.s3"]  # from ._util import ...


def test_finds_a_cycle_when_there_is_one():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    cycles = find_cycles(import_graph())
    graph = import_graph()
    described = [" / ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c) for c in cycles]
    assert cycles == [], "import cycles:\n" + "\n".join(described)
