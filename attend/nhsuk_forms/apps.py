from django.apps import AppConfig


class NhsukFormsConfig(AppConfig):
    name = "attend.nhsuk_forms"
    label = "nhsuk_forms"
