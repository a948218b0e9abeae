from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "attend.programme"
    label = "programme"
