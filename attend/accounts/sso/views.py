"""Single sign-on pages: start (by work email or the organisation's own address), the provider's return, and an
organisation's settings (docs/adr/0027). Every refusal is a page saying why, never an error."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from attend.accounts.sso import access, client, presenters, selectors, services
from attend.accounts.sso.forms import ChooseOrganisationForm, SingleSignOnForm, StartForm
from attend.accounts.sso.models import SingleSignOn
from attend.accounts.sso.rules import Refusal
from attend.core.access import or_404
from attend.core.client_address import client_address
from attend.core.rendering import posted, render_page
from attend.organisations.selectors import CURRENT_ORGANISATION_SESSION_KEY

logger = logging.getLogger(__name__)

SIGN_OUT_KEY = "sso_sign_out"

NEUTRAL_MESSAGE = (
    "We cannot find a single sign-on for that email address. If your organisation uses one with Attend, check "
    "the address and try again. Otherwise, sign in with your email address and password."
)
THROTTLED = Refusal(
    "throttled", "There have been too many attempts to sign in from here. Wait 15 minutes and try again."
)


def _refused(request, refusal: Refusal):
    logger.info("Single sign-on refused: %s", refusal.code)
    context = {"page_title": "You are not signed in", "message": refusal.message, "code": refusal.code}
    return render_page(request, "accounts/sso/refused.jinja", context, status=403)


def _redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("sso:callback"))


def _go_to_provider(request, configuration: SingleSignOn, *, login_hint: str = ""):
    # Counted against the network address like a password attempt (ADR 0004): each start is one attempt, given
    # back when the person comes back signed in.
    if not services.sso_attempt_count(address=client_address(request)):
        return _refused(request, THROTTLED)
    try:
        url = client.authorisation_url(
            request, configuration, redirect_uri=_redirect_uri(request), login_hint=login_hint
        )
    except Refusal as refusal:
        return _refused(request, refusal)
    return redirect(url)


@require_http_methods(["GET", "POST"])
def start(request):
    """Sign in with your organisation's account: the work email says which organisation. The page answers the
    same for every address whose domain no organisation has set up, account or not."""
    form = StartForm(posted(request))
    neutral = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        configurations = selectors.configurations_for_email(email)
        if len(configurations) == 1:
            return _go_to_provider(request, configurations[0], login_hint=email)
        if len(configurations) > 1:
            return _choose(request, email, configurations)
        neutral = True
    context = {"page_title": "Sign in with your organisation's account", "form": form, "neutral": neutral}
    if neutral:
        context["neutral_message"] = NEUTRAL_MESSAGE
    return render_page(request, "accounts/sso/start.jinja", context, forms=[form])


def _choose(request, email: str, configurations: list[SingleSignOn]):
    choose = ChooseOrganisationForm(
        request.POST if "organisation" in request.POST else None, configurations=configurations
    )
    if choose.is_bound and choose.is_valid():
        chosen = next(c for c in configurations if c.organisation.slug == choose.cleaned_data["organisation"])
        return _go_to_provider(request, chosen, login_hint=email)
    context = {"page_title": "Choose your organisation", "form": choose, "email": email}
    return render_page(request, "accounts/sso/choose.jinja", context, forms=[choose])


@require_GET
def organisation_start(request, slug: str):
    """An organisation's own sign-in address (/account/sso/<slug>/), to put on its intranet."""
    try:
        configuration = selectors.configuration_for_slug(slug)
    except SingleSignOn.DoesNotExist:
        raise Http404 from None
    return _go_to_provider(request, configuration)


@require_GET
def callback(request):
    """The provider sends the person back here. Authlib checks the state (once), exchanges the code with the PKCE
    verifier and checks the ID token; then the person must have an account in that organisation."""
    configuration_id = client.started_configuration_id(request)
    try:
        if configuration_id is None:
            raise client.STATE_REFUSAL
        try:
            configuration = selectors.configuration_by_id(configuration_id)
        except SingleSignOn.DoesNotExist:
            raise client.STATE_REFUSAL from None
        userinfo, id_token = client.verified_userinfo(request, configuration)
        user = services.sso_person_match(configuration=configuration, userinfo=userinfo)
    except Refusal as refusal:
        return _refused(request, refusal)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["auth_method"] = "sso"  # the provider's own MFA meets two-factor rules (docs/adr/0027)
    request.session[SIGN_OUT_KEY] = {"configuration": str(configuration.pk), "id_token": id_token}
    request.session[CURRENT_ORGANISATION_SESSION_KEY] = str(configuration.organisation_id)
    services.sso_attempt_succeeded(address=client_address(request))
    return redirect("core:today")


def provider_sign_out_url(request) -> str | None:
    """Where to send someone who signed in through a provider, once Attend's session has ended: the provider's
    end-session address, so they are signed out there too, then back to Attend's signed-out page."""
    started = request.session.get(SIGN_OUT_KEY)
    if not started:
        return None
    try:
        configuration = selectors.configuration_by_id(started["configuration"])
    except SingleSignOn.DoesNotExist:
        return None
    return client.end_session_url(
        configuration,
        id_token=started["id_token"],
        post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:signed_out")),
    )


@login_required
@sensitive_post_parameters("credential")
@require_http_methods(["GET", "POST"])
def settings_page(request, slug: str):
    """An organisation's single sign-on, for a superuser or that organisation's admin."""
    organisation = or_404(access.organisation_for_sso_settings, request.user, slug)
    configuration = selectors.configuration_of(organisation)
    form = SingleSignOnForm(posted(request), configuration=configuration)
    if request.method == "POST" and form.is_valid():
        services.single_sign_on_save(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, "Single sign-on settings saved")
        return redirect("sso:settings", slug=organisation.slug)
    context = {
        "page_title": "Single sign-on",
        "form": form,
        "organisation": organisation,
        "configuration": configuration,
        "redirect_uri": _redirect_uri(request),
        "organisation_url": request.build_absolute_uri(reverse("sso:organisation", args=[organisation.slug])),
        "public_jwks": presenters.public_jwks_text(configuration),
    }
    return render_page(request, "accounts/sso/settings.jinja", context, forms=[form])
