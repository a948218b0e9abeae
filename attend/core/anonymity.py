"""The one rule for showing anything about a group: never a figure that rests on fewer than five people.

Every module that shows an organisation or a team something about its people asks here first, on the server.
"""

MINIMUM_GROUP_SIZE = 5


def is_reportable(people: int) -> bool:
    return people >= MINIMUM_GROUP_SIZE
