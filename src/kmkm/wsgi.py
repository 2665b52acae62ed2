import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmkm.settings")
application = get_wsgi_application()

from kmkm.website.cache import PageCacheWSGI  # noqa: E402  (needs Django set up first)

application = PageCacheWSGI(application)
