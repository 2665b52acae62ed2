"""Whole-page caching for anonymous visitors, purged whenever the clinic publishes.

Django's cache middleware, pointed at its own cache alias so that purging pages never touches
anything else (sessions, rate limits). Staff areas and anything with a query string other than
the Journal's page number are never cached. See docs/adr/0004-page-cache.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

ALIAS = "pages"


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if path.startswith(
        (f"/{settings.CMS_PATH}/", "/staff/", "/django-admin/", "/static/", "/media/", "/book/")
    ):
        return False
    # A signed-in editor sees the Wagtail user bar; never serve them (or store) the public copy.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return set(request.GET.keys()) <= {"page"}


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        super().__init__(get_response)
        self.cache_alias = ALIAS
        self.page_timeout = settings.PAGE_CACHE_SECONDS
        self.cache_timeout = settings.PAGE_CACHE_SECONDS

    @property
    def cache(self):  # type: ignore[no-untyped-def]
        return caches[ALIAS]

    def _should_update_cache(self, request: HttpRequest, response: HttpResponse) -> bool:
        return _cacheable(request) and super()._should_update_cache(request, response)


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        super().__init__(get_response)
        self.cache_alias = ALIAS

    @property
    def cache(self):  # type: ignore[no-untyped-def]
        return caches[ALIAS]

    def process_request(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if not _cacheable(request):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        return super().process_request(request)


def purge_pages() -> None:
    caches[ALIAS].clear()
