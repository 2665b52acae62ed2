"""Sharing and search: feed, sitemap, robots, canonical URLs, OpenGraph and JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from kmkm.website.models import ArticlePage, reading_minutes

pytestmark = pytest.mark.integration
ATOM = "{http://www.w3.org/2005/Atom}"


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_journal_feed_lists_published_articles_newest_first(client, demo_site):
    response = client.get("/journal/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    expected = list(
        ArticlePage.objects.live().order_by("-date", "-pk").values_list("title", flat=True)
    )
    assert titles == expected
    assert len(titles) >= 6


def test_unpublished_article_leaves_the_feed_and_sitemap(client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    article.unpublish()
    feed = client.get("/journal/feed/").content.decode()
    assert article.title not in feed
    assert "/journal/what-is-profile-balancing/" not in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_every_live_page(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
    assert any(u.endswith("/journal/what-is-profile-balancing/") for u in urls)
    assert any(u.endswith("/treatments/profile-balancing/") for u in urls)
    assert any(u.endswith("/about/khloe/") for u in urls)


def test_robots_points_at_the_sitemap_and_keeps_staff_areas_out(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert f"Disallow: /{settings.CMS_PATH}/" in body
    assert "Disallow: /staff/" in body


def test_article_has_canonical_opengraph_and_article_json_ld_with_credentialed_author(
    client, demo_site
):
    html = client.get("/journal/what-is-profile-balancing/").content.decode()
    canonical = f"{settings.SITE_URL}/journal/what-is-profile-balancing/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert re.search(r'<meta property="og:image" content="http[^"]+\.jpg">', html)
    graph = {item["@type"]: item for item in _json_ld(html)["@graph"]}
    assert graph["MedicalBusiness"]["name"] == "KMKM Aesthetics"
    article = graph["Article"]
    assert article["datePublished"] == "2026-08-26"
    assert article["articleSection"] == "Treatments"
    assert article["author"]["name"] == "Nurse Khloe"
    creds = [c["name"] for c in article["author"]["hasCredential"]]
    assert creds == ["Registered Nurse", "Nurse Independent Prescriber"]


def test_practitioner_page_describes_her_as_a_person_with_credentials(client, demo_site):
    html = client.get("/about/khloe/").content.decode()
    person = next(i for i in _json_ld(html)["@graph"] if i["@type"] == "Person")
    assert person["name"] == "Nurse Khloe"
    assert "Nurse Independent Prescriber" in [c["name"] for c in person["hasCredential"]]
    assert "https://www.nmc.org.uk/" in html  # clients can check the register themselves


def test_json_ld_cannot_break_out_of_its_script_element(client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    article.standfirst = "Lips </script><script>alert(1)</script> and chin"
    article.save_revision().publish()
    html = client.get("/journal/what-is-profile-balancing/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert _json_ld(html)["@graph"][1]["description"] == article.standfirst


@pytest.mark.unit
def test_reading_time_is_words_over_two_hundred_rounded_up():
    assert reading_minutes("word " * 1) == 1
    assert reading_minutes("word " * 200) == 1
    assert reading_minutes("word " * 201) == 2
    assert reading_minutes("word " * 1150) == 6


def test_article_reading_time_follows_its_body(demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    from kmkm.website.blocks import stream_text

    words = len(stream_text(article.body).split())
    assert article.reading_minutes == -(-words // 200)
