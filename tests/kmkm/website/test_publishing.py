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
