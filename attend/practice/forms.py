"""Practice's forms, and how each maps what was typed to a service's arguments."""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.http import urlencode

from attend.core.validators import TextValidator
from attend.nhsuk_forms import fields as nf
from attend.practice import content
from attend.practice.timing import (
    BELLS,
    MAX_LOGGED_SECONDS,
    MAX_PREPARATION_SECONDS,
    MAX_SESSION_SECONDS,
    DurationError,
    Stage,
    TimerSettings,
    format_clock,
    format_duration,
    parse_clock,
    parse_duration,
    stage_problems,
)
from attend.reflect.content import feeling_families
from attend.reflect.forms import feeling_choices

STAGE_COUNT = 4
# Everything that sets a timer, as it travels in a link to the player.
TIMER_FIELDS = ("preparation", "bell", "vibrate", "name") + tuple(
    f"stage{number}_{part}" for number in range(1, STAGE_COUNT + 1) for part in ("name", "length", "interval", "points")
)
# A phone's clock can run fast; a log from a day ahead is a broken clock, not a session.
CLOCK_SKEW = timedelta(days=1)
OLDEST_LOGGED = timedelta(days=366)
PREPARATION_CHOICES = [
    ("0", "None"),
    ("5", "5 seconds"),
    ("10", "10 seconds"),
    ("30", "30 seconds"),
    ("60", "1 minute"),
]
_SEPARATORS = re.compile(r"[,;\s]+")


class DurationField(nf.CharField):
    """Minutes ("20") or minutes and seconds ("2:30"), cleaned to seconds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("classes", "nhsuk-input--width-5")
        kwargs.setdefault("inputmode", "numeric")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return format_duration(value) if isinstance(value, int) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_duration(value)
        except DurationError as error:
            raise forms.ValidationError(str(error))


class PointsField(nf.CharField):
    """Times for bells within a stage: "0, 25, 30, 55" in minutes, or with seconds, "0:30, 2:00"."""

    def prepare_value(self, value):
        return ", ".join(format_duration(point) for point in value) if isinstance(value, list | tuple) else value

    def clean(self, value):
        value = super().clean(value)
        parts = [part for part in _SEPARATORS.split(value or "") if part]
        try:
            return sorted({parse_duration(part) for part in parts})
        except DurationError as error:
            raise forms.ValidationError(str(error))


class TimerForm(forms.Form):
    """A timer session: up to four stages, each with its own bells, and a preparation countdown.

    Stage 1 always counts; a later stage counts once anything in it is filled in. A stage with no length is
    open-ended, and only the last stage may be.
    """

    preparation = nf.ChoiceField(
        fixed_choices=True,
        label="Preparation countdown",
        choices=PREPARATION_CHOICES,
        initial="10",
        hint="Time to settle before the first bell.",
    )
    bell = nf.ChoiceField(fixed_choices=True, label="Bell", choices=BELLS, initial="bowl", widget=forms.RadioSelect)
    vibrate = nf.BooleanField(
        label="Also vibrate at each bell",
        hint="On phones that can. Vibration only works while the screen is on.",
    )
    name = nf.CharField(
        label="Name (to save this timer)",
        required=False,
        max_length=80,
        hint="For example: Sit, walk, sit",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, STAGE_COUNT + 1):
            self.fields[f"stage{number}_name"] = nf.CharField(
                label="Name",
                required=False,
                max_length=40,
                initial="Sit" if number == 1 else "",
                classes="nhsuk-u-width-two-thirds",
            )
            self.fields[f"stage{number}_length"] = DurationField(
                label="Length",
                required=False,
                initial=1200 if number == 1 else None,
                hint="Minutes, like 20, or minutes and seconds, like 2:30. Leave empty for open-ended.",
            )
            self.fields[f"stage{number}_interval"] = DurationField(
                label="Bell every (optional)", required=False, hint="For example, 5 for a bell every 5 minutes."
            )
            self.fields[f"stage{number}_points"] = PointsField(
                label="Bells at chosen times (optional)",
                required=False,
                hint="Minutes from the start of this stage, separated by commas, like 0, 25, 30, 55.",
            )

    def stage_rows(self) -> list[dict]:
        """The bound fields of each stage, for the template."""
        return [
            {
                "number": number,
                "fields": [self[f"stage{number}_{part}"] for part in ("name", "length", "interval", "points")],
            }
            for number in range(1, STAGE_COUNT + 1)
        ]

    def _stage_in_use(self, number: int) -> bool:
        if number == 1:
            return True
        data = self.cleaned_data
        return any(data.get(f"stage{number}_{part}") for part in ("name", "length", "interval", "points"))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        numbers = [number for number in range(1, STAGE_COUNT + 1) if self._stage_in_use(number)]
        stages = []
        for position, number in enumerate(numbers):
            stage = Stage(
                name=cleaned.get(f"stage{number}_name") or ("Sit" if len(numbers) == 1 else f"Stage {position + 1}"),
                seconds=cleaned.get(f"stage{number}_length"),
                interval_seconds=cleaned.get(f"stage{number}_interval"),
                points=tuple(cleaned.get(f"stage{number}_points") or ()),
            )
            for problem in stage_problems(stage, is_last=position == len(numbers) - 1):
                self.add_error(f"stage{number}_length", f"Stage {position + 1}: {problem}")
            stages.append(stage)
        cleaned["stages"] = tuple(stages)
        whole = TimerSettings(stages=cleaned["stages"]).planned_seconds
        if len(stages) > 1 and whole and whole > MAX_SESSION_SECONDS and not self.errors:
            self.add_error("stage1_length", "Keep the whole timer to 4 hours or less")
        return cleaned

    def timer_settings(self) -> TimerSettings:
        data = self.cleaned_data
        return TimerSettings(
            stages=data["stages"],
            preparation_seconds=min(int(data["preparation"]), MAX_PREPARATION_SECONDS),
            bell=data["bell"],
            vibrate=data["vibrate"],
        )

    @classmethod
    def initial_from(cls, settings: TimerSettings, *, name: str = "") -> dict:
        initial = {
            "preparation": str(settings.preparation_seconds),
            "bell": settings.bell,
            "vibrate": settings.vibrate,
            "name": name,
        }
        for number in range(1, STAGE_COUNT + 1):
            stage = settings.stages[number - 1] if number <= len(settings.stages) else None
            initial[f"stage{number}_name"] = stage.name if stage else ""
            initial[f"stage{number}_length"] = stage.seconds if stage else None
            initial[f"stage{number}_interval"] = stage.interval_seconds if stage else None
            initial[f"stage{number}_points"] = list(stage.points) if stage else []
        return initial

    def start_query(self) -> str:
        """The timer as the query of a link that can be bookmarked: what was sent, without the empty fields."""
        return urlencode([(name, self.data[name]) for name in TIMER_FIELDS if self.data.get(name)])


class PresetForm(TimerForm):
    """Saving needs a name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].label = "Name"
        self.fields["name"].error_messages["required"] = "Enter a name for this timer"


class CheckInForm(forms.Form):
    feeling = nf.ChoiceField(
        fixed_choices=True,
        private_choice=True,
        label="How do you feel now?",
        required=False,
        choices=feeling_choices,
        template_name="reflect/_feeling_field.jinja",
    )
    note = nf.CharField(
        label="A note for yourself (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        hint="Only you can see this.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feeling"].families = feeling_families()
        self.fields["feeling"].open_picker = True


class PracticeSettingsForm(forms.Form):
    show_streaks = nf.BooleanField(
        label="Show how many days in a row I have practised",
        hint="Off unless you turn it on. Missing a day is fine: the count just starts again.",
    )
    remind_on_working_days = nf.BooleanField(
        label="Remind me to practise on my working days",
        hint="One line on your Today page, and in your email from Attend. Never outside your working hours.",
    )

    def preference(self) -> dict:
        """The arguments of `practice_preference_set`. A box left unticked is not sent, and so is off."""
        self.is_valid()
        return {
            "show_streaks": self.cleaned_data.get("show_streaks", False),
            "remind_on_working_days": self.cleaned_data.get("remind_on_working_days", False),
        }


class OrganisationPracticeForm(forms.Form):
    title = nf.CharField(label="Title", max_length=100)
    purpose = nf.CharField(label="What it is for", max_length=140, hint="One sentence.")
    when = nf.CharField(label="When to use it", max_length=140, hint="One sentence.")
    length = nf.CharField(label="Length", classes="nhsuk-input--width-5", hint="Minutes and seconds, like 5:00.")
    script = nf.CharField(
        label="Script",
        max_length=content.MAX_SCRIPT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        hint=(
            "One cue per line, each starting with its time from the start, like “0:00 Settle into your seat”. "
            "A line without a time carries on the cue above. The first cue is at 0:00; leave 10 seconds "
            "after the last cue for the closing bell."
        ),
    )

    @staticmethod
    def initial_from(practice) -> dict:
        return {
            "title": practice.title,
            "purpose": practice.purpose,
            "when": practice.when,
            "length": format_clock(practice.length_seconds),
            "script": practice.script,
        }

    def practice_fields(self) -> dict:
        """The arguments of `organisation_practice_save` that come from the form."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "purpose": data["purpose"],
            "when": data["when"],
            "length_seconds": data["length"],
            "script": data["script"],
        }

    def clean_length(self):
        try:
            seconds = parse_clock(self.cleaned_data["length"])
        except DurationError as error:
            raise forms.ValidationError(str(error))
        shortest, longest = content.OWN_PRACTICE_SECONDS
        if not shortest <= seconds <= longest:
            raise forms.ValidationError("Enter a length between 0:11 and 60:00")
        return seconds

    def clean(self):
        cleaned = super().clean()
        if "length" in cleaned and "script" in cleaned:
            try:
                content.parse_cues(cleaned["script"], length_seconds=cleaned["length"])
            except content.ScriptError as error:
                for problem in error.problems:
                    self.add_error("script", problem)
        return cleaned


class IsoDateTimeField(forms.DateTimeField):
    """A date and time sent as an ISO 8601 string; anything else (a number, a list) is simply invalid."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SessionLogForm(forms.Form):
    """What the player reports about a session (as JSON). Validated like any form; errors answer 422."""

    client_id = forms.UUIDField()
    kind = forms.ChoiceField(choices=[("guided", "Guided"), ("timer", "Timer")])
    practice_key = forms.CharField(max_length=80, validators=[TextValidator()])
    title = forms.CharField(max_length=100, validators=[TextValidator()])
    started_at = IsoDateTimeField()
    planned_seconds = forms.IntegerField(required=False, min_value=1, max_value=MAX_SESSION_SECONDS)
    actual_seconds = forms.IntegerField(required=False, min_value=0)
    ended = forms.BooleanField(required=False)
    completed = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        started_at = cleaned.get("started_at")
        now = timezone.now()
        if started_at and started_at > now + CLOCK_SKEW:
            self.add_error("started_at", "A session cannot start in the future")
        elif started_at and started_at < now - OLDEST_LOGGED:
            self.add_error("started_at", "A session more than a year old cannot be logged")
        elif started_at and started_at > now:
            # A device clock a little fast: the session happened now, whatever it says.
            cleaned["started_at"] = now
        if cleaned.get("actual_seconds"):
            cleaned["actual_seconds"] = min(cleaned["actual_seconds"], MAX_LOGGED_SECONDS)
        if cleaned.get("ended") and cleaned.get("actual_seconds") is None:
            self.add_error("actual_seconds", "An ended session needs its length")
        return cleaned
