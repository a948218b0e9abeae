import functools

from django import forms

from attend.accounts.models import WEEKDAYS, time_zone_choices
from attend.diary import fetching
from attend.diary.calendar_read import MAX_BYTES, NOT_A_CALENDAR, starts_like_a_calendar
from attend.diary.people_time import LARGEST_SMALL_MEETING
from attend.nhsuk_forms import fields as nf

CALENDAR_EXTENSIONS = (".ics", ".ical", ".ifb", ".icalendar")
HEAD_BYTES = 4096  # enough to see past a byte-order mark and blank lines to BEGIN:VCALENDAR


def _name_field(initial: str):
    return nf.CharField(
        label="Name for this calendar",
        max_length=100,
        initial=initial,
        hint="Only you see it. For example: Work calendar",
        error_messages={"required": "Enter a name for this calendar"},
    )


def _file_field():
    return nf.FileField(
        label="Upload an .ics calendar file",
        hint="Up to 50 MB. The steps below show how to export one from Outlook, NHSmail, Google or Apple.",
        error_messages={"required": "Choose an .ics file to upload", "empty": "The file you chose is empty"},
    )


def clean_calendar_file(upload):
    """Size first: a file over the limit is refused before anything reads it."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError("The file must be 50 MB or smaller")
    if not upload.name.lower().endswith(CALENDAR_EXTENSIONS):
        raise forms.ValidationError("The file must be an .ics calendar file")
    # A file that is not a calendar at all is said here, so it leaves no calendar behind; everything else is
    # read in the background.
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if starts_like_a_calendar(head, whole=len(head) >= upload.size) is False:
        raise forms.ValidationError(NOT_A_CALENDAR)
    return upload


class UploadForm(forms.Form):
    name = _name_field("Work calendar")
    file = _file_field()

    def clean_file(self):
        return clean_calendar_file(self.cleaned_data["file"])


class ReplaceFileForm(forms.Form):
    file = _file_field()

    def clean_file(self):
        return clean_calendar_file(self.cleaned_data["file"])


class SubscriptionForm(forms.Form):
    name = _name_field("Work calendar")
    url = nf.CharField(
        label="Calendar link",
        max_length=2000,
        hint="The ICS link your calendar publishes. It starts with https:// or webcal:// and ends in .ics.",
        error_messages={"required": "Enter your calendar's ICS link"},
    )

    def clean_url(self):
        try:
            return fetching.subscription_url_clean(self.cleaned_data["url"])
        except fetching.FetchFailed as error:
            raise forms.ValidationError(error.message)


class CalDAVForm(forms.Form):
    name = _name_field("Calendar")
    url = nf.CharField(
        label="CalDAV address",
        max_length=2000,
        hint="The address of the calendar itself, starting with https://",
        error_messages={"required": "Enter the calendar's CalDAV address"},
    )
    username = nf.CharField(
        label="User name",
        max_length=200,
        autocomplete="username",
        error_messages={"required": "Enter your user name for the calendar"},
    )
    password = nf.PasswordField(
        label="App password",
        max_length=500,
        autocomplete="off",
        hint="Make an app password in your calendar account's security settings. Do not use your main password.",
        error_messages={"required": "Enter an app password"},
    )

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter the calendar's address, starting with https://")
        return url


class RenameForm(forms.Form):
    name = _name_field("")


@functools.cache
def _time_zone_choices() -> tuple[tuple[str, str], ...]:
    """The zones, listed once a process: the list walks the zone files on disk, and they do not change while it runs."""
    return tuple(time_zone_choices())


class WorkingHoursForm(forms.Form):
    time_zone = nf.ChoiceField(label="Time zone", choices=_time_zone_choices, widget=forms.Select)
    working_days = nf.TypedMultipleChoiceField(
        label="Which days do you usually work?",
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"required": "Select at least one working day"},
    )
    starts = nf.TimeField(
        label="Your working day usually starts at",
        hint="For example, 08:30",
        error_messages={"required": "Enter when your working day starts"},
    )
    ends = nf.TimeField(
        label="Your working day usually ends at",
        hint="For example, 17:00",
        error_messages={"required": "Enter when your working day ends"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", "The end of your working day must be after its start")
        return cleaned


class ProtectedTimeForm(forms.Form):
    """Which of the offered blocks to keep. The page draws the checkboxes (with each block's reason)."""

    chosen = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(key, key) for key in keys]
        self.fields["chosen"].error_messages["invalid_choice"] = "That block is no longer offered: choose again"


SMALL_MEETING_CHOICES = [("0", "Do not count small meetings")] + [
    (str(n), f"{n} people or fewer") for n in range(2, LARGEST_SMALL_MEETING + 1)
]
MAX_TITLE_WORDS = 20


class PeopleRuleForm(forms.Form):
    title_words = nf.CharField(
        label="Words in the title of a one-to-one",
        max_length=500,
        required=False,
        hint="Separate them with commas. Capitals and hyphens do not matter. For example: 1:1, one to one",
    )
    small_meeting = nf.ChoiceField(
        label="Count a small meeting with someone from your team",
        choices=SMALL_MEETING_CHOICES,
        widget=forms.Select,
        hint="Attend knows your team by the email addresses in Attend, and counts meetings with at least one of them.",
    )
    connect = nf.BooleanField(label="Count the Connect conversations you hold")

    def clean_title_words(self):
        words = [word.strip() for word in self.cleaned_data["title_words"].split(",") if word.strip()]
        if len(words) > MAX_TITLE_WORDS:
            raise forms.ValidationError(f"Enter {MAX_TITLE_WORDS} words or phrases or fewer")
        if any(len(word) > 50 for word in words):
            raise forms.ValidationError("Each word or phrase must be 50 characters or fewer")
        return words

    def rule_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title_words": data["title_words"],
            "small_meeting": int(data["small_meeting"]),
            "connect": data["connect"],
        }
