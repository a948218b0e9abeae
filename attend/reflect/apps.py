from django.apps import AppConfig


class ReflectConfig(AppConfig):
    name = "attend.reflect"
    label = "reflect"
