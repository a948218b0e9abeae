from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from attend.accounts import services
from attend.accounts.models import WEEKDAYS, time_zone_choices
from attend.accounts.sso import selectors as sso_selectors
from attend.core.client_address import client_address
from attend.nhsuk_forms import fields as nf

NEW_PASSWORD_HINT = (
    "Use at least 12 characters. A few unrelated words are easy to remember and hard to guess. "
    "Avoid your name, your email address and common passwords."
)


class SignInForm(forms.Form):
    email = nf.EmailField(label="Email address", error_messages={"required": "Enter your email address"})
    password = nf.PasswordField(label="Password", error_messages={"required": "Enter your password"})

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        address = client_address(self.request)
        # Counted before the password is checked, so parallel guesses cannot all slip under the limit.
        if not services.sign_in_attempt_count(email=email, address=address):
            raise forms.ValidationError(
                "There have been too many attempts to sign in. Wait 15 minutes and try again, or reset your password.",
                code="throttled",
            )
        self.user = authenticate(self.request, email=email, password=password)
        if self.user is None:
            raise forms.ValidationError(
                "Enter a correct email address and password. Both are case-sensitive, except the email address.",
                code="invalid_login",
            )
        if sso_selectors.password_refused_for(self.user):  # told only to someone who knows the password
            raise forms.ValidationError(sso_selectors.SSO_REQUIRED_MESSAGE, code="sso_required")
        services.sign_in_succeeded(email=email, address=address)
        return self.cleaned_data


class NewPasswordMixin:
    """Both new-password fields rendered as NHS.UK password inputs with our hint."""

    def _use_nhsuk_password_fields(self):
        self.fields["new_password1"] = nf.PasswordField(
            label="New password", hint=NEW_PASSWORD_HINT, autocomplete="new-password"
        )
        self.fields["new_password2"] = nf.PasswordField(label="Confirm new password", autocomplete="new-password")


class AttendSetPasswordForm(NewPasswordMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._use_nhsuk_password_fields()


class AttendPasswordChangeForm(NewPasswordMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"] = nf.PasswordField(label="Current password")
        self._use_nhsuk_password_fields()
        self.order_fields(["old_password", "new_password1", "new_password2"])


class AttendPasswordResetForm(PasswordResetForm):
    email = nf.EmailField(
        label="Email address",
        hint="We will send a link to reset your password if this address has an account.",
        error_messages={"required": "Enter your email address"},
    )


class ProfileForm(forms.Form):
    name = nf.CharField(
        label="Full name", max_length=150, autocomplete="name", error_messages={"required": "Enter your name"}
    )
    time_zone = nf.ChoiceField(fixed_choices=True, label="Time zone", choices=time_zone_choices, widget=forms.Select)
    working_days = nf.TypedMultipleChoiceField(
        fixed_choices=True,
        label="Which days do you usually work?",
        choices=WEEKDAYS,
        coerce=int,
        hint="Attend uses these to measure your diary and to time any reminders you ask for.",
        error_messages={"required": "Select at least one working day"},
    )
    working_day_start = nf.TimeField(
        label="Your working day usually starts at",
        hint="For example, 08:30",
        error_messages={"required": "Enter when your working day starts"},
    )
    working_day_end = nf.TimeField(
        label="Your working day usually ends at",
        hint="For example, 17:00",
        error_messages={"required": "Enter when your working day ends"},
    )

    def clean(self):
        start = self.cleaned_data.get("working_day_start")
        end = self.cleaned_data.get("working_day_end")
        if start and end and end <= start:
            self.add_error("working_day_end", "The end of your working day must be after its start")
        return self.cleaned_data
