"""Programme's forms. Each form that feeds a service also maps its fields to that service's arguments, so a view
passes them on without picking fields out by hand."""

import datetime
import zoneinfo

from django import forms
from django.utils import timezone

from attend.core.formatting import counted, long_date
from attend.nhsuk_forms import fields as nf
from attend.programme import enrolling
from attend.programme.models import Attendance, Cohort, Point, Session, SessionReply

DATE_ERROR = {"invalid": "Enter a real date, for example 14 03 2026"}
MINUTES = [("60", "1 hour"), ("90", "1 and a half hours"), ("120", "2 hours"), ("180", "3 hours"), ("240", "4 hours")]
MOST_AHEAD = datetime.timedelta(days=2 * 366)


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


def _https(value: str) -> str:
    if value and not value.lower().startswith("https://"):
        raise forms.ValidationError("Enter a link that starts with https://")
    return value


class ProgrammeForm(forms.Form):
    title = nf.CharField(label="Name of the programme", max_length=150, hint="For example: Compassionate leadership")
    description = nf.CharField(label="What it is about (optional)", required=False, max_length=3000, widget=_textarea())


class CohortForm(forms.Form):
    name = nf.CharField(label="Name of the cohort", max_length=120, hint="For example: Spring 2026")
    starts_on = nf.DateField(label="Starts on", error_messages=DATE_ERROR, hint="For example 14 03 2026")
    ends_on = nf.DateField(label="Ends on", error_messages=DATE_ERROR)
    status = nf.ChoiceField(
        fixed_choices=True,
        label="Status",
        choices=Cohort.Status.choices,
        widget=forms.RadioSelect,
        initial=Cohort.Status.PLANNED,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned


class CohortStatusForm(forms.Form):
    status = nf.ChoiceField(fixed_choices=True, label="Status", choices=Cohort.Status.choices, widget=forms.RadioSelect)


class PeopleInviteForm(forms.Form):
    """Addresses to invite: pasted, or a CSV file with an email column. All of them are read, or none."""

    addresses = nf.CharField(
        label="Email addresses",
        required=False,
        max_length=200_000,
        widget=_textarea(6),
        hint="One or more a line. They can be from your organisation or another one.",
    )
    file = nf.FileField(
        label="Or upload a CSV file",
        required=False,
        hint="The first line names the columns, including one called email.",
    )

    MAX_BYTES = 1024 * 1024
    MAX_PROBLEMS = 50

    def _read(self, found):
        if found.problems:
            shown = [str(problem) for problem in found.problems[: self.MAX_PROBLEMS]]
            if len(found.problems) > self.MAX_PROBLEMS:
                shown.append(f"And {counted(len(found.problems) - self.MAX_PROBLEMS, 'more problem')}")
            raise forms.ValidationError(["No one has been invited. " + shown[0], *shown[1:]])
        return found.emails

    def clean_addresses(self):
        return self._read(enrolling.addresses_from_text(self.cleaned_data["addresses"]))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return []
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        return self._read(enrolling.addresses_from_csv(upload.read()))

    def clean(self):
        cleaned = super().clean()
        emails = list(dict.fromkeys([*(cleaned.get("addresses") or []), *(cleaned.get("file") or [])]))
        if not emails and not self.errors:
            self.add_error("addresses", "Enter at least one email address, or upload a CSV file")
        cleaned["emails"] = emails
        return cleaned


class CapacityForm(forms.Form):
    places = nf.CharField(
        label="Places",
        required=False,
        max_length=4,
        hint="How many people the cohort has room for. Leave it empty for no limit.",
        classes="nhsuk-input--width-4",
        inputmode="numeric",
    )

    def clean_places(self):
        text = self.cleaned_data["places"].strip()
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 500:
            raise forms.ValidationError("Enter a number of places from 1 to 500, or leave it empty for no limit")
        return int(text)


class SessionForm(forms.Form):
    """Arrange a session, or change `session` (its details as they are now, the time in `time_zone`)."""

    title = nf.CharField(label="Title", max_length=150, hint="For example: Session 1, arriving and attending")
    day = nf.DateField(label="Date", error_messages=DATE_ERROR, hint="For example 14 03 2026")
    at = nf.TimeField(
        label="Start time",
        hint="In your own time zone, as set on your account page. For example, 09:30 or 9:30am.",
    )
    minutes = nf.ChoiceField(fixed_choices=True, label="Length", choices=MINUTES, initial="120")
    place = nf.CharField(label="Place (optional)", required=False, max_length=200, hint="For example: Room 2, Hub")
    video_link = nf.CharField(
        label="Video link (optional)", required=False, max_length=200, hint="It must start with https://"
    )
    description = nf.CharField(
        label="What the session covers (optional)", required=False, max_length=3000, widget=_textarea()
    )

    def __init__(self, *args, time_zone: str, cohort, session: Session | None = None, **kwargs):
        self.zone = zoneinfo.ZoneInfo(time_zone)
        self.cohort = cohort
        if session is not None:
            kwargs["initial"] = self._initial_from(session)
        super().__init__(*args, **kwargs)
        if session is not None and session.minutes not in {int(value) for value, _ in MINUTES}:
            # A length set some other way (the demo, an import) stays choosable.
            self.fields["minutes"].choices = [*MINUTES, (str(session.minutes), counted(session.minutes, "minute"))]

    def _initial_from(self, session: Session) -> dict:
        local = timezone.localtime(session.starts_at, self.zone)
        return {
            "title": session.title,
            "day": local.date(),
            "at": local.time(),
            "minutes": str(session.minutes),
            "place": session.place,
            "video_link": session.video_link,
            "description": session.description,
        }

    def session_details(self) -> dict:
        """The arguments `services.session_schedule` and `services.session_change` take, from a valid form."""
        data = self.cleaned_data
        details = {key: data[key] for key in ("title", "starts_at", "place", "video_link", "description")}
        return details | {"minutes": int(data["minutes"])}

    def clean_video_link(self):
        return _https(self.cleaned_data["video_link"].strip())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") and cleaned.get("at"):
            starts_at = datetime.datetime.combine(cleaned["day"], cleaned["at"], tzinfo=self.zone)
            if not self.cohort.starts_on <= cleaned["day"] <= self.cohort.ends_on:
                dates = f"{long_date(self.cohort.starts_on)} to {long_date(self.cohort.ends_on)}"
                self.add_error("day", f"Choose a date within the cohort's dates, {dates}")
            elif abs(starts_at - timezone.now()) > MOST_AHEAD:
                self.add_error("day", "Choose a date within two years of today")
            cleaned["starts_at"] = starts_at
        if not cleaned.get("place") and not cleaned.get("video_link") and not self.has_error("video_link"):
            self.add_error("place", "Enter a place or a video link, so people know where to go")
        return cleaned


class MaterialForm(forms.Form):
    title = nf.CharField(label="Title", max_length=150)
    link = nf.CharField(label="Link (optional)", required=False, max_length=200, hint="It must start with https://")
    text = nf.CharField(label="Text (optional)", required=False, max_length=5000, widget=_textarea())
    session = nf.ChoiceField(label="For", choices=[], required=False)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = list(sessions)
        self.fields["session"].choices = [("", "The whole cohort")] + [(str(s.pk), s.title) for s in self.sessions]

    def material_details(self) -> dict:
        """The arguments `services.material_add` takes, from a valid form: the chosen session, or None."""
        data = self.cleaned_data
        session = next((s for s in self.sessions if str(s.pk) == data["session"]), None)
        return {"title": data["title"], "link": data["link"], "text": data["text"], "session": session}

    def clean_link(self):
        return _https(self.cleaned_data["link"].strip())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("text") and not self.has_error("link"):
            self.add_error("link", "Add a link or some text")
        return cleaned


class AttendanceForm(forms.Form):
    """One choice per participant; anyone left unanswered is not recorded."""

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for place in self.participants:
            self.fields[f"p{place.pk.hex}"] = nf.ChoiceField(
                label=place.user.name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def statuses(self) -> dict[str, str]:
        return {
            str(place.pk): self.cleaned_data[f"p{place.pk.hex}"]
            for place in self.participants
            if self.cleaned_data.get(f"p{place.pk.hex}")
        }


class ReplyForm(forms.Form):
    answer = nf.ChoiceField(
        fixed_choices=True,
        label="Will you come to this session?",
        choices=[
            (SessionReply.Answer.ATTENDING, "Yes, I will come"),
            (SessionReply.Answer.NOT_ATTENDING, "No, I cannot come"),
            (SessionReply.Answer.MAYBE, "Maybe"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose attending, not attending or maybe"},
    )


class PostForm(forms.Form):
    text = nf.CharField(
        label="Your post",
        max_length=4000,
        widget=_textarea(4),
        hint="Plain text. Links are shown as links. Everyone in the cohort can read it.",
        error_messages={"required": "Write something to post"},
    )


class PostReportForm(forms.Form):
    REASONS = [
        ("spam", "It is spam or advertising"),
        ("unkind", "It is unkind, abusive or discriminatory"),
        ("private", "It shares something private about someone"),
        ("other", "Something else"),
    ]
    reason = nf.ChoiceField(
        fixed_choices=True,
        label="What is wrong with it",
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with the post"},
    )
    details = nf.CharField(
        label="Anything else the facilitator should know (optional)",
        required=False,
        max_length=250,
        widget=_textarea(2),
    )

    def reason_text(self) -> str:
        label = dict(self.REASONS)[self.cleaned_data["reason"]]
        details = self.cleaned_data["details"].strip()
        return f"{label}. {details}" if details else label


class AssignmentForm(forms.Form):
    point = nf.ChoiceField(
        fixed_choices=True, label="When in the programme", choices=Point.choices, widget=forms.RadioSelect
    )
    opens_on = nf.DateField(label="Opens on", error_messages=DATE_ERROR, hint="For example 14 03 2026")
    closes_on = nf.DateField(label="Closes on", error_messages=DATE_ERROR)
    retrospective = nf.BooleanField(
        label="Also ask how things were before the programme, looking back",
        hint="At the end only. People often rate their starting point differently once they know more.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("closes_on") and cleaned["closes_on"] < cleaned["opens_on"]:
            self.add_error("closes_on", "The closing date must be the same as or after the opening date")
        if cleaned.get("retrospective") and cleaned.get("point") != Point.END:
            self.add_error("retrospective", "Looking back is asked at the end of the programme only")
        return cleaned


def scale_choices(scale) -> list[tuple[str, str]]:
    """Words alone when every point has them; otherwise numbers, with the words where the scale has them
    ("1 (Almost never)", "2", ... "5 (Almost always)")."""
    if all(value in scale.labels for value in scale.values):
        return [(str(value), scale.labels[value]) for value in scale.values]
    return [
        (str(value), f"{value} ({scale.labels[value]})" if value in scale.labels else str(value))
        for value in scale.values
    ]


class QuestionnaireForm(forms.Form):
    """Every item of every measure, as radios on the measure's scale. All must be answered."""

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        self.names: dict[str, tuple[str, str]] = {}
        for m_index, measure in enumerate(self.measures, start=1):
            for i_index, item in enumerate(measure.items, start=1):
                name = f"m{m_index}i{i_index}"
                self.names[name] = (measure.key, item.key)
                self.fields[name] = nf.ChoiceField(
                    fixed_choices=True,
                    private_choice=True,
                    label=f"{i_index}. {item.text}",
                    choices=scale_choices(measure.scale),
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Choose an answer for statement {i_index} of {measure.short_title}"},
                )

    def fields_of(self, measure) -> list:
        return [self[name] for name, (key, _) in self.names.items() if key == measure.key]

    def answers(self) -> dict[str, dict[str, int]]:
        answers: dict[str, dict[str, int]] = {measure.key: {} for measure in self.measures}
        for name, (measure_key, item_key) in self.names.items():
            answers[measure_key][item_key] = int(self.cleaned_data[name])
        return answers
