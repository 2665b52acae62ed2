"""The public enquiry form on the Contact page, as a visitor uses it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from kmkm.enquiries import spam
from kmkm.enquiries.models import Enquiry

pytestmark = pytest.mark.integration

SHOWN_AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def answers(token: str, **overrides) -> dict[str, str]:
    data = {
        "name": "Ada Example",
        "email": "ada@example.com",
        "phone": "",
        "treatment_of_interest": "Chin",
        "message": "Could a small chin treatment balance my profile?",
        "preferred_contact": "email",
        "privacy": "on",
        "website": "",
        "form_token": token,
    }
    data.update(overrides)
    return data


@pytest.fixture
def shown_form(client, demo_site):
    with time_machine.travel(SHOWN_AT, tick=False):
        html = client.get("/contact/").content.decode()
    return html


def post_later(client, data, seconds=20):
    with time_machine.travel(SHOWN_AT + dt.timedelta(seconds=seconds), tick=False):
        return client.post("/contact/", data)


def test_form_carries_a_hidden_honeypot_and_a_signed_token(shown_form):
    assert re.search(
        r'<div class="field hp-field">\s*<label for="id_website">Leave this empty</label>',
        shown_form,
    )
    assert 'class="hp"' in shown_form
    with time_machine.travel(SHOWN_AT + dt.timedelta(seconds=10), tick=False):
        assert spam.form_token_check(form_token(shown_form)).nonce


def test_a_person_sends_an_enquiry_and_sees_the_thank_you(
    client, shown_form, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_later(client, answers(form_token(shown_form)))
    assert response.status_code == 302
    assert response["Location"] == "/contact/?sent=1"
    assert Enquiry.objects.get().email == "ada@example.com"
    assert len(mailoutbox) == 2
    page = client.get("/contact/?sent=1").content.decode()
    assert "Your enquiry has reached the clinic" in page


def test_the_same_form_sent_twice_is_one_enquiry(client, shown_form):
    data = answers(form_token(shown_form))
    assert post_later(client, data).status_code == 302
    assert post_later(client, data, seconds=21).status_code == 302
    assert Enquiry.objects.count() == 1


def test_honeypot_filled_in_shows_a_clear_error_and_saves_nothing(client, shown_form):
    response = post_later(client, answers(form_token(shown_form), website="http://spam.example"))
    assert response.status_code == 200
    assert "leave the box labelled" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_sending_too_fast_asks_to_wait_and_saves_nothing(client, shown_form):
    response = post_later(client, answers(form_token(shown_form)), seconds=1)
    assert "That was quicker than we expected" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_a_refused_token_is_replaced_so_the_next_try_can_pass(client, shown_form):
    response = post_later(client, answers("tampered"))
    html = response.content.decode()
    assert "Your answers are still here" in html
    fresh = form_token(html)
    with time_machine.travel(SHOWN_AT + dt.timedelta(seconds=60), tick=False):
        assert client.post("/contact/", answers(fresh)).status_code == 302
    assert Enquiry.objects.count() == 1


def test_markup_is_refused_and_echoed_back_escaped(client, shown_form):
    response = post_later(client, answers(form_token(shown_form), name="<script>alert(1)</script>"))
    html = response.content.decode()
    assert "Please remove the angle-bracket markup" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Enquiry.objects.count() == 0


def test_invalid_email_and_phone_get_plain_english_errors(client, shown_form):
    response = post_later(client, answers(form_token(shown_form), email="ada@", phone="call me"))
    html = response.content.decode()
    assert "Please check your email address; it should look like name@example.com." in html
    assert "Please enter a phone number in digits" in html
    assert Enquiry.objects.count() == 0
