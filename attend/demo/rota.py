"""The second demo leader: a ward manager on a 4-week rota of long days and nights, with a calendar to match,
so a newcomer sees how Diary, protected time and emails follow shifts (issue 18). No real person."""

import datetime
import zoneinfo

from django.utils import timezone

from attend.accounts import services as account_services
from attend.accounts import working_pattern as wp
from attend.accounts.models import User
from attend.demo.sample_rota_calendar import WARD_ROTA, ward_manager_calendar
from attend.diary import services
from attend.diary.models import DiaryCalendar, DiaryImport

WARD_MANAGER = "ward@northfield.example"
WEEKS_BEFORE = 12
WEEKS_AFTER = 4


def load() -> str:
    manager = User.objects.filter(email=WARD_MANAGER).first()
    if manager is None:
        return "Rota: no demo ward manager to load a rota for."
    if manager.diary_calendars.exists():
        return "Demo rota is already loaded."
    zone = zoneinfo.ZoneInfo(manager.time_zone)
    today = timezone.localdate(timezone=zone)
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=WEEKS_BEFORE)
    pattern = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=first, rota=WARD_ROTA)
    account_services.working_pattern_save(user=manager, pattern=pattern)
    data = ward_manager_calendar(
        start=first, weeks=WEEKS_BEFORE + 1 + WEEKS_AFTER, rota_starts_on=first, zone=str(zone)
    )
    calendar = services.diary_calendar_create(
        owner=manager, source=DiaryCalendar.Source.UPLOAD, name="Ward diary (demo)"
    )
    diary_import = services.diary_import_start(calendar=calendar, data=data, file_name="ward-diary.ics", run_now=True)
    if diary_import.state != DiaryImport.State.DONE:
        return f"Rota: the demo ward diary could not be read: {diary_import.message}"
    return f"Loaded a 4-week rota and a ward diary of {diary_import.events_total:,} events for {manager.name}."
