"""Accounts' background work: the password reset email leaves the request, so its timing says nothing about
whether the address has an account, and a slow mail server never holds the page."""

from django.tasks import task

from attend.core.crypto import decrypt_json


@task
def password_reset_email_send(sealed_email: str, base_url: str) -> None:
    from attend.accounts import services

    services.password_reset_email_deliver(email=decrypt_json(sealed_email), base_url=base_url)


@task
def security_email_send(user_id: str, what: str, about: dict | None = None) -> None:
    """Tell a person about a change to how they sign in. Not a nudge: it cannot be switched off, and it is not
    held for a digest or quiet hours, because it may be the only sign someone else has their password (or has
    talked an admin into resetting their second factor or forgetting their single sign-on account). `about`:
    names and counts for the email, no secret."""
    from attend.accounts.security_emails import security_email_deliver

    security_email_deliver(user_id=user_id, what=what, about=about)
