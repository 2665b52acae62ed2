"""Editorial workflow: drafts stay private, previews work, scheduled pages go live on time, and
publishing purges the page cache so visitors see the change at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from kmkm.website.models import ArticlePage, ClinicSettings

pytestmark = pytest.mark.integration
PATH = "/journal/what-is-profile-balancing/"


def test_published_pages_are_cached_and_publishing_purges_them(client, demo_site):
    first = client.get(PATH)
    assert "Lower-face proportions, explained" not in first.content.decode()
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")

    # A change saved straight to the database (bypassing publishing) is not seen: the page is cached.
    ArticlePage.objects.filter(pk=article.pk).update(title="Changed behind the cache's back")
    assert "Changed behind the cache" not in client.get(PATH).content.decode()

    article.refresh_from_db()
    article.title = "Lower-face proportions, explained"
    article.save_revision().publish()
    assert "Lower-face proportions, explained" in client.get(PATH).content.decode()


def test_changing_clinic_details_purges_every_cached_page(client, demo_site):
    client.get("/")
    clinic = ClinicSettings.load()
    clinic.phone = "01632 960 999"
    clinic.save()
    assert "01632 960 999" in client.get("/").content.decode()


def test_a_draft_is_not_public(client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    article.title = "A draft title nobody should see"
    article.save_revision()
    assert "A draft title nobody should see" not in client.get(PATH).content.decode()


def test_editor_can_preview_a_draft(practitioner_client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    article.title = "Preview me please"
    article.save_revision()
    response = practitioner_client.get(
        f"/{settings.CMS_PATH}/pages/{article.pk}/revisions/{article.latest_revision.pk}/view/"
    )
    assert response.status_code == 200
    assert "Preview me please" in response.content.decode()


def test_scheduled_article_goes_live_when_its_time_comes(client, demo_site, time_machine):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    article.unpublish()
    go_live = timezone.now() + timedelta(hours=2)
    article.go_live_at = go_live
    article.save_revision().publish()  # with a future go_live_at this schedules, not publishes
    assert client.get(PATH).status_code == 404

    time_machine.move_to(go_live + timedelta(minutes=1))
    call_command("publish_scheduled")
    assert client.get(PATH).status_code == 200


def test_cms_dashboard_lists_sample_content_to_replace(practitioner_client, demo_site):
    html = practitioner_client.get(f"/{settings.CMS_PATH}/").content.decode()
    from kmkm.website.models import SitePage

    count = SitePage.objects.filter(is_sample_content=True).count()
    assert f"Sample content still on the site ({count})" in html
    assert count >= 20


def _wsgi_get(path: str, cookie: str = "") -> tuple[str, dict[str, str], bytes]:
    """Call the production WSGI application (with its cache fast path) directly."""
    import io

    from kmkm.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    captured: dict[str, object] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None
    ) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    # As Django's test client does: keep the test's database connection (and its transaction)
    # open across the request instead of closing it as a real server would.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return captured["status"], captured["headers"], body  # type: ignore[return-value]


def test_production_fast_path_serves_stored_pages_with_their_security_headers(demo_site):
    status, headers, first = _wsgi_get(PATH)
    assert status.startswith("200")
    ArticlePage.objects.filter(slug="what-is-profile-balancing").update(title="Not yet visible")
    status, headers, second = _wsgi_get(PATH)
    assert second == first  # served from the cache
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # A signed-in editor (session cookie) always gets a fresh page.
    _, _, fresh = _wsgi_get(PATH, cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert b"Not yet visible" in fresh


def test_pages_with_forms_are_never_shared(client, demo_site):
    client.get("/contact/")
    from django.core.cache import caches

    assert caches["pages"].get("http://testserver/contact/?page=") is None
