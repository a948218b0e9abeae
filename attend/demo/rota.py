"""The second demo leader: a ward manager on a 4-week rota of long days and nights, with a calendar to match,
so a newcomer sees how Diary, protected time and emails follow shifts (issue 18). No real person."""

from attend.accounts import services as account_services
from attend.accounts import working_pattern as wp
from attend.accounts.models import User
from attend.demo.diary import calendar_load, calendar_weeks
from attend.demo.sample_rota_calendar import WARD_ROTA, ward_manager_calendar
from attend.diary.models import DiaryImport

WARD_MANAGER = "ward@northfield.example"


def load() -> str:
    manager = User.objects.filter(email=WARD_MANAGER).first()
    if manager is None:
        return "Rota: no demo ward manager to load a rota for."
    if manager.diary_calendars.exists():
        return "Demo rota is already loaded."
    first, weeks = calendar_weeks(manager)
    pattern = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=first, rota=WARD_ROTA)
    account_services.working_pattern_save(user=manager, pattern=pattern)
    data = ward_manager_calendar(start=first, weeks=weeks, rota_starts_on=first, zone=manager.time_zone)
    diary_import = calendar_load(manager, data, name="Ward diary (demo)", file_name="ward-diary.ics")
    if diary_import.state != DiaryImport.State.DONE:
        return f"Rota: the demo ward diary could not be read: {diary_import.message}"
    return f"Loaded a 4-week rota and a ward diary of {diary_import.events_total:,} events for {manager.name}."
