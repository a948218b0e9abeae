from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator, validate_email

from attend.organisations.services import organisation_create


class Command(BaseCommand):
    help = "Add an organisation and invite its first organisation admin by email."

    def add_arguments(self, parser):
        parser.add_argument("name", help='The organisation\'s name, e.g. "Northfield Community Health"')
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument("--site-url", required=True, help="Attend's address, e.g. https://attend.example.nhs.uk")

    def handle(self, *args, name, admin_email, admin_name, site_url, **options):
        try:
            validate_email(admin_email)
            URLValidator(schemes=["http", "https"])(site_url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        membership = organisation_create(name=name, admin_name=admin_name, admin_email=admin_email, base_url=site_url)
        self.stdout.write(
            f"Added {membership.organisation.name}. An invitation is on its way to {membership.user.email} "
            "(the background worker sends it)."
        )
