import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.production")
application = get_wsgi_application()

# A worker imports every view and compiles every template before its first request, not during it (core/warm.py).
# Not for a developer's runserver, which restarts on each change and rereads changed templates anyway.
if not settings.DEBUG:
    from attend.core.warm import web_process_warm

    web_process_warm()
