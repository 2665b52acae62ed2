"""A visitor can reach every page type, and each carries the calls to action and credentials."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration

PUBLIC_PATHS = [
    "/",
    "/treatments/",
    "/treatments/profile-balancing/",
    "/journal/",
    "/journal/what-is-profile-balancing/",
    "/journal/category/treatments/",
    "/about/",
    "/about/khloe/",
    "/contact/",
    "/privacy/",
    "/complaints/",
    "/terms/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_page_type_renders_with_book_enquire_and_badges(client, demo_site, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html and "Skip to content" in html
    assert re.search(r'<a class="button button--primary[^"]*" href="[^"]+">Book', html)
    assert ">Enquire</a>" in html
    assert "Nurse Independent Prescriber" in html
    assert "Registered Nurse (NMC)" in html


def test_article_shows_category_date_reading_time_and_byline(client, demo_site):
    html = client.get("/journal/what-is-profile-balancing/").content.decode()
    assert ">Treatments</a>" in html
    assert "26 August 2026" in html
    assert re.search(r"\b\d+ min read\b", html)
    assert "By <strong>Nurse Khloe</strong>" in html
    assert "Registered Nurse" in html and "Nurse Independent Prescriber" in html
    assert "Book a consultation" in html


def test_enquiry_form_links_to_the_clinics_privacy_notice(client, demo_site):
    html = client.get("/contact/").content.decode()
    assert '<a href="/privacy/">Read the privacy notice</a>' in html
