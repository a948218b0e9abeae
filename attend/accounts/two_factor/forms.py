from django import forms

from attend.nhsuk_forms import fields as nf


class SecondStepForm(forms.Form):
    code = nf.CharField(
        label="Security code",
        hint="Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
        autocomplete="one-time-code",
        max_length=20,
        classes="nhsuk-input--width-10",
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class TotpConfirmForm(forms.Form):
    code = nf.CharField(
        label="Code from your app",
        hint="The app shows a new 6-digit code every 30 seconds.",
        autocomplete="one-time-code",
        inputmode="numeric",
        max_length=10,
        classes="nhsuk-input--width-5",
        error_messages={"required": "Enter the 6-digit code your app shows"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits your app shows, like 123456")
        return code


class ConfirmPasswordForm(forms.Form):
    password = nf.PasswordField(label="Your password", error_messages={"required": "Enter your password"})
