"""On a 375 px phone: book a consultation, open the cancel link from the confirmation email,
cancel, and see the time offered again."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.e2e


def test_book_then_cancel_from_the_email_link_frees_the_time(live_demo, phone, mailoutbox):
    from kmkm.booking.models import Appointment

    page = phone
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )

    page.goto(f"{live_demo}/book/")
    page.get_by_role("link", name=re.compile("^Consultation")).click()
    assert page.get_by_role("heading", name="Choose a time").is_visible()
    assert axe_violations(page) == []
    # A week ahead, well outside the cancellation window, so that it can be cancelled online.
    page.get_by_role("link", name="Later times").click()
    first_time = page.locator("a.time").first
    box = first_time.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    times_url = page.url
    chosen_href = first_time.get_attribute("href")
    first_time.click()

    assert page.get_by_role("heading", name="Your details").is_visible()
    page.get_by_label("Your full name").fill("Ada Example")
    page.get_by_label("Email address").fill("ada.e2e@example.com")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    assert page.get_by_label(re.compile("occasional news")).is_checked() is False
    assert axe_violations(page) == []
    screenshot(page, "booking-details-phone")
    page.get_by_role("button", name="Confirm booking").click()

    assert page.get_by_role("heading", name="You are booked in").is_visible()
    appointment = Appointment.objects.get(client__email="ada.e2e@example.com")
    assert appointment.status == Appointment.Status.BOOKED

    confirmations = [m for m in mailoutbox if m.to == ["ada.e2e@example.com"]]
    assert len(confirmations) == 1
    links = re.findall(r"https?://\S+/book/manage/\S+/cancel/", confirmations[0].body)
    assert len(links) >= 1
    page.goto(f"{live_demo}{urlsplit(links[0]).path}")
    assert page.get_by_role("heading", name="Cancel your appointment").is_visible()
    page.get_by_role("button", name="Cancel this appointment").click()
    assert page.get_by_role("heading", name="Your appointment is cancelled").is_visible()

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    page.goto(times_url)
    assert page.locator(f'a.time[href="{chosen_href}"]').count() == 1
    assert csp_errors == []


TABLET = {"width": 768, "height": 1024}


def test_reception_books_a_walk_in_from_the_diary_on_a_tablet(live_demo, browser, receptionist):
    """Find the client, choose the type, tap a time: three taps after the search, all big."""
    from django.conf import settings

    from kmkm.booking.models import Appointment
    from kmkm.booking.selectors import local_today
    from tests.conftest import verified_client
    from tests.kmkm.booking.factories import ClientFactory

    ClientFactory(name="Walk-in Example", email="walkin@example.com")
    signed_in = verified_client(receptionist)
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_demo,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_demo}/staff/diary/")
    assert page.get_by_role("heading", name=re.compile("^Nurse Khloe · ")).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "diary-day-tablet")

    page.get_by_role("link", name="New appointment").click()
    page.get_by_label("Find a client by name, email or phone").fill("walk-in")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("^Walk-in Example")).click()
    page.get_by_role("link", name=re.compile(r"^Review \(15 min\)")).click()
    # Find a working day with a free time (the demo works Tuesday to Saturday).
    for _ in range(7):
        if page.locator("button.time").count():
            break
        page.get_by_role("link", name=re.compile("→$")).click()
    first = page.locator("button.time").first
    box = first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert axe_violations(page) == []
    first.click()

    assert page.get_by_text("Booked. The client has been emailed a confirmation.").is_visible()
    booked = Appointment.objects.get(client__email="walkin@example.com")
    assert (booked.source, booked.created_by, booked.status) == (
        Appointment.Source.STAFF,
        receptionist,
        Appointment.Status.BOOKED,
    )
    assert booked.start.date() >= local_today()
    context.close()
