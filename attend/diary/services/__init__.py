"""Writes for Diary, one module per journey. Callers reach calendars and imports through `access` first.

- `calendars`: adding (an upload, a subscription link, a CalDAV account), renaming and deleting a calendar;
- `imports`: importing a calendar all or nothing, the worker's hook when it stops an import, the tidy-up;
- `refreshing`: refreshing linked calendars when due, backing off when they fail, the periodic job;
- `working_time`: working hours, chosen protected time and the rule for time with people;
- `common`: the weeks of events kept and how often a link is read again.

Everything is re-exported here, so `from attend.diary import services` and `services.diary_import_start(...)`
keep working, and so do the dotted paths the worker and the clock name (`attend.diary.services.diary_refresh_job`,
`...diary_import_task_failed`, `...diary_refresh_task_failed`).
"""

from attend.diary.services.calendars import (
    diary_caldav_add,
    diary_calendar_create,
    diary_calendar_delete,
    diary_calendar_rename,
    diary_subscription_add,
    diary_upload_add,
)
from attend.diary.services.common import WEEKS_AFTER, WEEKS_BEFORE, refresh_interval, stored_window
from attend.diary.services.imports import (
    BATCH,
    SKIPPED_KEPT,
    STALE_IMPORT,
    STOPPED_ANYWAY,
    STOPPED_MESSAGES,
    UNFINISHED,
    diary_import_run,
    diary_import_start,
    diary_import_task_failed,
    diary_imports_tidy,
)
from attend.diary.services.refreshing import (
    FAILURES_BEFORE_TELLING,
    calendars_due,
    diary_calendar_refresh,
    diary_refresh_due,
    diary_refresh_job,
    diary_refresh_task_failed,
)
from attend.diary.services.working_time import people_rule_save, protected_time_choose, working_hours_save

__all__ = [
    "BATCH",
    "FAILURES_BEFORE_TELLING",
    "SKIPPED_KEPT",
    "STALE_IMPORT",
    "STOPPED_ANYWAY",
    "STOPPED_MESSAGES",
    "UNFINISHED",
    "WEEKS_AFTER",
    "WEEKS_BEFORE",
    "calendars_due",
    "diary_caldav_add",
    "diary_calendar_create",
    "diary_calendar_delete",
    "diary_calendar_refresh",
    "diary_calendar_rename",
    "diary_import_run",
    "diary_import_start",
    "diary_import_task_failed",
    "diary_imports_tidy",
    "diary_refresh_due",
    "diary_refresh_job",
    "diary_refresh_task_failed",
    "diary_subscription_add",
    "diary_upload_add",
    "people_rule_save",
    "protected_time_choose",
    "refresh_interval",
    "stored_window",
    "working_hours_save",
]
