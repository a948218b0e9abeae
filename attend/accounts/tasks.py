"""Accounts' background work: the password reset email leaves the request, so its timing says nothing about
whether the address has an account, and a slow mail server never holds the page."""

from django.tasks import task

from attend.core.crypto import decrypt_json


@task
def password_reset_email_send(sealed_email: str, base_url: str) -> None:
    from attend.accounts import services

    services.password_reset_email_deliver(email=decrypt_json(sealed_email), base_url=base_url)
