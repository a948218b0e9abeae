from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "attend.connect"
    label = "connect"
