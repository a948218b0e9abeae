from django.contrib import admin
from django.urls import include, path

from attend.practice import views as practice_views

urlpatterns = [
    path("", include("attend.core.urls")),
    path("account/sso/", include("attend.accounts.sso.urls")),
    path("account/", include("attend.accounts.urls")),
    path("organisation/", include("attend.organisations.urls")),
    path("reflect/", include("attend.reflect.urls")),
    path("practice/", include("attend.practice.urls")),
    path("nudges/", include("attend.nudges.urls")),
    path("connect/", include("attend.connect.urls")),
    path("diary/", include("attend.diary.urls")),
    path("listen/", include("attend.listen.urls")),
    path("programme/", include("attend.programme.urls")),
    path("sw.js", practice_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", practice_views.manifest, name="manifest"),
    path("django-admin/", admin.site.urls),
]

handler404 = "attend.core.views.page_not_found"
handler403 = "attend.core.views.permission_denied"
handler500 = "attend.core.views.server_error"
