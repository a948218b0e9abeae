from django.urls import reverse

from attend.organisations.models import Role
from attend.organisations.selectors import memberships_for_user, roles_of
from attend.practice.presenters import device_owner_tag
from attend.programme.selectors import programme_places_exist


def _takes_part_in_programmes(user, roles: set[str]) -> bool:
    return bool(roles & {Role.FACILITATOR, Role.ADMIN}) or programme_places_exist(user)


def _navigation(request) -> list[dict]:
    if not request.user.is_authenticated:
        return []
    # getattr: the error page can render for a request that failed before the middleware set it.
    roles = roles_of(getattr(request, "membership", None))
    items = [
        ("Today", reverse("core:today"), True),
        ("Practice", reverse("practice:index"), True),
        ("Reflect", reverse("reflect:index"), True),
        ("Diary", reverse("diary:index"), True),
        ("Connect", reverse("connect:index"), bool(getattr(request, "membership", None))),
        ("Listen", reverse("listen:index"), bool(roles & {Role.LEADER, Role.ADMIN})),
        ("Programme", reverse("programme:index"), _takes_part_in_programmes(request.user, roles)),
    ]
    items.append(("Organisation", reverse("organisations:home"), Role.ADMIN in roles))
    path = request.path
    navigation = []
    for text, href, shown in items:
        if not shown:
            continue
        current = path == href if href == "/" else path.startswith(href)
        navigation.append({"text": text, "href": href, "current": current})
    return navigation


def layout(request) -> dict:
    """What every page's header needs: navigation for the person's roles and their organisations."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "practice_owner": device_owner_tag(user) if signed_in else "",
        "navigation_items": _navigation(request) if signed_in else [],
        "organisation_choices": list(memberships_for_user(user)) if signed_in else [],
    }
