from django import forms

from attend.nhsuk_forms import fields as nf
from attend.nudges import rules
from attend.nudges.kinds import KINDS

WEEKDAYS = [
    (str(number), name)
    for number, name in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
]


class PreferencesForm(forms.Form):
    email_enabled = nf.BooleanField(
        label="Send me emails",
        hint="If you turn this off, you will still see everything on your Today page.",
    )
    digest = nf.ChoiceField(
        label="How often",
        choices=[(rules.DAILY, "Once a day, at most"), (rules.WEEKLY, "Once a week")],
        widget=forms.RadioSelect,
    )
    digest_at = nf.TimeField(label="At what time", hint="Within your working hours. For example, 09:00.")
    digest_weekday = nf.ChoiceField(label="On which day (weekly only)", choices=WEEKDAYS)
    emailed_kinds = nf.MultipleChoiceField(
        label="Email me about",
        required=False,
        choices=[(kind.key, kind.label[0].upper() + kind.label[1:]) for kind in KINDS],
        hint="Anything you untick still appears on your Today page, quietly.",
    )

    def __init__(self, *args, pattern: rules.WorkingPattern, **kwargs):
        super().__init__(*args, **kwargs)
        self.pattern = pattern

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("email_enabled"):
            return cleaned
        choice = rules.DigestChoice(
            frequency=cleaned["digest"], at=cleaned["digest_at"], weekday=int(cleaned["digest_weekday"])
        )
        for field, problem in rules.digest_problems(choice, self.pattern):
            self.add_error(field, problem)
        return cleaned


class BudgetForm(forms.Form):
    per_day = nf.ChoiceField(
        label="Emails a day, at most",
        choices=[(str(number), str(number)) for number in range(rules.MOST_EMAILS_PER_DAY + 1)],
        widget=forms.RadioSelect,
        hint="The default is 1; Attend never sends more than 2. With 0, everything waits on each person's Today page.",
    )
    per_week = nf.ChoiceField(
        label="Emails a week, at most",
        choices=[(str(number), str(number)) for number in range(rules.MOST_EMAILS_PER_WEEK + 1)],
        hint="The default is 5.",
    )
