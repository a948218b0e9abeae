from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "attend.nudges"
    label = "nudges"
