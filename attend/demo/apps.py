from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "attend.demo"
    label = "demo"
