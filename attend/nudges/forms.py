from django import forms

from attend.nhsuk_forms import fields as nf
from attend.nudges import rules
from attend.nudges.kinds import KIND_KEYS, KINDS

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
        fixed_choices=True,
        label="How often",
        choices=[(rules.DAILY, "Once a day, at most"), (rules.WEEKLY, "Once a week")],
        widget=forms.RadioSelect,
    )
    digest_at = nf.TimeField(label="At what time", hint="Within your working hours. For example, 09:00.")
    digest_weekday = nf.ChoiceField(fixed_choices=True, label="On which day (weekly only)", choices=WEEKDAYS)
    emailed_kinds = nf.MultipleChoiceField(
        fixed_choices=True,
        label="Email me about",
        required=False,
        choices=[(kind.key, kind.label[0].upper() + kind.label[1:]) for kind in KINDS],
        hint="Anything you untick still appears on your Today page, quietly.",
    )

    def __init__(self, *args, pattern: rules.WorkingPattern, **kwargs):
        super().__init__(*args, **kwargs)
        self.pattern = pattern

    @staticmethod
    def initial_for(preference) -> dict:
        """The form as the person's saved choices (a NudgePreference) fill it in."""
        return {
            "email_enabled": preference.email_enabled,
            "digest": preference.digest,
            "digest_at": preference.digest_at,
            "digest_weekday": str(preference.digest_weekday),
            "emailed_kinds": [kind for kind in KIND_KEYS if kind not in preference.email_off],
        }

    def preference_arguments(self) -> dict:
        """The valid form as `services.preference_save`'s keyword arguments, all but `person`."""
        data = self.cleaned_data
        return {
            "email_enabled": data["email_enabled"],
            "digest": data["digest"],
            "digest_at": data["digest_at"],
            "digest_weekday": int(data["digest_weekday"]),
            "email_off": [kind for kind in KIND_KEYS if kind not in data["emailed_kinds"]],
        }

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
        fixed_choices=True,
        label="Emails a day, at most",
        choices=[(str(number), str(number)) for number in range(rules.MOST_EMAILS_PER_DAY + 1)],
        widget=forms.RadioSelect,
        hint="The default is 1; Attend never sends more than 2. With 0, everything waits on each person's Today page.",
    )
    per_week = nf.ChoiceField(
        fixed_choices=True,
        label="Emails a week, at most",
        choices=[(str(number), str(number)) for number in range(rules.MOST_EMAILS_PER_WEEK + 1)],
        hint="The default is 5.",
    )

    @staticmethod
    def initial_for(budget: rules.Budget) -> dict:
        return {"per_day": str(budget.per_day), "per_week": str(budget.per_week)}

    def budget_arguments(self) -> dict:
        """The valid form as `services.email_budget_set`'s keyword arguments, all but `organisation` and `by`."""
        return {"per_day": int(self.cleaned_data["per_day"]), "per_week": int(self.cleaned_data["per_week"])}
