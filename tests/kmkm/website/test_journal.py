"""The Journal: categories, filtering and pagination."""

from __future__ import annotations

import pytest

from kmkm.website.models import ArticlePage, JournalCategory, JournalIndexPage

pytestmark = pytest.mark.integration


def test_category_filter_shows_only_that_category(client, demo_site):
    skin = JournalCategory.objects.get(slug="skin-health")
    response = client.get("/journal/category/skin-health/")
    assert response.status_code == 200
    shown = [a.title for a in response.context["page_obj"]]
    expected = list(
        ArticlePage.objects.live()
        .filter(category=skin)
        .order_by("-date", "-pk")
        .values_list("title", flat=True)
    )
    assert shown == expected
    assert shown  # the demo has skin-health articles


def test_unknown_category_is_a_404(client, demo_site):
    assert client.get("/journal/category/no-such-thing/").status_code == 404


def test_pagination_splits_the_journal(client, demo_site):
    JournalIndexPage.PER_PAGE = 4
    try:
        total = ArticlePage.objects.live().count()
        first = client.get("/journal/")
        second = client.get("/journal/?page=2")
        assert len(first.context["page_obj"]) == 4
        assert second.status_code == 200
        titles = [a.title for a in first.context["page_obj"]] + [
            a.title for a in second.context["page_obj"]
        ]
        assert len(set(titles)) == min(total, 8)
        assert client.get("/journal/?page=99").status_code == 404
        assert client.get("/journal/?page=abc").status_code == 302
    finally:
        JournalIndexPage.PER_PAGE = 9


def test_articles_span_three_categories_and_are_marked_as_sample_content(demo_site):
    articles = ArticlePage.objects.all()
    assert articles.count() >= 6
    assert {a.category.name for a in articles} >= {"Treatments", "Skin health", "Clinic news"}
    assert all(a.is_sample_content for a in articles)
    assert all("(sample content)" in a.get_admin_display_title() for a in articles)
    assert ArticlePage.objects.filter(title__icontains="profile balancing").exists()
