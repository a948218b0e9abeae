import datetime
import zoneinfo

from django import forms
from django.utils import timezone

from attend.connect import guides
from attend.nhsuk_forms import fields as nf

MOST_AHEAD_OR_BEHIND = datetime.timedelta(days=366)
MINUTES = [("15", "15 minutes"), ("30", "30 minutes"), ("45", "45 minutes"), ("60", "1 hour")]
REPEATS = [("", "Just once"), ("1", "Every week"), *((str(n), f"Every {n} weeks") for n in (2, 3, 4, 6, 8))]
TIMES = [(str(n), str(n)) for n in (2, 3, 4, 6, 8, 10, 12, 26)]
# The last of a series at most a year after the first.
SERIES_WEEKS = 52


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class CadenceForm(forms.Form):
    cadence_days = nf.ChoiceField(
        fixed_choices=True,
        label="How often you aim to talk",
        choices=[(str(days), name) for days, name in guides.CADENCES],
    )


class ScheduleForm(forms.Form):
    kind = nf.ChoiceField(
        fixed_choices=True, label="Kind of conversation", choices=guides.KINDS, widget=forms.RadioSelect
    )
    day = nf.DateField(label="Date", error_messages={"invalid": "Enter a real date, for example 14 03 2026"})
    at = nf.TimeField(
        label="Time",
        hint="In your own time zone, as set on your account page. For example, 14:30 or 2:30pm.",
    )
    minutes = nf.ChoiceField(fixed_choices=True, label="Length", choices=MINUTES, initial="30")
    place = nf.CharField(
        label="Where (optional)", required=False, max_length=120, hint="Somewhere quiet, for example: the garden room"
    )
    every_weeks = nf.ChoiceField(
        fixed_choices=True,
        label="Repeat",
        required=False,
        choices=REPEATS,
        initial="",
        hint="Regular 1:1s at the same time. Each one can be moved to held or cancelled on its own.",
    )
    times = nf.ChoiceField(
        fixed_choices=True, label="How many in the series", required=False, choices=TIMES, initial="6"
    )
    already_held = nf.BooleanField(
        label="This conversation has already happened",
        hint="To record a conversation you did not arrange in Attend. No one is notified.",
    )

    def __init__(self, *args, time_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(time_zone)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") and cleaned.get("at"):
            starts_at = datetime.datetime.combine(cleaned["day"], cleaned["at"], tzinfo=self.zone)
            now = timezone.now()
            if cleaned.get("already_held") and starts_at > now:
                self.add_error("day", "A conversation that has already happened needs a date and time in the past")
            elif not cleaned.get("already_held") and starts_at <= now:
                self.add_error("day", "Choose a date and time in the future")
            elif abs(starts_at - now) > MOST_AHEAD_OR_BEHIND:
                self.add_error("day", "Choose a date within a year of today")
            cleaned["starts_at"] = starts_at
        self._clean_series(cleaned)
        return cleaned

    def _clean_series(self, cleaned) -> None:
        every = int(cleaned.get("every_weeks") or 0)
        times = int(cleaned.get("times") or 1) if every else 1
        if every and cleaned.get("already_held"):
            self.add_error("every_weeks", "A conversation that has already happened cannot repeat: choose Just once")
        elif every and every * (times - 1) > SERIES_WEEKS:
            self.add_error("times", f"A series can run for up to a year: choose at most {SERIES_WEEKS // every + 1}")
        cleaned["every_weeks"], cleaned["times"] = every or None, times


class SharedNotesForm(forms.Form):
    summary = nf.CharField(
        label="What you talked about",
        required=False,
        max_length=5000,
        widget=_textarea(),
        hint="You both see this. Write only what you both agree to keep.",
    )
    plan = nf.CharField(label="What you agreed", required=False, max_length=5000, widget=_textarea())


class PrivateNoteForm(forms.Form):
    text = nf.CharField(
        label="Your private note",
        required=False,
        max_length=5000,
        widget=_textarea(),
        hint="Only you can see this, not the other person and not your organisation.",
    )


class TalkingPointForm(forms.Form):
    # Not "text": the action form on the same page has that field, and ids must be unique.
    point = nf.CharField(
        label="Add a talking point", max_length=300, hint="Something either of you wants to talk about."
    )


class ActionForm(forms.Form):
    text = nf.CharField(label="Action", max_length=300)
    owner = nf.ChoiceField(label="Who will do it", choices=[], widget=forms.RadioSelect)
    due_on = nf.DateField(
        label="By when (optional)",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 14 03 2026"},
    )

    def __init__(self, *args, pairing, kept_due_on: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(pairing.leader.pk): pairing.leader, str(pairing.person.pk): pairing.person}
        self.fields["owner"].choices = [(key, person.name) for key, person in self.people.items()]
        # Changing an overdue action keeps its date unless the date itself is changed.
        self.kept_due_on = kept_due_on

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on is not None and due_on < timezone.localdate() and due_on != self.kept_due_on:
            raise forms.ValidationError(guides.PAST_DUE)
        return due_on

    def chosen_owner(self):
        return self.people[self.cleaned_data["owner"]]


class PlanForm(forms.Form):
    """The person's own plan: every section optional, which sections their leader sees, and a review date."""

    review_on = nf.DateField(
        label="Review by",
        hint="At least once a year. For example 14 03 2027.",
        error_messages={"invalid": "Enter a real date, for example 14 03 2027"},
    )
    shared_sections = nf.MultipleChoiceField(
        fixed_choices=True,
        label="What your leader can see",
        required=False,
        choices=[(section.key, section.label) for section in guides.PLAN_SECTIONS],
        hint="Nothing is shared unless you tick it. You can change this at any time.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in guides.PLAN_SECTIONS:
            self.fields[section.key] = nf.CharField(
                label=section.label, required=False, max_length=3000, widget=_textarea(3), hint=section.hint
            )

    def section_fields(self):
        return [self[section.key] for section in guides.PLAN_SECTIONS]

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        today = timezone.localdate()
        if review_on < today:
            raise forms.ValidationError("Choose a review date today or later")
        if review_on > today + datetime.timedelta(days=366):
            raise forms.ValidationError("Review your plan at least once a year: choose a date within a year")
        return review_on

    def sections(self) -> dict[str, str]:
        return {section.key: self.cleaned_data[section.key] for section in guides.PLAN_SECTIONS}


class SupportServiceForm(forms.Form):
    name = nf.CharField(label="Name", max_length=100, hint="For example: Occupational health")
    description = nf.CharField(label="What it offers", max_length=300)
    contact = nf.CharField(label="How to reach it", max_length=200, hint="A phone number, email or intranet page")
