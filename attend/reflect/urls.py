from django.urls import path

from attend.reflect import views

app_name = "reflect"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("shared/", views.shared_with_me, name="shared_with_me"),
    path("shared/<uuid:share_id>/", views.shared_entry, name="shared_entry"),
    path("export/", views.export, name="export"),
    path("export/journal.<str:file_format>", views.export_everything, name="export_everything"),
    path("templates/", views.organisation_templates, name="organisation_templates"),
    path("<uuid:entry_id>/", views.entry, name="entry"),
    path("<uuid:entry_id>/edit/", views.edit, name="edit"),
    path("<uuid:entry_id>/autosave/", views.autosave, name="autosave"),
    path("<uuid:entry_id>/delete/", views.delete, name="delete"),
    path("<uuid:entry_id>/share/", views.share, name="share"),
    path("<uuid:entry_id>/share/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("<uuid:entry_id>/account/", views.account, name="account"),
    path("<uuid:entry_id>/account.docx", views.account_docx, name="account_docx"),
]
