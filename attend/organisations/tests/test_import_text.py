"""Attack: a people CSV whose cells hold text no page can show (a NUL byte, control characters, a lone
surrogate, a name longer than its column). The import must refuse it naming the line and the field, and write
nothing, on SQLite and on PostgreSQL alike (PostgreSQL refuses a NUL byte itself, which used to answer 500)."""

import pytest
from django.core import mail

from attend.organisations.importing import people_csv_read
from attend.organisations.tests.support import counts

GOOD = "Amara Okafor,amara@example.nhs.uk,Community Nursing,leader,"

HOSTILE_NAMES = {
    "a NUL byte": "Ben\x00Fletcher",
    "a bell (C0)": "Ben\x07Fletcher",
    "an escape (C0)": "Ben\x1b[31mFletcher",
    "DEL": "Ben\x7fFletcher",
    "a C1 control": "Ben\x85Fletcher",
    "a C1 CSI": "Ben\x9bFletcher",
    "a vertical tab": "Ben\x0bFletcher",
}


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(["name,email,team,role,parent team", *lines]) + "\n").encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_a_control_character_in_a_name_is_refused_naming_the_line_and_field(name):
    plan = people_csv_read(csv_bytes(GOOD, f"{name},ben@example.nhs.uk,District North,team member,"))

    assert len(plan.problems) == 1
    assert str(plan.problems[0]).startswith("Line 3: The name contains")
    assert str(plan.problems[0]).endswith("(character 4). Remove it and try again")
    assert [row.line for row in plan.rows] == [2]


def test_a_lone_surrogate_is_refused_not_crashed_on():
    plan = people_csv_read(csv_bytes(GOOD, "Ben \ud83d Fletcher,ben@example.nhs.uk,District North,team member,"))

    # Lone surrogates cannot be UTF-8, so the file as a whole is not valid UTF-8 text.
    assert [str(problem) for problem in plan.problems] == [
        'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and try again.'
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Ben,ben@example.nhs.uk,District\x00North,team member,", "Line 3: The team name contains a null character"),
        ("Ben,ben@example.nhs.uk,North,team member,Com\x01munity", "Line 3: The parent team name contains a hidden"),
        ("Ben,ben@example.nhs.uk,North,team\x00 member,", "Line 3: The role contains a null character"),
        (f"{'B' * 151},ben@example.nhs.uk,North,team member,", "Line 3: The name must be 150 characters or fewer"),
        (f"Ben,ben@example.nhs.uk,{'N' * 201},team member,", "Line 3: The team name must be 200 characters or fewer"),
    ],
)
def test_every_column_is_held_to_the_rules_and_named(row, message):
    plan = people_csv_read(csv_bytes(GOOD, row))

    assert any(str(problem).startswith(message) for problem in plan.problems), [str(p) for p in plan.problems]


def test_a_name_is_normalised_so_the_same_name_twice_is_one_name():
    composed, decomposed = "Zo\u00eb Ward", "Zoe\u0308 Ward"
    plan = people_csv_read(
        csv_bytes(f"{composed},zoe@example.nhs.uk,North,team member,", f"{decomposed},zoe@example.nhs.uk,South,leader,")
    )

    assert plan.problems == []
    assert {row.name for row in plan.rows} == {composed}


def test_a_quoted_name_over_two_lines_is_refused_naming_its_first_line():
    plan = people_csv_read(csv_bytes(GOOD, '"Ben\nFletcher",ben@example.nhs.uk,North,team member,'))

    assert [str(problem) for problem in plan.problems] == [
        "Line 3: The name contains a line break (character 4). Remove it and try again"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Ben\x00Fletcher", "Ben\x85Fletcher"])
def test_the_import_writes_nothing_and_answers_with_the_line(organisation, import_people, name):
    before = counts()

    result = import_people(GOOD, f"{name},ben@example.nhs.uk,District North,team member,")

    assert not result.succeeded
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith("Line 3: The name contains")
    assert counts() == before
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_import_page_names_the_line_instead_of_failing(org_admin_client, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    before = counts()
    upload = SimpleUploadedFile(
        "people.csv", csv_bytes(GOOD, "Ben\x00Fletcher,ben@example.nhs.uk,District North,team member,"), "text/csv"
    )

    response = org_admin_client.post(reverse("organisations:people_import"), {"file": upload})

    assert response.status_code == 422
    assert "Line 3: The name contains a null character" in response.content.decode()
    assert counts() == before
