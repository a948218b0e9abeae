def counted(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 team", "2 teams", "3 people": a number with its noun, in plain English."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
