import dataclasses
import hashlib
import re

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.accounts import forms, pattern_forms, presenters, services, signed_in
from attend.accounts import working_pattern as wp
from attend.accounts.sso import views as sso_views
from attend.accounts.two_factor import rule as two_factor_rule
from attend.accounts.two_factor.views import second_step_begin
from attend.accounts.working_time import pattern_of
from attend.core.client_address import client_address
from attend.core.models import AuditEvent
from attend.core.rendering import posted, render_page
from attend.core.services import audit_event_record


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "core:today")
    form = forms.SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if two_factor_rule.has_second_factor(form.user):  # not signed in until the code is given
            return second_step_begin(request, user=form.user, next_url=_safe_next(request))
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_safe_next(request) or "core:today")
    context = {"page_title": "Sign in", "form": form, "next": _safe_next(request)}
    return render_page(request, "accounts/sign_in.jinja", context, forms=[form])


@require_POST
def sign_out(request):
    provider_sign_out = sso_views.provider_sign_out_url(request)  # read before the session ends
    signed_in.signed_in_session_forget(session_key=request.session.session_key)
    logout(request)
    response = redirect(provider_sign_out or "accounts:signed_out")
    # Practice keeps pages and unsent sessions on the device for offline use; on a shared computer the next
    # person must not find them. Queued sessions were sent when the page loaded online, as signing out is.
    response["Clear-Site-Data"] = '"storage"'
    return response


@require_GET
def signed_out(request):
    return render_page(request, "accounts/signed_out.jinja", {"page_title": "You have signed out"})


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    initial = {
        "name": user.name,
        "time_zone": user.time_zone,
        "working_days": user.working_days,
        "working_day_start": user.working_day_start,
        "working_day_end": user.working_day_end,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=user, **form.cleaned_data)
        messages.success(request, "Your details have been saved")
        return redirect("accounts:account")
    context = {
        "page_title": "Your account",
        "form": form,
        "has_second_factor": two_factor_rule.has_second_factor(user),
        "has_app": two_factor_rule.has_authenticator_app(user),
        "passkey_count": user.passkeys.count(),
        "recovery_codes_left": two_factor_rule.recovery_codes_left(user),
    }
    return render_page(request, "accounts/account.jinja", context, forms=[form])


@login_required
@require_GET
def where_signed_in(request):
    sessions = signed_in.signed_in_sessions_for(request.user, current_session_key=request.session.session_key)
    context = {"page_title": "Where you are signed in", "rows": signed_in.signed_in_session_rows(sessions)}
    return render_page(request, "accounts/signed_in.jinja", context)


@login_required
@require_POST
def sign_out_everywhere_else(request):
    signed_in.sessions_end_others(request=request)
    messages.success(request, "You have been signed out everywhere else")
    return redirect("accounts:signed_in")


class NhsukFormPageMixin:
    """Django's own auth views, rendered as NHS.UK pages: a title, an error summary and 422 when invalid."""

    page_title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        form = context.get("form")
        context["forms"] = [form] if form is not None else []
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class PasswordChangeView(NhsukFormPageMixin, auth_views.PasswordChangeView):
    form_class = forms.AttendPasswordChangeForm
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:account")
    page_title = "Change your password"

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        audit_event_record(
            actor=form.user, organisation=None, action=AuditEvent.Action.PASSWORD_CHANGED, target=form.user.email
        )
        messages.success(self.request, "Your password has been changed")
        return redirect(self.success_url)


class PasswordResetView(NhsukFormPageMixin, auth_views.PasswordResetView):
    form_class = forms.AttendPasswordResetForm
    template_name = "accounts/password_reset.jinja"
    success_url = reverse_lazy("accounts:password_reset_done")
    page_title = "Reset your password"

    def form_valid(self, form):
        # The same next page whatever happens: sent, no such account, or too many requests (no enumeration).
        services.password_reset_request(
            email=form.cleaned_data["email"],
            address=client_address(self.request),
            base_url=self.request.build_absolute_uri("/"),
        )
        return redirect(self.success_url)


class PasswordResetDoneView(NhsukFormPageMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"
    page_title = "Check your email"


class PasswordResetConfirmView(NhsukFormPageMixin, auth_views.PasswordResetConfirmView):
    form_class = forms.AttendSetPasswordForm
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")
    page_title = "Choose a new password"

    # Django's reset token: a base-36 timestamp, "-", then half the hex digest of an HMAC (32 characters for SHA-256).
    TOKEN_SHAPE = re.compile(
        rf"[0-9a-z]{{1,13}}-[0-9a-f]{{{hashlib.new(default_token_generator.algorithm).digest_size}}}"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.kwargs.get("token", "")
        # Told by the token's shape alone, never the database: a link cut short is not one that was used up.
        context["incomplete"] = (
            not context.get("validlink") and token != self.reset_url_token and self.TOKEN_SHAPE.fullmatch(token) is None
        )
        if not context.get("validlink"):
            context["page_title"] = (
                "This link looks incomplete" if context["incomplete"] else "This link has expired or been used"
            )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # The too-many-attempts message offers a reset as the way back in, so a reset lifts the account's lock.
        services.sign_in_failures_clear(email=form.user.email)
        return response


class PasswordResetCompleteView(NhsukFormPageMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
    page_title = "Your password has been reset"


# Working pattern (docs/adr/0025) ---------------------------------------------------------------------------


def _pattern_page(request, template: str, context: dict, form):
    context = {"back_link": {"href": reverse("accounts:working_pattern"), "text": "How you work"}, **context}
    return render_page(request, template, {"form": form, **context}, forms=[form])


def _saved(request, pattern, message: str):
    services.working_pattern_save(user=request.user, pattern=pattern)
    messages.success(request, message)
    return redirect("accounts:working_pattern")


@login_required
@require_http_methods(["GET", "POST"])
def working_pattern(request):
    current = pattern_of(request.user)
    form = pattern_forms.PatternKindForm(posted(request), initial={"kind": current.kind})
    if request.method == "POST" and form.is_valid():
        pattern = form.pattern(current)
        services.working_pattern_save(user=request.user, pattern=pattern)
        if pattern.kind == wp.ROTA and not pattern.rota:
            return redirect("accounts:working_pattern_rota")
        if pattern.kind == wp.CALENDAR and not pattern.rules:
            return redirect("accounts:working_pattern_calendar")
        messages.success(request, "Saved. Your diary, protected time and emails now follow it.")
        return redirect("accounts:working_pattern")
    context = {
        "page_title": "How you work",
        "form": form,
        "summary": presenters.pattern_summary(current),
        "back_link": {"href": reverse("accounts:account"), "text": "Your account"},
    }
    return render_page(request, "accounts/working_pattern.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def working_pattern_rota(request):
    current = pattern_of(request.user)
    if not current.shifts:
        current = dataclasses.replace(current, shifts=wp.NHS_SHIFTS)
    weeks = _weeks(request.POST.get("weeks") or request.GET.get("weeks"), default=len(current.rota) or 4)
    initial = {"starts_on": current.rota_starts_on or presenters.next_monday(request.user)}
    for week, codes in enumerate(current.rota[:weeks]):
        initial.update({pattern_forms.RotaForm.cell(week, day): code or "" for day, code in enumerate(codes)})
    form = pattern_forms.RotaForm(posted(request), pattern=current, weeks=weeks, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _saved(
            request, form.pattern(current), "Saved your rota. Your diary, protected time and emails now follow it."
        )
    weeks_form = pattern_forms.RotaWeeksForm(initial={"weeks": str(weeks)})
    context = {"page_title": "Your rota", "weeks": weeks, "weeks_form": weeks_form, "shifts": current.shifts}
    return _pattern_page(request, "accounts/working_pattern_rota.jinja", context, form)


def _weeks(value, *, default: int) -> int:
    try:
        weeks = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(weeks, 1), wp.MOST_ROTA_WEEKS)


@login_required
@require_http_methods(["GET", "POST"])
def working_pattern_shifts(request):
    current = pattern_of(request.user)
    form = pattern_forms.ShiftsForm(posted(request), pattern=current, initial=pattern_forms.shifts_initial(current))
    if request.method == "POST" and form.is_valid():
        return _saved(request, form.pattern(current), "Saved your shifts.")
    return _pattern_page(request, "accounts/working_pattern_shifts.jinja", {"page_title": "Your shifts"}, form)


@login_required
@require_http_methods(["GET", "POST"])
def working_pattern_calendar(request):
    current = pattern_of(request.user)
    form = pattern_forms.CalendarRulesForm(posted(request), initial={"rules": "\n".join(current.rules)})
    if request.method == "POST" and form.is_valid():
        return _saved(request, form.pattern(current), "Saved. Events with these titles are now your shifts.")
    context = {"page_title": "Shifts from your calendar"}
    return _pattern_page(request, "accounts/working_pattern_calendar.jinja", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def working_pattern_changes(request):
    current = pattern_of(request.user)
    today = presenters.today_for(request.user)
    form = pattern_forms.ChangeForm(posted(request), pattern=current, today=today)
    if request.method == "POST" and form.is_valid():
        services.working_pattern_save(user=request.user, pattern=form.pattern(current))
        messages.success(request, "Saved the change.")
        return redirect("accounts:working_pattern_changes")
    context = {
        "page_title": "One-off changes",
        "changes": presenters.change_rows(current, today),
    }
    return _pattern_page(request, "accounts/working_pattern_changes.jinja", context, form)


@login_required
@require_POST
def working_pattern_change_remove(request):
    form = pattern_forms.ChangeRemoveForm(request.POST)
    if form.is_valid():
        services.working_pattern_change_remove(user=request.user, **form.cleaned_data)
        messages.success(request, "Removed the change.")
    return redirect("accounts:working_pattern_changes")
