"""The second step of sign-in, and setting up or removing an authenticator app (docs/adr/0028)."""

import base64
import time
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from attend.accounts import services as account_services
from attend.accounts.models import AuthenticatorApp, User
from attend.accounts.sso import selectors as sso_selectors
from attend.accounts.two_factor import forms, passkeys, rule, services
from attend.core.client_address import client_address
from attend.core.crypto import decrypt_json, encrypt_json
from attend.core.rendering import render_page

SETUP_SECRET_SESSION_KEY = "two_factor_setup_secret"
# The QR code's mask pattern (0 to 7), chosen once by scoring all eight (8 ms of the page's CPU, issue 21): a
# reload draws the same code with it. It tells nothing of the secret, and a mask left from an earlier secret
# still makes a code every app reads, only perhaps not the most legible one.
SETUP_QR_MASK_SESSION_KEY = "two_factor_setup_qr_mask"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def second_step_begin(request, *, user: User, next_url: str | None):
    """The password was right and the person has a second factor: they are not signed in yet. The session holds
    only who is part-way through, and until when; the second step signs them in."""
    request.session.cycle_key()
    request.session[rule.PENDING_SESSION_KEY] = {
        "user": str(user.pk),
        "until": time.time() + settings.TWO_FACTOR_PENDING_SECONDS,
        "next": next_url,
    }
    return redirect("accounts:second_step")


def sign_in_complete(request, *, user: User, factor: str, next_url: str | None, method: str = "password"):
    request.session.pop(rule.PENDING_SESSION_KEY, None)
    login(request, user, backend=BACKEND)
    request.session[rule.VERIFIED_SESSION_KEY] = factor
    request.session[rule.AUTH_METHOD_SESSION_KEY] = method
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("core:today")


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def second_step(request):
    user, next_url = rule.pending_sign_in(request.session)
    if user is None:
        request.session.pop(rule.PENDING_SESSION_KEY, None)
        messages.info(request, "Sign in again. Your security code is asked for after your password.")
        return redirect("accounts:sign_in")
    if request.method == "POST" and "credential" in request.POST:
        return _second_step_passkey(request, user=user, next_url=next_url)
    form = forms.SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        if not services.second_step_attempt_count(user=user, address=address):
            form.add_error(
                "code",
                "There have been too many attempts at the code. Wait 15 minutes and try again.",
            )
        elif factor := services.second_factor_check(user=user, code=form.cleaned_data["code"]):
            services.second_step_succeeded(user=user, address=address)
            if factor == "recovery_code":
                left = rule.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. You can set up your authenticator app again "
                    "from your account page.",
                )
            return sign_in_complete(request, user=user, factor=factor, next_url=next_url)
        else:
            form.add_error("code", "That code is not right, or it has been used. Check your app and try again.")
    return _second_step_page(request, user, form)


def _second_step_page(request, user: User, form, *, passkey_error: str | None = None):
    context = {
        "page_title": "Enter your security code",
        "form": form,
        "has_app": rule.has_authenticator_app(user),
        "passkey_options": passkeys.authentication_options(request, user),
        "passkey_error": passkey_error,
    }
    status = 422 if passkey_error else None
    return render_page(request, "accounts/two_factor/second_step.jinja", context, forms=[form], status=status)


def _second_step_passkey(request, *, user: User, next_url: str | None):
    address = client_address(request)
    form = forms.SecondStepForm()
    if not services.second_step_attempt_count(user=user, address=address):
        error = "There have been too many attempts. Wait 15 minutes and try again."
    elif passkeys.passkey_check(request=request, user=user, credential_json=request.POST.get("credential", "")):
        services.second_step_succeeded(user=user, address=address)
        return sign_in_complete(request, user=user, factor="passkey", next_url=next_url)
    else:
        error = "Your passkey could not be checked. Try again, or use a code from your authenticator app."
    return _second_step_page(request, user, form, passkey_error=error)


@login_required
@never_cache  # may show recovery codes
@require_http_methods(["GET", "POST"])
def passkey_add(request):
    error = None
    if request.method == "POST":
        passkey = passkeys.passkey_add(request=request, credential_json=request.POST.get("credential", ""))
        if passkey is not None:
            request.session[rule.VERIFIED_SESSION_KEY] = "passkey"
            if rule.recovery_codes_left(request.user) == 0:
                codes = services.recovery_codes_replace(user=request.user)
                context = {"page_title": "Save your recovery codes", "codes": codes, "factor": "passkey"}
                return render_page(request, "accounts/two_factor/recovery_codes.jinja", context)
            messages.success(request, "Your passkey has been added")
            return redirect("accounts:account")
        error = "Your passkey could not be added. Try again, or use an authenticator app instead."
    context = {
        "page_title": "Add a passkey",
        "options": passkeys.registration_options(request),
        "error": error,
        "required": rule.two_factor_required(request.user) and not rule.has_second_factor(request.user),
    }
    return render_page(request, "accounts/two_factor/passkey_add.jinja", context, status=422 if error else None)


def _password_confirmed(request, form) -> bool:
    """Removing a factor asks for the password again, throttled like signing in; errors go on the form."""
    if not form.is_valid():
        return False
    user, address = request.user, client_address(request)
    if not account_services.sign_in_attempt_count(email=user.email, address=address):
        form.add_error("password", "There have been too many attempts. Wait 15 minutes and try again.")
        return False
    if not user.check_password(form.cleaned_data["password"]):
        form.add_error("password", "That password is not right")
        return False
    account_services.sign_in_succeeded(email=user.email, address=address)
    return True


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def passkeys_remove(request):
    user = request.user
    if not user.passkeys.exists():
        return redirect("accounts:account")
    form = forms.ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and _password_confirmed(request, form):
        passkeys.passkeys_remove(user=user)
        messages.success(request, "Your passkeys have been removed")
        return redirect("accounts:account")
    context = {"page_title": "Remove your passkeys", "form": form, "required": rule.two_factor_required(user)}
    return render_page(request, "accounts/two_factor/passkeys_remove.jinja", context, forms=[form])


@login_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def recovery_codes_new(request):
    """A new set of recovery codes, after the password again (throttled like signing in). The old set stops
    working at once; the new one is shown once, in this response, which the browser is told not to keep."""
    user = request.user
    if not rule.has_second_factor(user):
        return redirect("accounts:account")
    form = forms.ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and _password_confirmed(request, form):
        codes = services.recovery_codes_renew(user=user)
        context = {"page_title": "Save your new recovery codes", "codes": codes, "factor": "renewed"}
        return render_page(request, "accounts/two_factor/recovery_codes.jinja", context)
    context = {"page_title": "Make new recovery codes", "form": form, "codes_left": rule.recovery_codes_left(user)}
    return render_page(request, "accounts/two_factor/recovery_codes_new.jinja", context, forms=[form])


def _secret_as_text(key_hex: str) -> str:
    secret = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _config_url(user: User, key_hex: str) -> str:
    # The same otpauth:// address django-otp makes for a device, built before the device exists.
    return AuthenticatorApp(user=user, name="Authenticator app", key=key_hex).config_url


def _setup_secret(session) -> str:
    """The secret being set up, kept in the session until the person confirms a code. Sessions are database rows,
    so it is encrypted there like the saved secret (a copy of the sessions table must not make codes)."""
    try:
        return decrypt_json(session[SETUP_SECRET_SESSION_KEY])
    except (KeyError, ValueError):  # none yet, or written under a key since removed: start again
        key_hex = services.totp_secret_new()
        session[SETUP_SECRET_SESSION_KEY] = encrypt_json(key_hex)
        return key_hex


def _setup_qr(session, address: str):
    mask = session.get(SETUP_QR_MASK_SESSION_KEY)
    if mask in range(8):
        return segno.make(address, error="m", mask=mask)
    qr = segno.make(address, error="m")
    session[SETUP_QR_MASK_SESSION_KEY] = qr.mask
    return qr


@login_required
@never_cache  # the secret, then the recovery codes: not kept in the browser's cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    key_hex = _setup_secret(request.session)
    form = forms.TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_add(user=request.user, key_hex=key_hex, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", "That code is not right. Check the app shows Attend, then enter its newest code")
        else:
            del request.session[SETUP_SECRET_SESSION_KEY]
            request.session.pop(SETUP_QR_MASK_SESSION_KEY, None)
            request.session[rule.VERIFIED_SESSION_KEY] = "totp"
            # Shown once, in this response: only their hashes are kept.
            context = {"page_title": "Save your recovery codes", "codes": codes}
            return render_page(request, "accounts/two_factor/recovery_codes.jinja", context)
    qr = _setup_qr(request.session, _config_url(request.user, key_hex))
    context = {
        "page_title": "Set up an authenticator app",
        "form": form,
        "qr_svg": qr.svg_inline(
            scale=5, dark="#212b32", light="#ffffff", title="QR code to add Attend to your authenticator app"
        ).replace("<svg ", '<svg role="img" ', 1),
        "secret": _secret_as_text(key_hex),
        "required": rule.two_factor_required(request.user) and not rule.has_second_factor(request.user),
    }
    return render_page(request, "accounts/two_factor/totp_setup.jinja", context, forms=[form])


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def totp_remove(request):
    user = request.user
    if not rule.has_authenticator_app(user):
        return redirect("accounts:account")
    form = forms.ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and _password_confirmed(request, form):
        services.two_factor_remove(user=user)
        request.session.pop(rule.VERIFIED_SESSION_KEY, None)
        messages.success(request, "Your authenticator app and recovery codes have been removed")
        return redirect("accounts:account")
    context = {"page_title": "Remove your authenticator app", "form": form, "required": rule.two_factor_required(user)}
    return render_page(request, "accounts/two_factor/totp_remove.jinja", context, forms=[form])


@require_http_methods(["GET", "POST"])
def passkey_sign_in(request):
    """Sign in with a passkey alone: the device holds the passkey and verifies the person (fingerprint, face or
    PIN), which is two factors in one step."""
    if request.user.is_authenticated:
        return redirect("core:today")
    error = None
    if request.method == "POST":
        address = client_address(request)
        if not services.passwordless_attempt_count(address=address):
            error = "There have been too many attempts to sign in. Wait 15 minutes and try again."
        elif not (
            user := passkeys.passwordless_check(request=request, credential_json=request.POST.get("credential", ""))
        ):
            error = "Your passkey could not be checked. Try again, or sign in with your email address and password."
        elif sso_selectors.password_refused_for(user):
            error = sso_selectors.SSO_REQUIRED_MESSAGE
        else:
            services.second_step_succeeded(user=user, address=address)
            return sign_in_complete(
                request, user=user, factor="passkey", next_url=request.POST.get("next"), method="passkey"
            )
    context = {
        "page_title": "Sign in with a passkey",
        "options": passkeys.passwordless_options(request),
        "error": error,
        "next": request.GET.get("next") or request.POST.get("next"),
    }
    return render_page(request, "accounts/two_factor/passkey_sign_in.jinja", context, status=422 if error else None)
