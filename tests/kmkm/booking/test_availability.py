"""Free times: wall-clock hours across both daylight-saving changes, exceptions, buffers, policy."""

from __future__ import annotations

import datetime as dt

import pytest

from kmkm.booking.models import AvailabilityException, BlockedTime
from kmkm.booking.selectors import available_slots, slots_by_day
from kmkm.booking.services import appointment_book
from tests.kmkm.booking.conftest import LONDON, london
from tests.kmkm.booking.factories import ClientFactory, TreatmentTypeFactory

pytestmark = pytest.mark.integration

UTC = dt.UTC


def first_start_utc(slots, day):
    return next(s.start for s in slots if s.start.astimezone(LONDON).date() == day).astimezone(UTC)


def test_ten_oclock_stays_ten_oclock_across_the_march_change(open_practitioner, consultation):
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026 (last Sunday of March).
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 3, 28),
        end_date=dt.date(2026, 3, 31),
        now=london(2026, 3, 20, 9, 0),
    )
    assert first_start_utc(slots, dt.date(2026, 3, 28)) == dt.datetime(
        2026, 3, 28, 10, 0, tzinfo=UTC
    )
    assert first_start_utc(slots, dt.date(2026, 3, 31)) == dt.datetime(
        2026, 3, 31, 9, 0, tzinfo=UTC
    )
    days = slots_by_day(slots)
    assert [day for day, _ in days] == [dt.date(2026, 3, 28), dt.date(2026, 3, 31)]
    # Every day offers the same wall-clock times: 10:00 to 17:30 every 15 minutes.
    for _, day_slots in days:
        labels = [s.local_start.strftime("%H:%M") for s in day_slots]
        assert labels[0] == "10:00" and labels[-1] == "17:30" and len(labels) == 31


def test_ten_oclock_stays_ten_oclock_across_the_october_change(open_practitioner, consultation):
    # Clocks go back at 01:00 GMT on Sunday 25 October 2026 (last Sunday of October).
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 10, 24),
        end_date=dt.date(2026, 10, 27),
        now=london(2026, 10, 10, 9, 0),
    )
    assert first_start_utc(slots, dt.date(2026, 10, 24)) == dt.datetime(
        2026, 10, 24, 9, 0, tzinfo=UTC
    )
    assert first_start_utc(slots, dt.date(2026, 10, 27)) == dt.datetime(
        2026, 10, 27, 10, 0, tzinfo=UTC
    )


def test_a_session_over_the_missing_hour_in_march_is_two_real_hours(
    open_practitioner, consultation
):
    AvailabilityException.objects.create(
        practitioner=open_practitioner,
        date=dt.date(2026, 3, 29),
        kind=AvailabilityException.Kind.OPEN,
        start_time=dt.time(0, 0),
        end_time=dt.time(3, 0),
    )
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 3, 29),
        end_date=dt.date(2026, 3, 29),
        now=london(2026, 3, 20, 9, 0),
    )
    # 00:00 GMT to 03:00 BST is 00:00 to 02:00 UTC: 30-minute slots every 15 minutes -> 7.
    assert len(slots) == 7
    assert slots[0].start == dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert slots[-1].end == dt.datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert all(s.end - s.start == dt.timedelta(minutes=30) for s in slots)


def test_a_session_over_the_repeated_hour_in_october_is_four_real_hours(
    open_practitioner, consultation
):
    AvailabilityException.objects.create(
        practitioner=open_practitioner,
        date=dt.date(2026, 10, 25),
        kind=AvailabilityException.Kind.OPEN,
        start_time=dt.time(0, 0),
        end_time=dt.time(3, 0),
    )
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 10, 25),
        end_date=dt.date(2026, 10, 25),
        now=london(2026, 10, 10, 9, 0),
    )
    # 00:00 BST to 03:00 GMT is 23:00 (Saturday) to 03:00 UTC: four real hours -> 15 slots.
    assert len(slots) == 15
    assert slots[0].start == dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert slots[-1].end == dt.datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    starts = [s.start for s in slots]
    assert len(set(starts)) == len(starts)


def test_a_holiday_closes_the_day_and_a_closed_hour_removes_only_that_hour(
    open_practitioner, consultation
):
    AvailabilityException.objects.create(practitioner=open_practitioner, date=dt.date(2026, 12, 1))
    AvailabilityException.objects.create(
        practitioner=open_practitioner,
        date=dt.date(2026, 12, 2),
        start_time=dt.time(12, 0),
        end_time=dt.time(13, 0),
    )
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 12, 2),
        now=london(2026, 11, 20, 9, 0),
    )
    days = dict(slots_by_day(slots))
    assert list(days) == [dt.date(2026, 12, 2)]
    labels = [s.local_start.strftime("%H:%M") for s in days[dt.date(2026, 12, 2)]]
    assert (
        "11:30" in labels and "11:45" not in labels and "12:30" not in labels and "13:00" in labels
    )


def test_minimum_notice_and_horizon_limit_online_times(open_practitioner, consultation, policy):
    now = london(2026, 12, 1, 12, 0)  # a Tuesday
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2027, 3, 1),
        now=now,
    )
    assert slots[0].start == london(2026, 12, 2, 12, 0)
    assert slots[-1].start <= now + dt.timedelta(days=56)
    assert slots[-1].start.astimezone(LONDON).date() == dt.date(2027, 1, 26)


def test_buffers_keep_time_free_around_an_appointment(open_practitioner, consultation):
    treatment = TreatmentTypeFactory(
        requires_consultation=False, buffer_before_minutes=15, buffer_after_minutes=15
    )
    client = ClientFactory()
    now = london(2026, 11, 20, 9, 0)
    appointment_book(
        practitioner=open_practitioner,
        client=client,
        appointment_type=treatment,
        start=london(2026, 12, 2, 12, 0),
        now=now,
    )
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 2),
        end_date=dt.date(2026, 12, 2),
        now=now,
    )
    labels = [s.local_start.strftime("%H:%M") for s in slots]
    # Held from 11:45 to 13:15: a 30-minute consultation may end at 11:45 or start at 13:15.
    assert "11:15" in labels and "11:30" not in labels
    assert "13:00" not in labels and "13:15" in labels


def test_blocked_time_is_not_offered(open_practitioner, consultation, practitioner):
    BlockedTime.objects.create(
        practitioner=open_practitioner,
        start=london(2026, 12, 2, 10, 0),
        end=london(2026, 12, 2, 17, 0),
    )
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 2),
        end_date=dt.date(2026, 12, 2),
        now=london(2026, 11, 20, 9, 0),
    )
    assert [s.local_start.strftime("%H:%M") for s in slots] == ["17:00", "17:15", "17:30"]
