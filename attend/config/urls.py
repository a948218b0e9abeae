from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("attend.core.urls")),
    path("account/", include("attend.accounts.urls")),
    path("organisation/", include("attend.organisations.urls")),
    path("reflect/", include("attend.reflect.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "attend.core.views.page_not_found"
handler403 = "attend.core.views.permission_denied"
handler500 = "attend.core.views.server_error"
