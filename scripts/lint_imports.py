"""Fail when modules inside `attend/` import each other in a circle at module level.

A cycle of module-level imports makes the import order matter: whichever module Python reaches
first sees the other half-initialised, and the usual cure, an import moved inside a function,
hides the tangle instead of removing it. Issue 19 asks for one direction of import between a
service and its task; this check keeps it that way.

Counted: `import` and `from ... import` statements that run when the module is imported, at the
top level or inside module-level `if`/`try`/`with`/`for` blocks and class bodies. Not counted:
imports inside functions and methods (they run on call), and imports under `if TYPE_CHECKING:`
(they never run). Migrations and tests are left out.

How an import becomes an edge of the graph:
- `import attend.a.b` and `from attend.a.b import name` depend on `attend.a.b`;
  `from attend.a import b` depends on `attend.a.b` when `b` is a submodule, else on `attend.a`.
- Importing `attend.a.b` first runs `attend/a/__init__.py`, so the importer depends on the package
  `attend.a` too, unless that package is one of the importer's own (already running by then).
- A package does not depend on its submodules unless its `__init__.py` imports them.

Usage: python scripts/lint_imports.py [--deferred] [package directory, default attend/]
Prints each cycle as a chain of modules with the file:line of every import on it; exits 1 if any.
`--deferred` also counts imports inside functions, to see every two-way dependency while untangling
modules. It is not a rule `make lint` enforces: a task importing its service inside its function, as
the house style has it, shows up there by design.
"""

import ast
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "attend"
EXCLUDED_DIRECTORIES = {"migrations", "tests", "__pycache__"}


@dataclass(frozen=True)
class Import:
    """One import statement of `source` that makes it depend on `target`."""

    source: str
    target: str
    path: Path
    line: int
    statement: str

    def where(self, base: Path) -> str:
        try:
            shown = self.path.relative_to(base)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"


def discover(root: Path) -> dict[str, Path]:
    """Every module of the package at `root`, by dotted name, outside migrations and tests."""
    package = root.name
    modules = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if EXCLUDED_DIRECTORIES.intersection(relative.parts[:-1]):
            continue
        parts = [package, *relative.parts[:-1]]
        if path.name != "__init__.py":
            parts.append(path.stem)
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def module_level_imports(tree: ast.Module, *, deferred: bool = False) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported, in source order.

    With `deferred`, imports inside functions count too: the tangles a cycle lint would not see.
    """
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(statements: list[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                found.append(statement)
            elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                if deferred:
                    visit(statement.body)  # runs when called, not when imported
            elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
                visit(statement.orelse)  # the body never runs
            else:  # class bodies, if/else, try/except/finally, with, for, while, match
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(statement, field, None) or [])
                for clause in [*getattr(statement, "handlers", []), *getattr(statement, "cases", [])]:
                    visit(clause.body)

    visit(tree.body)
    return found


def _package_of(module: str, path: Path) -> str:
    """The package a relative import in `module` counts from."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """`name`, or the nearest enclosing module we know of (None if outside the package)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _own_packages(module: str, path: Path) -> set[str]:
    """Packages already running by the time `module` runs: its ancestors, and itself if a package."""
    own = set(_ancestors(module))
    if path.name == "__init__.py":
        own.add(module)
    return own


def imports_of(module: str, path: Path, modules: dict[str, Path], *, deferred: bool = False) -> list[Import]:
    """The edges of the graph that start at `module`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    own = _own_packages(module, path)
    edges: list[Import] = []

    def depend(name: str, statement: ast.stmt) -> None:
        target = _known(name, modules)
        if target is None:
            return
        text = ast.unparse(statement)
        for needed in [*_ancestors(target), target]:
            if needed != module and needed not in own and needed in modules:
                edges.append(Import(module, needed, path, statement.lineno, text))

    for statement in module_level_imports(tree, deferred=deferred):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                depend(alias.name, statement)
            continue
        if statement.level:
            base = _package_of(module, path).split(".")
            base = base[: len(base) - (statement.level - 1)]
            prefix = ".".join(base + ([statement.module] if statement.module else []))
        else:
            prefix = statement.module or ""
        for alias in statement.names:
            submodule = f"{prefix}.{alias.name}"
            depend(submodule if submodule in modules else prefix, statement)
    return edges


def build_graph(root: Path, *, deferred: bool = False) -> dict[str, dict[str, list[Import]]]:
    """module -> module it imports -> the import statements that do it."""
    modules = discover(root)
    graph: dict[str, dict[str, list[Import]]] = {module: {} for module in modules}
    for module, path in modules.items():
        for edge in imports_of(module, path, modules, deferred=deferred):
            graph[module].setdefault(edge.target, []).append(edge)
    return graph


def strongly_connected(graph: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """Tarjan's algorithm, without recursion; only the components that hold a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def _shortest_path(graph, start: str, goal: str, within: set[str]) -> list[str]:
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for child in sorted(graph[node]):
            if child in within and child not in previous:
                previous[child] = node
                queue.append(child)
    path = [goal]
    while previous[path[-1]] is not None:
        path.append(previous[path[-1]])
    return path[::-1]


def cycles(graph: dict[str, dict[str, list[Import]]]) -> list[list[Import]]:
    """Short cycles that between them use every import inside every strongly connected component.

    Each cycle is the list of imports along it, the last one leading back to the first module.
    """
    found: list[list[Import]] = []
    for component in strongly_connected(graph):
        within = set(component)
        covered: set[tuple[str, str]] = set()
        for source in component:
            for target in sorted(graph[source]):
                if target not in within or (source, target) in covered:
                    continue
                chain = [source, *_shortest_path(graph, target, source, within)]
                steps = list(zip(chain, chain[1:], strict=False))
                covered.update(steps)
                found.append([graph[a][b][0] for a, b in steps])
    return found


def describe(cycle: list[Import], base: Path) -> str:
    chain = " -> ".join([edge.source for edge in cycle] + [cycle[0].source])
    width = max(len(edge.where(base)) for edge in cycle)
    lines = [f"Import cycle: {chain}"]
    lines += [f"  {edge.where(base):<{width}}  {edge.statement}" for edge in cycle]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    deferred = "--deferred" in argv
    paths = [arg for arg in argv if arg != "--deferred"]
    root = Path(paths[0]).resolve() if paths else ROOT
    graph = build_graph(root, deferred=deferred)
    found = cycles(graph)
    for cycle in found:
        print(describe(cycle, root.parent))
    if found:
        print(
            f"{len(found)} import cycle(s) inside {root.name}/. Give each pair one direction: a task imports "
            "its service, a registry (like core/periodic.PERIODIC_JOBS) replaces an import back."
        )
        return 1
    edges = sum(len(targets) for targets in graph.values())
    print(f"Import lint: {len(graph)} modules, {edges} module-level imports inside {root.name}/, no cycles.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
