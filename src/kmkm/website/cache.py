"""Whole-page cache for anonymous visitors, purged whenever the clinic publishes (ADR 0004).

A stored page is the finished response (status, headers including the security headers, body),
kept in its own cache alias so purging never touches anything else. Two doors read it:

- ``PageCacheMiddleware``, first in MIDDLEWARE, serves and stores pages inside Django;
- ``PageCacheWSGI`` wraps the WSGI application and serves a stored page before Django builds a
  request at all: the fast path gunicorn uses.

Only GET/HEAD requests outside the staff areas, with no query string other than the Journal's
``page``, are cached. A page is stored only from a request that carried no cookies and a response
that sets none and is not marked private, so nothing personal (a CSRF token, a session) is ever
shared; it is served to anyone without a session cookie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

ALIAS = "pages"
STORED_TYPES = ("text/html", "application/atom+xml", "application/xml", "text/plain")
SKIP_HEADERS = {"date", "set-cookie", "content-length"}


def _excluded_prefixes() -> tuple[str, ...]:
    return (
        f"/{settings.CMS_PATH}/",
        "/staff/",
        "/django-admin/",
        "/static/",
        "/media/",
        "/book/",
        "/documents/",
    )


def _key(
    method: str, scheme: str, host: str, path: str, query: str, cookie_header: str
) -> str | None:
    if method not in ("GET", "HEAD") or path.startswith(_excluded_prefixes()):
        return None
    if cookie_header:
        cookies = SimpleCookie()
        try:
            cookies.load(cookie_header)
        except Exception:  # a malformed cookie header: let Django deal with it
            return None
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
    params = parse_qsl(query, keep_blank_values=True)
    if any(name != "page" for name, _ in params):
        return None
    page = params[0][1] if params else ""
    return f"{scheme}://{host}{path}?page={page}"


def key_for_request(request: HttpRequest) -> str | None:
    return _key(
        request.method or "",
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.META.get("HTTP_COOKIE", ""),
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.META.get("HTTP_COOKIE") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return response.get("Content-Type", "").startswith(STORED_TYPES)


def _store(key: str, response: HttpResponse) -> None:
    response["Cache-Control"] = "public, max-age=60"
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in SKIP_HEADERS
    ]
    caches[ALIAS].set(
        key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
    )


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = key_for_request(request)
        if key is not None:
            hit = caches[ALIAS].get(key)
            if hit is not None:
                status, headers, body = hit
                response = HttpResponse(body, status=status)
                for name, value in headers:
                    response[name] = value
                response["Content-Length"] = str(len(body))
                return response
        response = self.get_response(request)
        if key is not None and _storable(request, response):
            _store(key, response)
        return response


class PageCacheWSGI:
    """Serve stored pages straight from the WSGI environ; everything else goes to Django."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        scheme = environ.get("wsgi.url_scheme", "http")
        if settings.SECURE_PROXY_SSL_HEADER and environ.get("HTTP_X_FORWARDED_PROTO") == "https":
            scheme = "https"
        if settings.USE_X_FORWARDED_HOST and environ.get("HTTP_X_FORWARDED_HOST"):
            host = environ["HTTP_X_FORWARDED_HOST"]
        key = _key(
            environ.get("REQUEST_METHOD", ""),
            scheme,
            host,
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_COOKIE", ""),
        )
        if key is not None and host.split(":")[0] in settings.ALLOWED_HOSTS:
            hit = caches[ALIAS].get(key)
            if hit is not None:
                status, headers, body = hit
                start_response(f"{status} OK", [*headers, ("Content-Length", str(len(body)))])
                return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
        return self.application(environ, start_response)


def purge_pages() -> None:
    caches[ALIAS].clear()
