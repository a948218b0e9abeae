from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "attend.diary"
    label = "diary"
