"""Fixtures for notification tests: a real booking made through the booking service."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kmkm.booking.models import BookingPolicy
from kmkm.booking.services import appointment_book
from tests.kmkm.booking.factories import ClientFactory, ConsultationTypeFactory, weekly_hours

LONDON = ZoneInfo("Europe/London")
#: Monday 23 November 2026, 09:00 in London (GMT, so also 09:00 UTC).
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
#: Thursday 26 November 2026, 10:00 in London.
START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=LONDON)


@pytest.fixture
def clinic(practitioner):
    policy = BookingPolicy.load()
    policy.minimum_notice_hours = 2
    policy.horizon_days = 180
    policy.slot_step_minutes = 15
    policy.cancellation_window_hours = 24
    policy.save()
    weekly_hours(practitioner, days=(0, 1, 2, 3, 4, 5, 6), start=dt.time(9), end=dt.time(18))
    return practitioner


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def book(clinic, frozen, django_capture_on_commit_callbacks):
    """Book a consultation as a member of the public would, committing (so emails go)."""

    def run(start=START, client=None):
        client = client or ClientFactory(name="Ada Lovelace", email="ada@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            return appointment_book(
                practitioner=clinic,
                client=client,
                appointment_type=ConsultationTypeFactory(),
                start=start,
            )

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call ``fn`` and then run what its transaction's commit triggers."""

    def run(fn, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run
