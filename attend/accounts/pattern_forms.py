"""Forms for a person's working pattern (accounts/working_pattern.py): how they work, their rota, their
shifts, the calendar titles that mark a shift, and one-off changes. Each method `pattern(...)` turns the
cleaned form into the new Pattern the service saves."""

import dataclasses
import datetime

from django import forms

from attend.accounts import working_pattern as wp
from attend.accounts.models import WEEKDAYS
from attend.nhsuk_forms import fields as nf

KIND_CHOICES = [
    (wp.FIXED, "The same hours on the same days"),
    (wp.ROTA, "A rota of shifts that repeats every few weeks"),
    (wp.CALENDAR, "My shifts are in my calendar"),
]
DAY_NAMES = dict(WEEKDAYS)
SHIFT_ROWS = 6
CHANGES_AHEAD = datetime.timedelta(days=366)
CHANGES_BEHIND = datetime.timedelta(days=31)


class PatternKindForm(forms.Form):
    kind = nf.ChoiceField(
        fixed_choices=True,
        label="How do you work?",
        label_classes="nhsuk-fieldset__legend--m",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        hint="Attend uses this to measure your diary, to suggest protected time and to time its emails.",
        error_messages={"required": "Choose how you work"},
    )

    def pattern(self, current: wp.Pattern) -> wp.Pattern:
        return dataclasses.replace(current, kind=self.cleaned_data["kind"])


def shift_choices(pattern: wp.Pattern, *, short: bool = False) -> list[tuple[str, str]]:
    """Rest, then each shift: by name alone in the rota's narrow cells (its times are listed above the table)."""
    return [("", "Rest")] + [
        (shift.code, shift.name if short else f"{shift.name}, {shift.starts:%H:%M} to {shift.ends:%H:%M}")
        for shift in pattern.shifts
    ]


class RotaWeeksForm(forms.Form):
    """How many weeks the rota table shows (a GET form: nothing is saved until the rota is)."""

    weeks = nf.ChoiceField(
        fixed_choices=True,
        label="Weeks in your rota",
        choices=[(str(n), str(n)) for n in range(1, wp.MOST_ROTA_WEEKS + 1)],
        widget=forms.Select,
        hint="Up to 12. Choose, then show that many weeks.",
    )


class RotaForm(forms.Form):
    """A rota: its first day and, for each of `weeks` weeks, a shift (or rest) per day."""

    starts_on = nf.DateField(
        label="The date your rota's week 1 starts",
        hint="Usually a Monday. The rota repeats from here, forwards and backwards.",
        error_messages={"required": "Enter the date your rota starts", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, pattern: wp.Pattern, weeks: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        self.codes = {shift.code for shift in pattern.shifts}
        self.shifts = pattern
        choices = shift_choices(pattern, short=True)
        for week in range(weeks):
            for day in range(7):
                self.fields[self.cell(week, day)] = nf.ChoiceField(
                    fixed_choices=True,
                    label=f"Week {week + 1}, {DAY_NAMES[day]}",
                    label_classes="nhsuk-u-visually-hidden",
                    choices=choices,
                    required=False,
                    widget=forms.Select,
                    classes="app-rota-select",
                )

    @staticmethod
    def cell(week: int, day: int) -> str:
        return f"week_{week + 1}_{day}"

    def rows(self):
        """(week number, the week's seven bound fields) for the table."""
        return [(week + 1, [self[self.cell(week, day)] for day in range(7)]) for week in range(self.weeks)]

    def clean(self):
        rota = self._rota()
        if rota and not any(code for week in rota for code in week):
            self.add_error(self.cell(0, 0), "Your rota has no shifts. Choose a shift for at least one day")
            return self.cleaned_data
        self._check_rest_after_nights(rota)
        return self.cleaned_data

    def _rota(self) -> tuple[tuple[str | None, ...], ...]:
        return tuple(
            tuple(self.cleaned_data.get(self.cell(week, day)) or None for day in range(7)) for week in range(self.weeks)
        )

    def _check_rest_after_nights(self, rota) -> None:
        """A shift may not start before the night before it ends (the last day runs on to week 1)."""
        days = [code for week in rota for code in week]
        for index, code in enumerate(days):
            before = self.shifts.shift(days[index - 1])
            shift = self.shifts.shift(code)
            if before is None or shift is None or not before.crosses_midnight or shift.starts >= before.ends:
                continue
            week, day = divmod(index, 7)
            self.add_error(
                self.cell(week, day),
                f"Week {week + 1}, {DAY_NAMES[day]}: {shift.name} starts at {shift.starts:%H:%M}, before the "
                f"{before.name.lower()} before it ends at {before.ends:%H:%M}. Choose rest or a later shift",
            )

    def pattern(self, current: wp.Pattern) -> wp.Pattern:
        return dataclasses.replace(
            current, kind=wp.ROTA, rota_starts_on=self.cleaned_data["starts_on"], rota=self._rota()
        )


class ShiftsForm(forms.Form):
    """Up to SHIFT_ROWS shifts, each a short code, a name, a start and an end (a night ends the next day)."""

    def __init__(self, *args, pattern: wp.Pattern, **kwargs):
        super().__init__(*args, **kwargs)
        self.used = {code for week in pattern.rota for code in week if code} | {
            change.shift for change in pattern.changes if change.shift
        }
        for row in range(1, SHIFT_ROWS + 1):
            self.fields[f"code_{row}"] = nf.CharField(
                label="Short code",
                hint="For example, LD or N",
                max_length=6,
                required=False,
                classes="nhsuk-input--width-5",
            )
            self.fields[f"name_{row}"] = nf.CharField(label="Name", max_length=40, required=False)
            self.fields[f"starts_{row}"] = nf.TimeField(label="Starts at", required=False)
            self.fields[f"ends_{row}"] = nf.TimeField(
                label="Ends at", required=False, hint="An end before the start is the next morning"
            )

    def rows(self):
        return [
            (row, [self[f"{name}_{row}"] for name in ("code", "name", "starts", "ends")])
            for row in range(1, SHIFT_ROWS + 1)
        ]

    def clean(self):
        seen: set[str] = set()
        self.shifts: list[wp.Shift] = []
        for row in range(1, SHIFT_ROWS + 1):
            values = {name: self.cleaned_data.get(f"{name}_{row}") for name in ("code", "name", "starts", "ends")}
            if not any(values.values()):
                continue
            missing = [name for name, value in values.items() if not value and f"{name}_{row}" not in self.errors]
            for name in missing:
                self.add_error(f"{name}_{row}", f"Shift {row}: enter its {_WORDS[name]}, or clear the whole row")
            if missing or any(f"{name}_{row}" in self.errors for name in _WORDS):
                continue
            code = values["code"].strip()
            if code.casefold() in seen:
                self.add_error(f"code_{row}", f"Shift {row}: another shift already uses the code {code}")
                continue
            seen.add(code.casefold())
            if values["starts"] == values["ends"]:
                self.add_error(f"ends_{row}", f"Shift {row}: a shift cannot end at the moment it starts")
                continue
            self.shifts.append(wp.Shift(code, values["name"].strip(), values["starts"], values["ends"]))
        if not self.errors:
            for code in sorted(self.used - {shift.code for shift in self.shifts}):
                self.add_error(None, f"{code} is on your rota or in a one-off change. Change those days first")
        return self.cleaned_data

    def pattern(self, current: wp.Pattern) -> wp.Pattern:
        return dataclasses.replace(current, shifts=tuple(self.shifts))


_WORDS = {"code": "short code", "name": "name", "starts": "start time", "ends": "end time"}


def shifts_initial(pattern: wp.Pattern) -> dict:
    initial = {}
    for row, shift in enumerate(pattern.shifts or wp.NHS_SHIFTS, start=1):
        initial.update(
            {
                f"code_{row}": shift.code,
                f"name_{row}": shift.name,
                f"starts_{row}": shift.starts,
                f"ends_{row}": shift.ends,
            }
        )
    return initial


class CalendarRulesForm(forms.Form):
    rules = nf.CharField(
        label="Event titles that mark a shift",
        hint='One on each line, for example "Long day", "Night", "LD" or "N". An event whose title or category '
        "is one of these, or starts with one followed by a space or a mark, is a shift and not a meeting.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        error_messages={"required": "Enter at least one event title that marks a shift"},
    )

    def clean_rules(self):
        rules = [line.strip() for line in self.cleaned_data["rules"].splitlines() if line.strip()]
        if len(rules) > wp.MOST_RULES:
            raise forms.ValidationError(f"Enter at most {wp.MOST_RULES} titles")
        if any(len(rule) > 60 for rule in rules):
            raise forms.ValidationError("Each title can be at most 60 characters")
        return rules

    def pattern(self, current: wp.Pattern) -> wp.Pattern:
        return dataclasses.replace(current, kind=wp.CALENDAR, rules=tuple(self.cleaned_data["rules"]))


class ChangeForm(forms.Form):
    on = nf.DateField(
        label="Date",
        error_messages={"required": "Enter the date of the change", "invalid": "Enter a real date"},
    )
    kind = nf.ChoiceField(
        fixed_choices=True,
        label="What changes?",
        choices=[
            (wp.SWAP, "A different shift that day (or rest)"),
            (wp.EXTRA, "An extra shift"),
            (wp.LEAVE, "Leave: no work that day"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what changes"},
    )
    shift = nf.ChoiceField(
        fixed_choices=True, label="Shift", required=False, widget=forms.Select, hint="Not needed for leave"
    )

    def __init__(self, *args, pattern: wp.Pattern, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = shift_choices(pattern)
        self.current = pattern
        self.today = today

    def clean(self):
        on, kind, shift = (self.cleaned_data.get(name) for name in ("on", "kind", "shift"))
        if on and not self.today - CHANGES_BEHIND <= on <= self.today + CHANGES_AHEAD:
            self.add_error("on", "Enter a date from the last month or the coming year")
        if kind == wp.EXTRA and not shift:
            self.add_error("shift", "Choose the extra shift")
        if len(self.current.changes) >= wp.MOST_CHANGES:
            self.add_error("on", f"You have {wp.MOST_CHANGES} changes already. Remove one you no longer need first")
        return self.cleaned_data

    def pattern(self, current: wp.Pattern) -> wp.Pattern:
        data = self.cleaned_data
        change = wp.Change(data["on"], data["kind"], None if data["kind"] == wp.LEAVE else (data["shift"] or None))
        kept = [
            c for c in current.changes if not (c.on == change.on and change.kind != wp.EXTRA and c.kind != wp.EXTRA)
        ]
        return dataclasses.replace(current, changes=tuple(sorted([*kept, change], key=lambda c: (c.on, c.kind))))


class ChangeRemoveForm(forms.Form):
    on = forms.DateField()
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in wp.CHANGE_KINDS])
