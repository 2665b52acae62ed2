"""Enquiries from the public: stored, emailed to the clinic, and protected from spam."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from kmkm.enquiries import spam
from kmkm.enquiries.models import Enquiry
from kmkm.enquiries.services import enquiry_submit
from kmkm.notifications.models import Message

pytestmark = pytest.mark.integration

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def aged_token(seconds: float = 30) -> str:
    """A form token as if the form had been shown ``seconds`` ago."""
    with time_machine.travel(NOW - dt.timedelta(seconds=seconds), tick=False):
        return spam.form_token_issue()


def submit(**overrides):
    fields = {
        "name": "Ada Example",
        "email": "ada@example.com",
        "message": "Could a small chin treatment balance my profile?",
        "phone": "07700 900123",
        "treatment_of_interest": "Chin",
        "preferred_contact": "email",
        "form_token": aged_token(),
        "honeypot": "",
        "client_ip": "203.0.113.5",
    }
    fields.update(overrides)
    with time_machine.travel(NOW, tick=False):
        return enquiry_submit(**fields)


def refusal(**overrides) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        submit(**overrides)
    return caught.value.messages


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a submission and then what its transaction's commit triggers (the send tasks)."""

    def run(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return submit(**overrides)

    return run


def test_enquiry_is_stored_and_the_clinic_and_enquirer_are_emailed(
    db, mailoutbox, committed, settings
):
    settings.CLINIC_NOTIFY_EMAIL = "khloe@kmkm.example"
    result = committed()
    enquiry = Enquiry.objects.get()
    assert result.enquiry == enquiry
    assert result.duplicate is False
    assert (enquiry.name, enquiry.email, enquiry.status) == (
        "Ada Example",
        "ada@example.com",
        "new",
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "khloe@kmkm.example"]
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "sent"]


def test_clinic_email_keeps_the_message_itself_out_of_email(db, mailoutbox, committed, settings):
    settings.CLINIC_NOTIFY_EMAIL = "khloe@kmkm.example"
    committed(message="I had a reaction to filler in 2023 and would like advice.")
    clinic = next(m for m in mailoutbox if m.to == ["khloe@kmkm.example"])
    html = clinic.alternatives[0][0]
    assert "Ada Example" in clinic.body and "Ada Example" in html
    assert "reaction to filler" not in clinic.body
    assert "reaction to filler" not in html
    assert f"/staff/enquiries/{Enquiry.objects.get().pk}/" in clinic.body


def test_acknowledgement_can_be_switched_off(db, mailoutbox, committed, settings):
    settings.ENQUIRY_ACKNOWLEDGE = False
    committed()
    assert [m.to for m in mailoutbox] == [[settings.CLINIC_NOTIFY_EMAIL]]


def test_nothing_is_emailed_when_the_transaction_rolls_back(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit()
        raise RuntimeError("the caller fails after submitting")
    assert mailoutbox == []
    assert (Enquiry.objects.count(), Message.objects.count()) == (0, 0)


def test_honeypot_filled_in_is_refused_and_nothing_saved(db, mailoutbox, committed):
    with pytest.raises(ValidationError) as caught:
        committed(honeypot="http://spam.example")
    assert caught.value.messages == [spam.HONEYPOT_MESSAGE]
    assert Enquiry.objects.count() == 0
    assert mailoutbox == []


def test_form_sent_faster_than_a_person_could_is_refused(db):
    assert refusal(form_token=aged_token(seconds=1)) == [spam.TOO_FAST_MESSAGE]
    assert Enquiry.objects.count() == 0


def test_form_left_open_past_its_lifetime_is_refused(db, settings):
    settings.ENQUIRY_FORM_MAX_AGE = 6 * 60 * 60
    assert refusal(form_token=aged_token(seconds=7 * 60 * 60)) == [spam.EXPIRED_MESSAGE]
    assert Enquiry.objects.count() == 0


@pytest.mark.parametrize("token", ["", "not-a-token", "TAMPERED"])
def test_missing_or_tampered_token_is_refused(db, token):
    if token == "TAMPERED":
        good = aged_token()
        token = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    assert refusal(form_token=token) == [spam.EXPIRED_MESSAGE]
    assert Enquiry.objects.count() == 0


def test_the_same_form_sent_twice_saves_one_enquiry_and_one_set_of_emails(
    db, mailoutbox, committed
):
    token = aged_token()
    first = committed(form_token=token)
    second = committed(form_token=token)
    assert second.duplicate is True
    assert second.enquiry == first.enquiry
    assert Enquiry.objects.count() == 1
    assert len(mailoutbox) == 2


def test_rate_limit_per_email_address(db, settings):
    settings.ENQUIRY_RATE_PER_EMAIL = 3
    for n in range(3):
        submit(form_token=aged_token(), client_ip=f"203.0.113.{n}")
    assert refusal(email="ADA@example.com", client_ip="198.51.100.7") == [spam.EMAIL_LIMIT_MESSAGE]
    assert Enquiry.objects.count() == 3
    # A different address is not held back by Ada's allowance.
    submit(email="grace@example.com", client_ip="198.51.100.7")
    assert Enquiry.objects.count() == 4


def test_rate_limit_per_ip_address(db, settings):
    settings.ENQUIRY_RATE_PER_IP = 2
    submit(email="one@example.com")
    submit(email="two@example.com")
    assert refusal(email="three@example.com") == [spam.IP_LIMIT_MESSAGE]
    assert Enquiry.objects.count() == 2


def test_rate_limit_allowance_comes_back_after_the_hour(db, settings):
    settings.ENQUIRY_RATE_PER_EMAIL = 1
    submit()
    assert refusal() == [spam.EMAIL_LIMIT_MESSAGE]
    later = NOW + dt.timedelta(hours=1, minutes=1)
    with time_machine.travel(later - dt.timedelta(seconds=30), tick=False):
        token = spam.form_token_issue()
    with time_machine.travel(later, tick=False):
        enquiry_submit(
            name="Ada Example", email="ada@example.com", message="Hello again.", form_token=token
        )
    assert Enquiry.objects.count() == 2


def test_refused_submissions_do_not_use_up_the_allowance(db, settings):
    settings.ENQUIRY_RATE_PER_EMAIL = 1
    refusal(name="<b>Ada</b>")
    submit()
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "<script>alert(1)</script>", "Please remove the angle-bracket markup"),
        (
            "message",
            'Hello <a href="https://spam.example">cheap</a>',
            "Please remove the angle-bracket markup",
        ),
        (
            "treatment_of_interest",
            "<img src=x onerror=alert(1)>",
            "Please remove the angle-bracket markup",
        ),
        ("phone", "call me maybe", "Please enter a phone number in digits"),
        ("phone", "12", "Please enter a phone number in digits"),
        ("email", "ada@", "Enter a valid email address."),
        ("message", "x" * 3001, "Ensure this value has at most 3000 characters"),
        ("name", "A" * 121, "Ensure this value has at most 120 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    db, mailoutbox, committed, field, value, message
):
    with pytest.raises(ValidationError) as caught:
        committed(**{field: value})
    assert list(caught.value.message_dict) == [field]
    assert caught.value.message_dict[field][0].startswith(message)
    assert Enquiry.objects.count() == 0
    assert Message.objects.count() == 0
    assert mailoutbox == []


def test_a_heart_or_a_comparison_is_not_mistaken_for_markup(db):
    result = submit(message="I am < 30 and would <3 some advice.")
    assert result.enquiry.message == "I am < 30 and would <3 some advice."


def test_asking_for_a_phone_call_needs_a_phone_number(db):
    with pytest.raises(ValidationError) as caught:
        submit(preferred_contact="phone", phone="")
    assert caught.value.message_dict == {
        "phone": ["Please give a phone number so we can call you, or choose a reply by email."]
    }
