from django.templatetags.static import static
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


def header_identity(organisation) -> dict:
    """The header's logo and name (ADR 0019). NHS identity guidelines reserve the NHS logo for NHS organisations:
    an NHS organisation gets it with its name beside it; any other organisation, and a page outside any
    organisation (signing in), gets Attend's own mark, with the organisation's name where there is one.

    The NHS.UK header macro always draws a logo, the NHS one unless given an image (`logo.src`), so Attend's
    mark is that image: decorative (empty alt), with the link named in words."""
    if organisation is not None and organisation.is_nhs:
        return {"organisation": {"name": organisation.name}}
    name = organisation.name if organisation is not None else None
    return {
        "logo": {
            "src": static("core/attend-mark.svg"),
            "alt": "",
            "ariaLabel": f"{name}, Attend homepage" if name else "Attend homepage",
        },
        "organisation": {"name": name} if name else None,
        "classes": "app-header--own-name",
    }


def layout(request) -> dict:
    """What every page's header needs: navigation for the person's roles and their organisations."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    membership = getattr(request, "membership", None)
    return {
        # A page may name the organisation itself (an invitation before sign-in) as `brand_organisation`.
        "header_identity": header_identity,
        "membership_organisation": membership.organisation if membership else None,
        "practice_owner": device_owner_tag(user) if signed_in else "",
        "navigation_items": _navigation(request) if signed_in else [],
        "organisation_choices": list(memberships_for_user(user)) if signed_in else [],
    }
