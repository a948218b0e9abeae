"""What more than one of Listen's journeys uses."""

from django.http import HttpResponse
from django.urls import reverse

from attend.core.formatting import csv_text


def back_to_listen():
    return {"href": reverse("listen:index"), "text": "Listen"}


def csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    """A CSV download; every cell goes through `csv_cell`, so none runs as a formula in a spreadsheet."""
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
