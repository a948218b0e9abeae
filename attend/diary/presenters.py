"""What Diary's pages show: display values built from models."""


def today_panels(request) -> list:
    """Diary's panels on Today (see attend.core.presenters.MODULE_PANELS)."""
    return []
