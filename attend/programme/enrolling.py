"""Read the addresses a facilitator gives for a cohort: pasted (one or more a line) or a CSV file with an email
column. Pure: takes text or bytes, returns the addresses or every problem with its line, like the people import
(`attend/organisations/importing.py`), so the service writes all of them or none.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from attend.organisations.importing import COLUMN_NAMES, MAX_EMAIL_LENGTH, Problem

MAX_ADDRESSES = 2_000
SEPARATORS = re.compile(r"[,;\s]+")


@dataclass
class Addresses:
    emails: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        email = text.strip().strip("<>").lower()
        if not email:
            return
        if len(email) > MAX_EMAIL_LENGTH:
            self.problems.append(Problem(line, f"An email address must be {MAX_EMAIL_LENGTH} characters or fewer"))
            return
        try:
            validate_email(email)
        except ValidationError:
            self.problems.append(Problem(line, f'"{text.strip()[:80]}" is not a valid email address'))
            return
        if email not in self.emails:
            self.emails.append(email)

    def finish(self) -> "Addresses":
        if len(self.emails) > MAX_ADDRESSES:
            self.problems.append(Problem(None, f"Add at most {MAX_ADDRESSES:,} people at once"))
        return self


def addresses_from_text(text: str) -> Addresses:
    """One or more addresses a line, separated by commas, semicolons or spaces."""
    found = Addresses()
    for number, line in enumerate(text.splitlines(), start=1):
        for part in SEPARATORS.split(line):
            found.add(number, part)
    return found.finish()


def addresses_from_csv(data: bytes) -> Addresses:
    """A CSV file whose first line names an email column (other columns are ignored)."""
    found = Addresses()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        found.problems.append(Problem(None, 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'))
        return found
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [" ".join(cell.strip().lower().replace("_", " ").split()) for cell in next(reader, [])]
        columns = [index for index, cell in enumerate(header) if cell in COLUMN_NAMES["email"]]
        if not columns:
            found.problems.append(Problem(1, "The first line must name an email column"))
            return found
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if columns[0] < len(cells):
                found.add(line, cells[columns[0]])
    except csv.Error as error:
        found.problems.append(Problem(reader.line_num, f"The file is not valid CSV ({error})"))
        return found
    return found.finish()
