"""scripts/lint_scoping.py: views reach tenant data through scoped entry points, checked on views of our own."""

import importlib.util
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "lint_scoping.py"


@pytest.fixture(scope="module")
def lint():
    spec = importlib.util.spec_from_file_location("lint_scoping", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path):
    """Write files under a package `pkg` from {relative path: source}; returns the package directory."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "pkg"
        for relative, source in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source).lstrip())
        return root

    return write


def view(source: str) -> str:
    return textwrap.dedent(source).lstrip()


class TestShortcutsGivenAModel:
    def test_get_object_or_404_with_a_model_class_is_caught(self, lint, project):
        root = project(
            {
                "app/views.py": view("""
                    from django.shortcuts import get_object_or_404

                    from pkg.app.models import Team


                    def team(request, pk):
                        found = get_object_or_404(Team, pk=pk)
                """)
            }
        )

        assert lint.offences(root / "app/views.py", root.parent) == [
            "pkg/app/views.py:7: get_object_or_404(Team, ...) in a view"
        ]

    def test_get_list_or_404_and_dotted_models_are_caught(self, lint, project):
        root = project(
            {
                "app/views/teams.py": view("""
                    from django import shortcuts

                    from pkg.app import models


                    def teams(request):
                        return shortcuts.get_list_or_404(models.Team, active=True)


                    def other(request, pk):
                        return shortcuts.get_object_or_404(klass=models.Team, pk=pk)
                """)
            }
        )

        assert lint.offences(root / "app/views/teams.py", root.parent) == [
            "pkg/app/views/teams.py:7: get_list_or_404(models.Team, ...) in a view",
            "pkg/app/views/teams.py:11: get_object_or_404(models.Team, ...) in a view",
        ]

    def test_a_scoped_queryset_or_related_manager_passes(self, lint, project):
        root = project(
            {
                "app/views.py": view("""
                    from django.shortcuts import get_list_or_404, get_object_or_404


                    def team(request, pk):
                        found = get_object_or_404(request.membership.organisation.teams, pk=pk)
                        mine = get_list_or_404(request.user.memberships.filter(active=True))
                        teams = request.membership.organisation.teams
                        return get_object_or_404(teams, pk=pk)
                """)
            }
        )

        assert lint.offences(root / "app/views.py", root.parent) == []


class TestManagers:
    def test_model_objects_in_a_view_is_caught(self, lint, project):
        root = project(
            {
                "app/views.py": view("""
                    from pkg.app.models import Team


                    def teams(request):
                        return Team.objects.all(), Team._default_manager.all()
                """)
            }
        )

        assert lint.offences(root / "app/views.py", root.parent) == [
            "pkg/app/views.py:5: Team._default_manager in a view",
            "pkg/app/views.py:5: Team.objects in a view",
        ]


class TestRun:
    def test_views_modules_and_views_packages_are_checked(self, lint, project):
        root = project({"a/views.py": "", "b/views/__init__.py": "", "b/views/journey.py": "", "c/services.py": ""})

        assert [path.relative_to(root).as_posix() for path in lint.view_modules(root)] == [
            "a/views.py",
            "b/views/__init__.py",
            "b/views/journey.py",
        ]

    def test_an_offence_fails_the_run_and_is_printed(self, lint, project, capsys):
        root = project(
            {"app/views.py": "from django.shortcuts import get_object_or_404\n\nfound = get_object_or_404(Team)\n"}
        )

        assert lint.main([str(root)]) == 1

        out = capsys.readouterr().out.splitlines()
        assert out[0] == "pkg/app/views.py:3: get_object_or_404(Team, ...) in a view"

    def test_clean_views_pass(self, lint, project, capsys):
        root = project({"app/views.py": "def home(request):\n    return request.user.memberships.all()\n"})

        assert lint.main([str(root)]) == 0

        assert "1 view modules checked" in capsys.readouterr().out

    def test_attend_views_pass(self, lint):
        problems = [problem for path in lint.view_modules() for problem in lint.offences(path)]

        assert problems == []
