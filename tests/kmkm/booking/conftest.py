from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kmkm.booking.models import BookingPolicy
from tests.kmkm.booking.factories import ClientFactory, ConsultationTypeFactory, weekly_hours

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> dt.datetime:
    """An aware datetime from wall-clock time in London."""
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def policy(db):
    policy = BookingPolicy.load()
    policy.minimum_notice_hours = 24
    policy.horizon_days = 56
    policy.slot_step_minutes = 15
    policy.cancellation_window_hours = 48
    policy.save()
    return policy


@pytest.fixture
def open_practitioner(practitioner, policy):
    """Nurse Khloe, working Tuesday to Saturday, 10:00 to 18:00."""
    weekly_hours(practitioner)
    return practitioner


@pytest.fixture
def consultation(db):
    return ConsultationTypeFactory()


@pytest.fixture
def adult(db):
    return ClientFactory(date_of_birth=dt.date(1990, 5, 17))
