from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "attend.organisations"
    label = "organisations"
