from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator, validate_email

from attend.core.formatting import counted
from attend.organisations.invitations import invitation_email_deliver
from attend.organisations.services import organisation_create


class Command(BaseCommand):
    help = (
        "Add an organisation and invite its first organisation admin: prints their invitation link and emails "
        "the same link (--no-email to only print it, where Attend has no mail server yet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='The organisation\'s name, e.g. "Northfield Community Health"')
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        identity = parser.add_mutually_exclusive_group(required=True)
        identity.add_argument(
            "--nhs",
            action="store_true",
            help="An NHS organisation: its pages carry the NHS logo beside its name.",
        )
        identity.add_argument(
            "--not-nhs",
            action="store_true",
            help="Not part of the NHS (a care provider, a charity): its pages show its name and no NHS logo.",
        )
        parser.add_argument("--site-url", required=True, help="Attend's address, e.g. https://attend.example.nhs.uk")
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="Do not email the invitation: give the admin the printed link yourself.",
        )

    def handle(self, *args, name, nhs, admin_email, admin_name, site_url, no_email=False, **options):
        try:
            validate_email(admin_email)
            URLValidator(schemes=["http", "https"])(site_url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        is_nhs = nhs  # argparse has made sure exactly one of --nhs and --not-nhs was given
        try:
            created = organisation_create(
                name=name, is_nhs=is_nhs, admin_name=admin_name, admin_email=admin_email, base_url=site_url
            )
        except ValidationError as error:  # a name the text rules refuse, said as the service words it
            raise CommandError(" ".join(error.messages))
        email = created.invitation.email
        days = counted(settings.INVITATION_VALID_DAYS, "day", "days")
        self.stdout.write(
            f"Added {created.organisation.name}"
            f" ({'an NHS organisation' if is_nhs else 'not an NHS organisation: no NHS logo'}). "
            f"{email} becomes its organisation admin on accepting the invitation.\n"
            f"Their invitation link works for {days}:\n\n{created.link}\n"
        )
        if no_email:
            self.stdout.write(f"No email was sent: give {email} this link yourself.")
            return
        try:
            invitation_email_deliver(invitation=created.invitation, link=created.link)
        except OSError as error:  # smtplib's errors are OSErrors, as is a refused connection
            self.stderr.write(f"The email to {email} could not be sent ({error}). Give them the link above yourself.")
            return
        self.stdout.write(f"The same link has been emailed to {email}.")
