from django.urls import path

from attend.accounts import views
from attend.accounts.two_factor import views as two_factor_views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("sign-in/passkey/", two_factor_views.passkey_sign_in, name="passkey_sign_in"),
    path("sign-in/security-code/", two_factor_views.second_step, name="second_step"),
    path("two-factor/authenticator-app/", two_factor_views.totp_setup, name="totp_setup"),
    path("two-factor/authenticator-app/remove/", two_factor_views.totp_remove, name="totp_remove"),
    path("two-factor/recovery-codes/new/", two_factor_views.recovery_codes_new, name="recovery_codes_new"),
    path("two-factor/passkeys/add/", two_factor_views.passkey_add, name="passkey_add"),
    path("two-factor/passkeys/remove/", two_factor_views.passkeys_remove, name="passkeys_remove"),
    path("signed-in/", views.where_signed_in, name="signed_in"),
    path("signed-in/sign-out-everywhere-else/", views.sign_out_everywhere_else, name="sign_out_everywhere_else"),
    path("", views.account, name="account"),
    path("working-pattern/", views.working_pattern, name="working_pattern"),
    path("working-pattern/rota/", views.working_pattern_rota, name="working_pattern_rota"),
    path("working-pattern/shifts/", views.working_pattern_shifts, name="working_pattern_shifts"),
    path("working-pattern/calendar/", views.working_pattern_calendar, name="working_pattern_calendar"),
    path("working-pattern/changes/", views.working_pattern_changes, name="working_pattern_changes"),
    path("working-pattern/changes/remove/", views.working_pattern_change_remove, name="working_pattern_change_remove"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
