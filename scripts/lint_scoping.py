"""Fail when a view reaches tenant data through `Model.objects` instead of a scoped entry point.

Views reach data through the organisation or the user (`request.membership.organisation.teams`,
`request.user.memberships`), or through selectors and services. See docs/adr/0003.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "attend"


def view_modules() -> list[Path]:
    files = list(ROOT.glob("*/views.py")) + list(ROOT.glob("*/views/*.py"))
    return sorted(files)


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "_base_manager"}:
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node)} in a view")
    return found


def main() -> int:
    problems = [problem for path in view_modules() for problem in offences(path)]
    for problem in problems:
        print(problem)
    if problems:
        print("Reach tenant data through request.membership.organisation or request.user, or a selector.")
        return 1
    print(f"Scoping lint: {len(view_modules())} view modules checked, no Model.objects in views.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
