from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "attend.accounts"
    label = "accounts"
