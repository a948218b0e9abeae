from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "attend.practice"
    label = "practice"
