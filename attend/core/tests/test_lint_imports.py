"""scripts/lint_imports.py: module-level import cycles inside a package, checked on small packages of our own."""

import importlib.util
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "lint_imports.py"


@pytest.fixture(scope="module")
def lint():
    spec = importlib.util.spec_from_file_location("lint_imports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def package(tmp_path):
    """Write a package `pkg` from {relative path: source}; returns its directory."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "pkg"
        for relative, source in {"__init__.py": "", **files}.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source).lstrip())
        return root

    return write


def chains(lint, root: Path) -> list[list[tuple[str, str, int]]]:
    """Each cycle found, as (importer, imported, line) along it."""
    return [[(edge.source, edge.target, edge.line) for edge in cycle] for cycle in lint.cycles(lint.build_graph(root))]


class TestCycles:
    def test_a_cycle_is_found_with_the_line_of_each_import(self, lint, package):
        root = package(
            {
                "app/__init__.py": "",
                "app/services.py": """
                    import datetime

                    from pkg.app.tasks import send
                """,
                "app/tasks.py": """
                    from pkg.app import services
                """,
            }
        )

        assert chains(lint, root) == [
            [("pkg.app.services", "pkg.app.tasks", 3), ("pkg.app.tasks", "pkg.app.services", 1)]
        ]

    def test_the_report_names_each_file_and_line_and_fails(self, lint, package, capsys):
        root = package({"a.py": "from . import b\n", "b.py": "import json\nimport os\nimport pkg.a\n"})

        assert lint.main([str(root)]) == 1

        out = capsys.readouterr().out
        assert "Import cycle: pkg.a -> pkg.b -> pkg.a" in out
        assert "pkg/a.py:1  from . import b" in out
        assert "pkg/b.py:3  import pkg.a" in out

    def test_a_longer_circle_is_one_chain(self, lint, package):
        root = package(
            {"a.py": "from pkg.b import x\n", "b.py": "from pkg.c import y\n", "c.py": "from pkg.a import z\n"}
        )

        assert chains(lint, root) == [[("pkg.a", "pkg.b", 1), ("pkg.b", "pkg.c", 1), ("pkg.c", "pkg.a", 1)]]

    def test_imports_in_classes_and_module_level_blocks_count(self, lint, package):
        root = package(
            {
                "a.py": """
                    try:
                        from pkg import b
                    except ImportError:
                        b = None
                """,
                "b.py": """
                    class Thing:
                        from pkg.a import value
                """,
            }
        )

        assert chains(lint, root) == [[("pkg.a", "pkg.b", 2), ("pkg.b", "pkg.a", 2)]]


class TestNotCycles:
    def test_an_import_inside_a_function_is_ignored(self, lint, package):
        root = package(
            {
                "services.py": """
                    def start():
                        from pkg.tasks import run

                        run()
                """,
                "tasks.py": "from pkg.services import start\n",
            }
        )

        assert chains(lint, root) == []

    def test_an_import_inside_a_method_is_ignored(self, lint, package):
        root = package(
            {
                "a.py": """
                    class A:
                        async def go(self):
                            import pkg.b
                """,
                "b.py": "import pkg.a\n",
            }
        )

        assert chains(lint, root) == []

    def test_type_checking_imports_are_ignored(self, lint, package):
        root = package(
            {
                "models.py": """
                    import typing
                    from typing import TYPE_CHECKING

                    if TYPE_CHECKING:
                        from pkg.services import Thing
                    if typing.TYPE_CHECKING:
                        import pkg.services
                """,
                "services.py": "from pkg.models import Model\n",
            }
        )

        assert chains(lint, root) == []

    def test_no_cycle_passes_with_a_summary(self, lint, package, capsys):
        root = package({"a.py": "from pkg import b\n", "b.py": "import json\n"})

        assert lint.main([str(root)]) == 0

        out = capsys.readouterr().out.strip().splitlines()
        assert out == ["Import lint: 3 modules, 1 module-level imports inside pkg/, no cycles."]

    def test_migrations_and_tests_are_left_out(self, lint, package):
        root = package(
            {
                "a.py": "",
                "migrations/__init__.py": "",
                "migrations/0001_initial.py": "import pkg.a\n",
                "tests/__init__.py": "",
                "tests/test_a.py": "import pkg.a\n",
            }
        )

        assert sorted(lint.discover(root)) == ["pkg", "pkg.a"]


class TestPackages:
    def test_importing_a_submodule_runs_its_package(self, lint, package):
        """pkg.app's __init__ imports pkg.other, which imports pkg.app.models: a real circle through __init__."""
        root = package(
            {
                "app/__init__.py": "from pkg.other import helper\n",
                "app/models.py": "",
                "other.py": "from pkg.app.models import Model\n",
            }
        )

        assert chains(lint, root) == [[("pkg.app", "pkg.other", 1), ("pkg.other", "pkg.app", 1)]]

    def test_a_package_does_not_import_its_submodules_unless_its_init_does(self, lint, package):
        root = package({"app/__init__.py": "", "app/views.py": "from pkg.app import models\n", "app/models.py": ""})

        graph = lint.build_graph(root)

        assert graph["pkg.app"] == {}
        assert set(graph["pkg.app.views"]) == {"pkg.app.models"}

    def test_from_a_package_import_a_name_depends_on_the_package(self, lint, package):
        root = package(
            {
                "app/__init__.py": "VALUE = 1\n",
                "app/views.py": "from pkg.app import VALUE\nfrom ..other import thing\n",
                "other.py": "",
            }
        )

        graph = lint.build_graph(root)

        assert set(graph["pkg.app.views"]) == {"pkg.other"}  # its own package is running already

    def test_a_submodule_importing_its_own_package_is_not_a_cycle(self, lint, package):
        root = package({"app/__init__.py": "from . import models\n", "app/models.py": "from pkg.app import VALUE\n"})

        assert chains(lint, root) == []

    def test_deferred_mode_shows_what_function_imports_hide(self, lint, package):
        root = package(
            {"services.py": "def start():\n    from pkg import tasks\n", "tasks.py": "import pkg.services\n"}
        )

        found = lint.cycles(lint.build_graph(root, deferred=True))

        assert [[(edge.source, edge.target) for edge in cycle] for cycle in found] == [
            [("pkg.services", "pkg.tasks"), ("pkg.tasks", "pkg.services")]
        ]


def test_attend_itself_has_no_module_level_cycle(lint):
    """The rule `make lint` enforces, kept here too so the unit tests catch a new cycle."""
    found = lint.cycles(lint.build_graph(lint.ROOT))

    assert [lint.describe(cycle, lint.ROOT.parent) for cycle in found] == []
