import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attend.config.settings.production")
application = get_asgi_application()

if not settings.DEBUG:  # as in wsgi.py: ready before the first request
    from attend.core.warm import web_process_warm

    web_process_warm()
