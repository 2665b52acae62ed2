"""What a visitor sees and does on the public site, in a real browser."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = {
    "home": "/",
    "treatments": "/treatments/",
    "treatment": "/treatments/profile-balancing/",
    "journal": "/journal/",
    "journal-category": "/journal/category/skin-health/",
    "article": "/journal/what-is-profile-balancing/",
    "practitioner": "/about/khloe/",
    "about": "/about/",
    "contact": "/contact/",
    "book": "/book/",
    "book-times": "/book/consultation/with/nurse-khloe/",
    "privacy": "/privacy/",
    "not-found": "/no-such-page/",
}


def test_visitor_on_a_phone_reads_an_article_then_books_a_consultation(live_demo, phone):
    page = phone
    page.goto(f"{live_demo}/")
    # The sticky action bar keeps Book and Enquire under the thumb.
    assert (
        page.get_by_role("navigation", name="Quick actions")
        .get_by_role("link", name="Book")
        .is_visible()
    )

    page.get_by_role("link", name=re.compile("What is profile balancing")).first.click()
    page.wait_for_url(re.compile(r"/journal/what-is-profile-balancing/$"))

    meta = page.locator(".article-header .meta")
    assert meta.get_by_text("Treatments").is_visible()
    assert meta.get_by_text("26 August 2026").is_visible()
    assert re.fullmatch(r"\d+ min read", meta.locator("li").nth(2).inner_text())
    byline = " ".join(page.locator(".byline").inner_text().split())
    assert byline == "By Nurse Khloe · Registered Nurse · Nurse Independent Prescriber"

    cta = page.locator(".cta-block").get_by_role("link", name="Book a consultation")
    cta.scroll_into_view_if_needed()
    cta.click()
    page.wait_for_url(re.compile(r"/book/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Book an appointment"
    # The first choice offered is the free consultation.
    first_choice = page.locator(".choice-card").first
    assert first_choice.is_visible()
    assert "Consultation" in first_choice.inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_page_type_has_no_serious_accessibility_violations(live_demo, viewport, request):
    page = request.getfixturevalue(viewport)
    width = 375 if viewport == "phone" else 1280
    problems: dict[str, list[str]] = {}
    for name, path in PAGE_TYPES.items():
        response = page.goto(f"{live_demo}{path}")
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), path
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{name}-{width}")
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_pages_make_no_third_party_requests(live_demo, desktop):
    seen: list[str] = []
    desktop.on("request", lambda req: seen.append(req.url))
    for path in ("/", "/journal/what-is-profile-balancing/", "/treatments/chin-filler/"):
        desktop.goto(f"{live_demo}{path}")
        desktop.wait_for_load_state("networkidle")
    outside = [url for url in seen if not url.startswith(live_demo) and not url.startswith("data:")]
    assert outside == []


def test_no_content_security_policy_violations(live_demo, desktop):
    errors: list[str] = []
    desktop.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    for path in ("/", "/journal/", "/contact/"):
        desktop.goto(f"{live_demo}{path}")
        desktop.wait_for_load_state("networkidle")
    assert errors == []


def test_menu_opens_on_a_phone_without_javascript_tricks(live_demo, phone):
    phone.goto(f"{live_demo}/")
    phone.get_by_text("Menu").click()
    link = phone.get_by_role("navigation", name="Main (mobile)").get_by_role(
        "link", name="The Journal"
    )
    link.click()
    phone.wait_for_url(re.compile(r"/journal/$"))


def test_nothing_overflows_sideways_on_a_360_px_phone(live_demo, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{live_demo}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
    context.close()
    assert too_wide == {}


def test_tap_targets_in_the_header_and_action_bar_are_at_least_44_px(live_demo, phone):
    phone.goto(f"{live_demo}/journal/what-is-profile-balancing/")
    small = []
    for locator in (
        phone.locator(".action-bar a"),
        phone.locator(".nav-details summary"),
        phone.locator(".cta-block a"),
        phone.locator(".brand"),
    ):
        for i in range(locator.count()):
            box = locator.nth(i).bounding_box()
            if box and (box["height"] < 44 or box["width"] < 44):
                small.append((locator.nth(i).inner_text(), box["width"], box["height"]))
    assert small == []
