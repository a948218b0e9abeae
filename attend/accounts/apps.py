from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "attend.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from attend.accounts.signed_in import note_where_signed_in

        user_logged_in.connect(note_where_signed_in, dispatch_uid="attend.accounts.note_where_signed_in")
