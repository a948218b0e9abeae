"""Read a people CSV (the columns an ESR export gives) into a plan, or into a list of exact problems.

Pure: takes bytes, returns plain data. The service decides what to write, and writes all of it or none.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from attend.core.validators import normalise, text_problem
from attend.organisations.models import Role

MAX_ROWS = 20_000
MAX_EMAIL_LENGTH = 254  # the User.email column
# What each column is called in a problem, so an admin knows which cell to fix.
COLUMN_LABELS = {"name": "The name", "email": "The email address", "team": "The team name", "role": "The role"}
COLUMN_LABELS["parent team"] = "The parent team name"

COLUMN_NAMES = {
    "name": {"name", "full name", "employee name"},
    "email": {"email", "email address", "work email", "work email address"},
    "team": {"team", "team name"},
    "role": {"role", "roles"},
    "parent team": {"parent team", "parent"},
}
REQUIRED_COLUMNS = ("name", "email", "team", "role")

ROLE_WORDS = {
    "": Role.MEMBER,
    "member": Role.MEMBER,
    "team member": Role.MEMBER,
    "staff": Role.MEMBER,
    "leader": Role.LEADER,
    "team leader": Role.LEADER,
    "manager": Role.LEADER,
    "facilitator": Role.FACILITATOR,
    "admin": Role.ADMIN,
    "organisation admin": Role.ADMIN,
    "organization admin": Role.ADMIN,
}


@dataclass(frozen=True)
class PersonRow:
    line: int
    name: str
    email: str
    team: str
    parent_team: str
    roles: frozenset[str]


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportPlan:
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def teams(self) -> dict[str, tuple[str, str]]:
        """Each team the file names, keyed by lower-case name: (name as first written, its parent or "")."""
        teams: dict[str, tuple[str, str]] = {}
        for row in self.rows:
            if row.team:
                name, parent = teams.get(row.team.lower(), (row.team, ""))
                teams[row.team.lower()] = (name, parent or row.parent_team)
        return teams


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError('The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and try again.')


def _header_map(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    positions: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        cell = " ".join(raw.strip().lower().replace("_", " ").split())
        for column, aliases in COLUMN_NAMES.items():
            if cell in aliases:
                if column in positions:
                    problems.append(Problem(1, f'The column "{column}" appears twice'))
                positions[column] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        problems.append(
            Problem(
                1, f"The first line must name the columns name, email, team and role. Missing: {', '.join(missing)}"
            )
        )
    return positions, problems


def _roles(text: str) -> frozenset[str] | None:
    words = [" ".join(part.strip().lower().split()) for part in text.replace("/", ";").split(";")]
    # A stray separator ("facilitator;") adds nothing; only a wholly empty cell means team member.
    words = [word for word in words if word] or [""]
    roles = set()
    for word in words:
        if word not in ROLE_WORDS:
            return None
        roles.add(ROLE_WORDS[word])
    if Role.LEADER in roles:
        roles.discard(Role.MEMBER)
    return frozenset(roles)


def _row(line: int, cells: list[str], positions: dict[str, int]) -> tuple[PersonRow | None, list[Problem]]:
    problems = []
    unreadable: set[str] = set()

    def cell(column: str) -> str:
        """The cell's text under Attend's text rules; a cell that breaks them is reported once and read as ""."""
        index = positions.get(column)
        value = normalise(cells[index].strip()) if index is not None and index < len(cells) else ""
        problem = text_problem(value)
        if problem:
            if column not in unreadable:
                problems.append(Problem(line, f"{COLUMN_LABELS[column]} {problem}"))
            unreadable.add(column)
            return ""
        return value

    name, email, team, role_text = cell("name"), cell("email").lower(), cell("team"), cell("role")
    if not name:
        if "name" not in unreadable:
            problems.append(Problem(line, "Enter the person's name"))
    elif len(name) > 150:
        problems.append(Problem(line, "The name must be 150 characters or fewer"))
    if not email:
        if "email" not in unreadable:
            problems.append(Problem(line, "Enter the person's email address"))
    elif len(email) > MAX_EMAIL_LENGTH:
        problems.append(Problem(line, f"The email address must be {MAX_EMAIL_LENGTH} characters or fewer"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem(line, f'"{email}" is not a valid email address'))
    if len(team) > 200:
        problems.append(Problem(line, "The team name must be 200 characters or fewer"))
    roles = _roles(role_text)
    if roles is None:
        problems.append(
            Problem(line, f'"{role_text}" is not a role. Use team member, leader, facilitator or organisation admin')
        )
    elif not team and "team" not in unreadable and (Role.LEADER in roles or Role.MEMBER in roles):
        problems.append(Problem(line, "Enter a team: a team member or leader must belong to a team"))
    parent = cell("parent team")
    if len(parent) > 200:
        problems.append(Problem(line, "The parent team name must be 200 characters or fewer"))
    if parent and parent.lower() == team.lower():
        problems.append(Problem(line, "A team cannot be its own parent team"))
    if problems:
        return None, problems
    return PersonRow(line, name, email, team, parent, roles), []


def _cross_row_problems(rows: list[PersonRow]) -> list[Problem]:
    problems = []
    names: dict[str, PersonRow] = {}
    places: set[tuple[str, str]] = set()
    parents: dict[str, tuple[str, int]] = {}
    for row in rows:
        first = names.setdefault(row.email, row)
        if first.name != row.name:
            problems.append(Problem(row.line, f'{row.email} is named "{first.name}" on line {first.line}'))
        place = (row.email, row.team.lower())
        if row.team and place in places:
            problems.append(Problem(row.line, f'{row.email} appears twice for the team "{row.team}"'))
        places.add(place)
        if row.team and row.parent_team:  # a row with no team places no team, so its parent says nothing
            earlier = parents.setdefault(row.team.lower(), (row.parent_team, row.line))
            if earlier[0].lower() != row.parent_team.lower():
                problems.append(
                    Problem(row.line, f'"{row.team}" has the parent team "{earlier[0]}" on line {earlier[1]}')
                )
    return problems


def people_csv_read(data: bytes) -> ImportPlan:
    plan = ImportPlan()
    try:
        text = _decode(data)
    except ValueError as error:
        plan.problems.append(Problem(None, str(error)))
        return plan
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            plan.problems.append(Problem(None, "The file is empty"))
            return plan
        positions, problems = _header_map(header)
        plan.problems.extend(problems)
        if problems:
            return plan
        # csv.reader's line_num is the line a row ends on; a quoted cell can span lines, so note where each starts.
        start = reader.line_num + 1
        people_lines = 0
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            people_lines += 1
            if people_lines > MAX_ROWS:
                plan.problems.append(
                    Problem(None, f"The file has more than {MAX_ROWS:,} people. Split it into smaller files")
                )
                return plan
            row, problems = _row(line, cells, positions)
            plan.problems.extend(problems)
            if row:
                plan.rows.append(row)
    except csv.Error as error:
        plan.problems.append(Problem(reader.line_num, f"The file is not valid CSV ({error})"))
        return plan
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(None, "The file has a header line but no people"))
    plan.problems.extend(_cross_row_problems(plan.rows))
    plan.problems.sort(key=lambda problem: problem.line or 0)
    return plan
