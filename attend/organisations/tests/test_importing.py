"""The people CSV reader: pure, so these tests need no database."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attend.organisations.importing import MAX_ROWS, PersonRow, Problem, people_csv_read
from attend.organisations.models import Role

HEADER = "name,email,team,role,parent team"


def read(*lines: str, header: str = HEADER):
    return people_csv_read(("\n".join([header, *lines]) + "\n").encode())


def messages(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


# The header


def test_a_good_file_gives_one_row_per_person_and_no_problems():
    plan = read(
        "Amara Okafor,Amara.Okafor@Example.NHS.uk,Community Nursing,leader,",
        "Ben Fletcher,ben@example.nhs.uk,District North,team member,Community Nursing",
    )

    assert plan.problems == []
    assert plan.rows == [
        PersonRow(2, "Amara Okafor", "amara.okafor@example.nhs.uk", "Community Nursing", "", frozenset({Role.LEADER})),
        PersonRow(
            3, "Ben Fletcher", "ben@example.nhs.uk", "District North", "Community Nursing", frozenset({Role.MEMBER})
        ),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Name,Email,Team,Role",
        "FULL NAME,Email Address,Team Name,Roles",
        "Employee Name,Work Email Address,team,role",
        "  full_name , work_email ,  TEAM_NAME , role  ",
        "employee   name,email,team,role",
    ],
)
def test_the_header_accepts_the_usual_names_in_any_case(header):
    plan = read("Chloe Price,chloe@example.nhs.uk,Ward 7,leader", header=header)

    assert plan.problems == []
    assert [(row.name, row.email, row.team, row.roles) for row in plan.rows] == [
        ("Chloe Price", "chloe@example.nhs.uk", "Ward 7", frozenset({Role.LEADER}))
    ]


def test_columns_can_come_in_any_order_and_unknown_columns_are_ignored():
    plan = read(
        "Ward 7,Band 6,leader,chloe@example.nhs.uk,Chloe Price,Directorate",
        header="Team,Pay band,Role,Email,Name,Parent",
    )

    assert plan.problems == []
    assert plan.rows[0].name == "Chloe Price"
    assert plan.rows[0].email == "chloe@example.nhs.uk"
    assert plan.rows[0].parent_team == "Directorate"


def test_missing_columns_are_named():
    plan = read("Chloe Price,Ward 7", header="name,team")

    assert plan.rows == []
    assert messages(plan) == [
        "Line 1: The first line must name the columns name, email, team and role. Missing: email, role"
    ]


def test_a_column_given_twice_is_a_problem():
    plan = read("A,a@example.test,b@example.test,Ward,leader", header="name,email,work email,team,role")

    assert plan.rows == []
    assert messages(plan) == ['Line 1: The column "email" appears twice']


def test_a_byte_order_mark_is_ignored():
    data = "\ufeffname,email,team,role\nChloe Price,chloe@example.nhs.uk,Ward 7,leader\n".encode()

    plan = people_csv_read(data)

    assert plan.problems == []
    assert plan.rows[0].name == "Chloe Price"


def test_windows_line_endings_are_read():
    plan = people_csv_read(b"name,email,team,role\r\nA Person,a@example.test,Ward 7,member\r\n")

    assert plan.problems == []
    assert plan.rows[0].line == 2


def test_a_file_that_is_not_utf8_asks_for_csv_utf8():
    data = "name,email,team,role\nZoë Brontë,zoe@example.test,Ward 7,member\n".encode("cp1252")

    plan = people_csv_read(data)

    assert plan.rows == []
    assert plan.problems == [
        Problem(None, 'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and try again.')
    ]


def test_an_empty_file_says_so():
    assert messages(people_csv_read(b"")) == ["The file is empty"]


def test_a_byte_order_mark_alone_is_an_empty_file():
    assert messages(people_csv_read("\ufeff".encode())) == ["The file is empty"]


def test_a_header_with_no_people_says_so():
    assert messages(people_csv_read(b"name,email,team,role\n")) == ["The file has a header line but no people"]
    assert messages(people_csv_read(b"name,email,team,role\n\n , , ,\n")) == [
        "The file has a header line but no people"
    ]


def test_blank_lines_are_skipped_but_still_counted():
    plan = read(
        "",
        "A Person,a@example.test,Ward 7,member",
        ",,,",
        "   ,  ,,",
        "B Person,b@example.test,Ward 7,member",
    )

    assert plan.problems == []
    assert [(row.line, row.name) for row in plan.rows] == [(3, "A Person"), (6, "B Person")]


# Bad rows, each named by its line


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",a@example.test,Ward 7,member,", "Enter the person's name"),
        ("  ,a@example.test,Ward 7,member,", "Enter the person's name"),
        ("A Person,,Ward 7,member,", "Enter the person's email address"),
        ("A Person,not-an-email,Ward 7,member,", '"not-an-email" is not a valid email address'),
        ("A Person,a@@example.test,Ward 7,member,", '"a@@example.test" is not a valid email address'),
        (
            "A Person,a@example.test,Ward 7,chief,",
            '"chief" is not a role. Use team member, leader, facilitator or organisation admin',
        ),
        (
            "A Person,a@example.test,Ward 7,leader; boss,",
            '"leader; boss" is not a role. Use team member, leader, facilitator or organisation admin',
        ),
        ("A Person,a@example.test,,leader,", "Enter a team: a team member or leader must belong to a team"),
        ("A Person,a@example.test,,member,", "Enter a team: a team member or leader must belong to a team"),
        ("A Person,a@example.test,,,", "Enter a team: a team member or leader must belong to a team"),
        ("A Person,a@example.test,Ward 7,member,ward 7", "A team cannot be its own parent team"),
        ("N" * 151 + ",a@example.test,Ward 7,member,", "The name must be 150 characters or fewer"),
        ("A Person,a@example.test," + "T" * 201 + ",member,", "The team name must be 200 characters or fewer"),
        ("A Person,a@example.test,Ward 7,member," + "P" * 201, "The parent team name must be 200 characters or fewer"),
    ],
)
def test_each_bad_row_is_named_with_its_line_and_reason(row, message):
    plan = read("Good Person,good@example.test,Ward 7,member,", row, "Also Good,also@example.test,Ward 7,member,")

    assert messages(plan) == [f"Line 3: {message}"]
    assert [row.line for row in plan.rows] == [2, 4]


def test_an_email_longer_than_the_account_column_is_a_problem():
    # Valid by RFC length (up to 320) but longer than the 254 characters an account's email can hold.
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"
    assert len(email) > 254

    plan = read(f"A Person,{email},Ward 7,member")

    assert messages(plan) == ["Line 2: The email address must be 254 characters or fewer"]


def test_one_row_can_have_several_problems():
    plan = read(",bad,,chief")

    assert messages(plan) == [
        "Line 2: Enter the person's name",
        'Line 2: "bad" is not a valid email address',
        'Line 2: "chief" is not a role. Use team member, leader, facilitator or organisation admin',
    ]


def test_problems_are_listed_in_line_order():
    plan = read(
        "A,a@example.test,Ward 7,member",
        ",b@example.test,Ward 7,member",
        "C,c@example.test,Ward 7,member",
        "D,not-an-email,Ward 7,member",
        "A,a@example.test,Ward 7,leader",
    )

    assert [problem.line for problem in plan.problems] == [3, 5, 6]


def test_the_same_email_twice_in_one_team_is_a_problem_whatever_the_case():
    plan = read("A Person,a@example.test,Ward 7,member", "A Person,A@Example.test,ward 7,leader")

    assert messages(plan) == ['Line 3: a@example.test appears twice for the team "ward 7"']


def test_the_same_email_in_two_teams_is_fine():
    plan = read("A Person,a@example.test,Ward 7,member", "A Person,a@example.test,Ward 8,leader")

    assert plan.problems == []
    assert [(row.team, row.roles) for row in plan.rows] == [
        ("Ward 7", frozenset({Role.MEMBER})),
        ("Ward 8", frozenset({Role.LEADER})),
    ]


def test_the_same_email_with_two_names_is_a_problem():
    plan = read("A Person,a@example.test,Ward 7,member", "Another Name,a@example.test,Ward 8,member")

    assert messages(plan) == ['Line 3: a@example.test is named "A Person" on line 2']


def test_conflicting_parent_teams_are_a_problem():
    plan = read(
        "A,a@example.test,Ward 7,member,Medicine",
        "B,b@example.test,ward 7,member,medicine",
        "C,c@example.test,Ward 7,member,",
        "D,d@example.test,WARD 7,member,Surgery",
    )

    assert messages(plan) == ['Line 5: "WARD 7" has the parent team "Medicine" on line 2']


def test_a_parent_team_on_a_row_with_no_team_is_ignored():
    plan = read(
        "A,a@example.test,,facilitator,Medicine",
        "B,b@example.test,,organisation admin,Surgery",
    )

    assert plan.problems == []
    assert plan.teams == {}


def test_the_teams_the_file_names_keep_their_first_spelling_and_a_given_parent():
    plan = read(
        "A,a@example.test,Ward 7,member,",
        "B,b@example.test,WARD 7,member,Medicine",
        "C,c@example.test,Medicine,leader,",
    )

    assert plan.teams == {"ward 7": ("Ward 7", "Medicine"), "medicine": ("Medicine", "")}


# Roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("", {Role.MEMBER}),
        ("member", {Role.MEMBER}),
        ("Team Member", {Role.MEMBER}),
        ("staff", {Role.MEMBER}),
        ("leader", {Role.LEADER}),
        ("Team   Leader", {Role.LEADER}),
        ("manager", {Role.LEADER}),
        ("leader; facilitator", {Role.LEADER, Role.FACILITATOR}),
        ("leader/organisation admin", {Role.LEADER, Role.ADMIN}),
        ("team member; Organization Admin", {Role.MEMBER, Role.ADMIN}),
        ("member; leader", {Role.LEADER}),
        ("leader;", {Role.LEADER}),
        ("facilitator;", {Role.FACILITATOR}),
    ],
)
def test_roles_are_read_from_the_usual_words(text, roles):
    plan = read(f'A Person,a@example.test,Ward 7,"{text}"')

    assert plan.problems == []
    assert plan.rows[0].roles == frozenset(roles)


@pytest.mark.parametrize("text", ["facilitator", "organisation admin", "facilitator; admin", "facilitator;"])
def test_organisation_roles_need_no_team(text):
    plan = read(f'A Person,a@example.test,,"{text}"')

    assert plan.problems == []
    assert plan.rows[0].team == ""


# Quoted cells


def test_quoted_cells_can_hold_commas_and_quotes():
    plan = read('"Price, Chloe ""CP""",chloe@example.nhs.uk,"Ward 7, East",leader')

    assert plan.problems == []
    assert plan.rows[0].name == 'Price, Chloe "CP"'
    assert plan.rows[0].team == "Ward 7, East"


def test_csv_reader_reports_the_line_a_row_ends_on():
    """Why the reader counts lines itself: csv.reader.line_num points at the end of a row that spans lines."""
    reader = csv.reader(io.StringIO('name\n"two\nlines"\nnext\n', newline=""))
    next(reader)
    next(reader)

    assert reader.line_num == 3


def test_a_row_spanning_lines_is_named_by_the_line_it_starts_on_and_later_rows_keep_their_lines():
    # A cell may span lines in CSV (here in a column the import ignores); a name or team may not (see below).
    plan = read(
        'A Person,a@example.test,Ward 7,member,"Started',
        'in May"',  # the row on line 2 ends here, on line 3
        ",b@example.test,Ward 7,member,",  # line 4
        'C Person,not-an-email,Ward 7,member,"Two\nlines"',  # lines 5 and 6
        "D Person,d@example.test,Ward 7,chief,",  # line 7
        header="name,email,team,role,notes",
    )

    assert messages(plan) == [
        "Line 4: Enter the person's name",
        'Line 5: "not-an-email" is not a valid email address',
        'Line 7: "chief" is not a role. Use team member, leader, facilitator or organisation admin',
    ]
    assert [(row.line, row.team) for row in plan.rows] == [(2, "Ward 7")]


def test_a_line_break_inside_a_name_or_team_is_refused_naming_the_line_it_starts_on():
    plan = read(
        'A Person,a@example.test,"Ward 7',
        'East",member',  # lines 2 and 3
        "B Person,b@example.test,Ward 7,chief",  # line 4
        header="name,email,team,role",
    )

    assert messages(plan) == [
        "Line 2: The team name contains a line break (character 7). Remove it and try again",
        'Line 4: "chief" is not a role. Use team member, leader, facilitator or organisation admin',
    ]


def test_a_cross_row_problem_names_the_start_line_of_both_rows():
    plan = read(
        'A Person,a@example.test,Ward 7,member,"Two\nlines"',  # lines 2-3
        "Other Name,a@example.test,Ward 8,member,",  # line 4
        header="name,email,team,role,notes",
    )

    assert messages(plan) == ['Line 4: a@example.test is named "A Person" on line 2']


def test_a_cell_too_big_for_csv_is_reported_not_raised():
    plan = people_csv_read(b"name,email,team,role\n" + b'"' + b"x" * 200_000 + b'",a@example.test,Ward,member\n')

    assert plan.rows == []
    assert len(plan.problems) == 1
    assert "is not valid CSV" in plan.problems[0].message


def test_a_file_with_too_many_people_is_refused():
    lines = [f"Person {n},p{n}@example.test,Ward 7,member" for n in range(MAX_ROWS + 1)]

    plan = read(*lines)

    assert messages(plan)[-1] == f"The file has more than {MAX_ROWS:,} people. Split it into smaller files"


def test_problem_text_leaves_out_a_missing_line_number():
    assert str(Problem(None, "The file is empty")) == "The file is empty"
    assert str(Problem(12, "Enter the person's name")) == "Line 12: Enter the person's name"


# Any input at all


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2_000))
def test_any_bytes_give_problems_or_rows_and_never_raise(data):
    plan = people_csv_read(data)

    assert plan.problems or plan.rows
    assert all(isinstance(problem, Problem) for problem in plan.problems)


csv_ish = st.lists(
    st.lists(
        st.one_of(
            st.sampled_from(["", "leader", "leader; facilitator", "a@example.test", "Ward 7", '"', "\n", "\r\n"]),
            st.text(max_size=30),
        ),
        max_size=6,
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_ish)
def test_any_csv_like_text_under_a_good_header_gives_problems_or_rows_with_sane_lines(rows):
    text = HEADER + "\n" + "\n".join(",".join(cells) for cells in rows)
    plan = people_csv_read(text.encode())
    line_count = text.count("\n") + text.count("\r") + 1

    assert plan.problems or plan.rows
    for item in [*plan.rows, *plan.problems]:
        assert item.line is None or 1 <= item.line <= line_count
    assert [row.line for row in plan.rows] == sorted({row.line for row in plan.rows})
