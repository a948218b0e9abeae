from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "attend.listen"
    label = "listen"
