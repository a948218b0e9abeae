"""Who may see what in Diary: the one place these rules live.

A diary is its owner's alone. Calendars, imports, events and chosen protected time are reached only
through the person who owns them; no other person, role or admin can reach them. Anything else is
DiaryCalendar.DoesNotExist (and so a 404), whoever asks.
"""

from django.db.models import F, Q

from attend.diary.models import DiaryCalendar, DiaryEvent, DiaryImport, DiaryWeekFigures, PeopleTimeRule


def calendars_of(user):
    return user.diary_calendars.all()


def calendar_for(user, calendar_id) -> DiaryCalendar:
    """Raises DiaryCalendar.DoesNotExist unless `user` owns the calendar."""
    return calendars_of(user).get(pk=calendar_id)


def import_for(user, import_id) -> DiaryImport:
    """Raises DiaryCalendar.DoesNotExist unless the import belongs to one of `user`'s calendars (or is `user`'s
    failed first import of a calendar that was then removed)."""
    mine = Q(calendar__owner=user) | Q(calendar__isnull=True, owner=user)
    try:
        # Never the payload: the progress page asks every second, and the file may be 50 MB.
        return DiaryImport.objects.defer("payload").select_related("calendar").get(mine, pk=import_id)
    except DiaryImport.DoesNotExist:
        raise DiaryCalendar.DoesNotExist


def events_of(user):
    """The events of the current import of each of `user`'s calendars (never a failed or replaced import)."""
    return DiaryEvent.objects.filter(
        diary_import__calendar__owner=user, diary_import=F("diary_import__calendar__current_import")
    )


def people_rule_of(user):
    """The person's own time-for-people rule, or None (the defaults)."""
    return PeopleTimeRule.objects.filter(owner=user).first()


def kept_figures_of(user):
    """The week figures kept for `user`'s own diary (diary/kept_figures.py): never anyone else's."""
    return DiaryWeekFigures.objects.filter(owner=user)


def choices_of(user):
    return user.protected_time.all()
