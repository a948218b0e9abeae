"""Fail when a view reaches tenant data through `Model.objects` instead of a scoped entry point.

Views reach data through the organisation or the user (`request.membership.organisation.teams`,
`request.user.memberships`), or through selectors and services. See docs/adr/0003.

Two shapes are caught: `Model.objects` (or `_default_manager`, `_base_manager`) anywhere in a view
module, and `get_object_or_404(Model, ...)` / `get_list_or_404(Model, ...)` given a model class, which
query the whole table just the same. A class is recognised by its name: the first argument is a bare
name or dotted attribute ending in a capitalised name (`Team`, `models.Team`). A queryset or related
manager (`organisation.teams`, `request.user.memberships.all()`) passes.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "attend"
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def view_modules(root: Path = ROOT) -> list[Path]:
    files = list(root.glob("*/views.py")) + list(root.glob("*/views/**/*.py"))
    return sorted(files)


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _names_a_class(node: ast.expr) -> bool:
    """`Team` or `models.Team`: a bare name or dotted attribute ending in a capitalised name."""
    if isinstance(node, ast.Name):
        return node.id[:1].isupper()
    if isinstance(node, ast.Attribute):
        inner = node.value
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        return isinstance(inner, ast.Name) and node.attr[:1].isupper()
    return False


def offences(path: Path, base: Path | None = None) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    shown = path.relative_to(base if base is not None else ROOT.parent)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and _called_name(node) in SHORTCUTS:
            first = node.args[:1] + [keyword.value for keyword in node.keywords if keyword.arg == "klass"]
            if first and _names_a_class(first[0]):
                found.append((node.lineno, f"{_called_name(node)}({ast.unparse(first[0])}, ...)"))
    return [f"{shown}:{line}: {code} in a view" for line, code in sorted(found)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]).resolve() if argv else ROOT
    modules = view_modules(root)
    problems = [problem for path in modules for problem in offences(path, root.parent)]
    for problem in problems:
        print(problem)
    if problems:
        print("Reach tenant data through request.membership.organisation or request.user, or a selector.")
        return 1
    print(f"Scoping lint: {len(modules)} view modules checked, no Model.objects or get_object_or_404(Model) in views.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
