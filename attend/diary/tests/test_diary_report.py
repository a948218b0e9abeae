"""`manage.py diary_report`: exit codes, stderr lines, JSON and JSON lines, never a traceback."""

import json
import subprocess
import sys
import warnings
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from attend.diary.management.commands import diary_report as diary_report_command

CALENDARS = Path(__file__).parent / "calendars"
GOOD = str(CALENDARS / "recurrence_exceptions.ics")
OUTLOOK = str(CALENDARS / "outlook_gmt_standard_time.ics")
TRUNCATED = str(CALENDARS / "broken_truncated.ics")
PARTLY_BROKEN = str(CALENDARS / "partly_broken_bad_date.ics")
RANGE = ["--from", "2026-03-02", "--to", "2026-03-15"]
ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("diary_report", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_one_file_as_json():
    code, out, err = run(GOOD, *RANGE, "--json")

    report = json.loads(out)
    assert code == 0 and err == ""
    assert report["file"] == GOOD
    assert report["events"] == 5
    assert [week["week_start"] for week in report["weeks"]] == ["2026-03-02", "2026-03-09"]
    assert report["weeks"][0]["observations"]
    assert len(report["days"]) == 14
    assert "proposals" in report["protected_time"]


def test_one_file_as_readable_text():
    code, out, _ = run(GOOD, *RANGE)

    assert code == 0
    assert out.startswith(f"{GOOD}: 5 events from 2026-03-02 to 2026-03-15 (Europe/London)")
    assert "Week of 2026-03-02:" in out


def test_several_files_give_one_json_object_a_line_and_exit_2_when_one_is_unreadable():
    code, out, err = run(GOOD, TRUNCATED, OUTLOOK, *RANGE)

    lines = [json.loads(line) for line in out.splitlines()]
    cut_short = "Line 8: The file stops before the end of the calendar: it may have been cut short."
    assert code == 2
    assert [line["file"] for line in lines] == [GOOD, TRUNCATED, OUTLOOK]
    assert "report" in lines[0] and "report" in lines[2]
    assert lines[1] == {"file": TRUNCATED, "error": cut_short}
    assert err.splitlines() == [f"{TRUNCATED}: {cut_short}"]


def test_a_report_lists_the_events_it_left_out():
    code, out, err = run(PARTLY_BROKEN, *RANGE, "--json")

    report = json.loads(out)
    assert code == 0 and err == ""
    assert report["events"] == 1
    assert report["skipped"] == [
        {"line": 14, "title": "Bad month", "why": "the start date '20261301T100000Z' is not a date."}
    ]
    _, text, _ = run(PARTLY_BROKEN, *RANGE)
    assert "  - line 14, Bad month: the start date '20261301T100000Z' is not a date." in text


def test_a_librarys_warnings_never_reach_stderr(monkeypatch):
    real = diary_report_command.read_calendar_reporting

    def warning_reader(*args, **kwargs):
        warnings.warn("A time zone was guessed", UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(diary_report_command, "read_calendar_reporting", warning_reader)
    code, _, err = run(GOOD, *RANGE)

    assert code == 0 and err == ""


def test_several_good_files_exit_0():
    code, out, err = run(GOOD, OUTLOOK, *RANGE)

    assert code == 0 and err == ""
    assert len(out.splitlines()) == 2


def test_a_missing_file_is_one_line_on_stderr():
    code, _, err = run("/nowhere/diary.ics", *RANGE)

    assert code == 2
    assert err.strip() == "/nowhere/diary.ics: there is no such file."


def test_the_time_zone_option_changes_the_reading_of_floating_times():
    _, out, _ = run(str(CALENDARS / "apple_floating.ics"), "--from", "2026-06-01", "--to", "2026-06-07", "--json")
    _, out_ny, _ = run(
        str(CALENDARS / "apple_floating.ics"),
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-07",
        "--json",
        "--tz",
        "America/New_York",
    )

    wednesday = json.loads(out)["days"][2]
    assert wednesday["meeting_minutes"] == 60
    assert json.loads(out_ny)["zone"] == "America/New_York"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--tz", "Mars/Olympus", "not a time zone"), ("--from", "2026-13-01", "not a date")],
)
def test_bad_options_are_a_clear_error(option, value, message):
    with pytest.raises(CommandError, match=message) as caught:
        call_command("diary_report", GOOD, option, value)
    assert caught.value.returncode == 2


@pytest.mark.slow
def test_from_the_shell_an_unreadable_file_prints_one_line_and_no_traceback():
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "diary_report", str(CALENDARS / "broken_truncated.ics")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{CALENDARS / 'broken_truncated.ics'}: Line 8: The file stops before the end of the calendar: "
        "it may have been cut short."
    ]


def test_even_an_unexpected_failure_is_one_line_not_a_traceback(monkeypatch):
    from attend.diary.management.commands import diary_report

    def broken(*args, **kwargs):
        raise RuntimeError("something odd")

    monkeypatch.setattr(diary_report, "read_calendar_reporting", broken)
    code, out, err = run(GOOD, OUTLOOK, *RANGE)

    assert code == 2
    assert err.splitlines() == [
        f"{GOOD}: this calendar could not be read (RuntimeError: something odd).",
        f"{OUTLOOK}: this calendar could not be read (RuntimeError: something odd).",
    ]
    assert [json.loads(line)["file"] for line in out.splitlines()] == [GOOD, OUTLOOK]


def test_a_folder_is_one_line_on_stderr_and_a_json_error_among_several(tmp_path):
    code, out, err = run(str(tmp_path), GOOD, *RANGE)

    assert code == 2
    assert err.splitlines() == [f"{tmp_path}: this is a folder, not a file."]
    assert [json.loads(line).keys() - {"file"} for line in out.splitlines()] == [{"error"}, {"report"}]


def test_an_error_message_over_several_lines_is_still_one_line(monkeypatch):
    from attend.diary.management.commands import diary_report

    def broken(*args, **kwargs):
        raise ValueError("first\nsecond")

    monkeypatch.setattr(diary_report, "read_calendar_reporting", broken)
    code, _, err = run(GOOD, *RANGE)

    assert code == 2
    assert err.splitlines() == [f"{GOOD}: this calendar could not be read (ValueError: first second)."]


def test_a_file_over_the_size_limit_is_refused_without_reading_it(monkeypatch):
    from attend.diary.management.commands import diary_report

    monkeypatch.setattr(diary_report, "MAX_BYTES", 100)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    code, _, err = run(GOOD, *RANGE)

    assert code == 2
    assert err.strip() == f"{GOOD}: The file is larger than 0 MB."
