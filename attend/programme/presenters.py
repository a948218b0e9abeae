"""What Programme's pages show: display values built from models."""


def today_panels(request) -> list:
    """Programme's panels on Today (see attend.core.presenters.MODULE_PANELS)."""
    return []
