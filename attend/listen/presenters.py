"""What Listen's pages show: display values built from models."""


def today_panels(request) -> list:
    """Listen's panels on Today (see attend.core.presenters.MODULE_PANELS)."""
    return []
