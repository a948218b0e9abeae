"""What more than one of the organisation's journeys uses: how many rows a list shows at a time."""

PAGE_SIZE = 50
