from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from attend.accounts.two_factor import rule

# The only pages a person the rule covers can open before they have set up a second factor.
OPEN_BEFORE_SET_UP = ("accounts:totp_setup", "accounts:passkey_add", "accounts:sign_out", "accounts:signed_out")


class TwoFactorRuleMiddleware:
    """Enforce an organisation's two-factor rule on every URL, on the server (docs/adr/0028).

    A signed-in session that has not given a second factor (nor come through single sign-on) is checked
    against the person's organisations. If the rule covers them: with no factor set up yet, every page but the
    set-up page (and signing out) sends them there; with one set up (a session from before it was), the session
    is signed out and they sign in again with it. Sessions that gave a factor skip the check: one session read.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_BEFORE_SET_UP}
        return self._open_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or rule.session_gave_second_factor(request.session)
            or not rule.two_factor_required(user)
        ):
            return self.get_response(request)
        if rule.has_second_factor(user):
            logout(request)
            return self._away(request, f"{reverse('accounts:sign_in')}?{urlencode({'next': request.path})}")
        if request.path in self.open_paths():
            return self.get_response(request)
        return self._away(request, reverse("accounts:totp_setup"))

    @staticmethod
    def _away(request, location: str):
        # An htmx request would swap the whole page into a fragment: tell htmx to load it as a page instead.
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(location)
        return redirect(location)
