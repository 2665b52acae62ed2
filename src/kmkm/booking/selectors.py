"""Reads for booking: free times, diary days and signed links.

Availability is computed, never stored: the week's hours in wall-clock time, dated exceptions,
then the held time of active appointments and blocked time taken away. Every datetime that
leaves this module is timezone-aware (UTC from the database); callers show it in
Europe/London with ``localtime``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kmkm.accounts.models import Practitioner

from .errors import TokenExpired, TokenInvalid
from .models import (
    Appointment,
    AppointmentType,
    AvailabilityException,
    BlockedTime,
    BookingPolicy,
    WeeklyHours,
)

Interval = tuple[dt.datetime, dt.datetime]

#: Purposes of signed links. Each has its own salt, so a cancel link cannot reschedule.
LINK_PURPOSES = ("cancel", "reschedule")


def clinic_tz() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(clinic_tz())


# --- Working hours ------------------------------------------------------------------------------


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _subtract(spans: list[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        if cut[1] <= a or cut[0] >= b:
            out.append((a, b))
            continue
        if a < cut[0]:
            out.append((a, cut[0]))
        if cut[1] < b:
            out.append((cut[1], b))
    return out


def _merge(spans: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    merged: list[tuple[Any, Any]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _at(day: dt.date, minute_of_day: int, tz: ZoneInfo) -> dt.datetime:
    """The aware UTC instant of a wall-clock minute on ``day`` in the clinic's zone."""
    if minute_of_day >= 24 * 60:
        day, minute_of_day = day + dt.timedelta(days=1), minute_of_day - 24 * 60
    local = dt.datetime.combine(day, dt.time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)
    return local.astimezone(dt.UTC)


def working_intervals(
    *, practitioner: Practitioner, start_date: dt.date, end_date: dt.date
) -> dict[dt.date, list[Interval]]:
    """Working time per local date (inclusive range), as UTC intervals.

    Sessions are wall-clock times, converted day by day, so 10:00 stays 10:00 across both
    daylight-saving changes (09:00 UTC in summer, 10:00 UTC in winter).
    """
    tz = clinic_tz()
    weekly: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for weekday, start, end in WeeklyHours.objects.filter(practitioner=practitioner).values_list(
        "weekday", "start_time", "end_time"
    ):
        weekly[weekday].append((_minutes(start), _minutes(end)))
    exceptions: dict[dt.date, list[AvailabilityException]] = defaultdict(list)
    for exc in AvailabilityException.objects.filter(
        practitioner=practitioner, date__gte=start_date, date__lte=end_date
    ):
        exceptions[exc.date].append(exc)

    found: dict[dt.date, list[Interval]] = {}
    day = start_date
    while day <= end_date:
        spans = list(weekly.get(day.weekday(), []))
        todays = exceptions.get(day, [])
        for exc in todays:
            if exc.kind == AvailabilityException.Kind.CLOSED:
                if exc.start_time is None or exc.end_time is None:
                    spans = []
                else:
                    spans = _subtract(spans, (_minutes(exc.start_time), _minutes(exc.end_time)))
        for exc in todays:
            if exc.kind == AvailabilityException.Kind.OPEN and exc.start_time and exc.end_time:
                spans.append((_minutes(exc.start_time), _minutes(exc.end_time)))
        merged = _merge(spans)
        if merged:
            found[day] = [(_at(day, a, tz), _at(day, b, tz)) for a, b in merged]
        day += dt.timedelta(days=1)
    return found


# --- Busy time ----------------------------------------------------------------------------------


def busy_intervals(
    *,
    practitioner: Practitioner,
    start: dt.datetime,
    end: dt.datetime,
    exclude_appointment_id: int | None = None,
) -> list[Interval]:
    """Held time of active appointments and blocked time overlapping [start, end), merged."""
    appointments = Appointment.objects.filter(
        practitioner=practitioner,
        status__in=Appointment.ACTIVE_STATUSES,
        held_from__lt=end,
        held_until__gt=start,
    )
    if exclude_appointment_id is not None:
        appointments = appointments.exclude(pk=exclude_appointment_id)
    spans: list[Interval] = list(appointments.values_list("held_from", "held_until"))
    spans += list(
        BlockedTime.objects.filter(
            practitioner=practitioner, start__lt=end, end__gt=start
        ).values_list("start", "end")
    )
    return _merge(spans)


class _BusyIndex:
    """Overlap tests against merged, sorted busy intervals in O(log n)."""

    def __init__(self, busy: Sequence[Interval]) -> None:
        self.starts = [a for a, _ in busy]
        self.ends = [b for _, b in busy]

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        # The last busy interval that begins before ``end`` is the only one that can overlap,
        # because merged intervals are disjoint and their ends increase with their starts.
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start


# --- Free times ---------------------------------------------------------------------------------


def booking_window(
    *, policy: BookingPolicy, now: dt.datetime, for_staff: bool
) -> tuple[dt.datetime, dt.datetime]:
    """Earliest and latest start a booking may have. Staff skip notice and horizon, not the past."""
    if for_staff:
        return now, now + dt.timedelta(days=366)
    return now + policy.minimum_notice, now + policy.horizon


def available_slots(
    *,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    start_date: dt.date,
    end_date: dt.date,
    now: dt.datetime | None = None,
    policy: BookingPolicy | None = None,
    for_staff: bool = False,
    exclude_appointment_id: int | None = None,
) -> list[Slot]:
    """Start times (every slot step from the start of each session) that can be booked.

    ``start_date`` and ``end_date`` are local dates, inclusive. A slot needs the appointment
    itself inside working hours and its held time (with buffers) clear of other held time.
    """
    now = now or timezone.now()
    policy = policy or BookingPolicy.load()
    earliest, latest = booking_window(policy=policy, now=now, for_staff=for_staff)
    days = working_intervals(practitioner=practitioner, start_date=start_date, end_date=end_date)
    if not days:
        return []
    first = min(a for spans in days.values() for a, _ in spans)
    last = max(b for spans in days.values() for _, b in spans)
    before, after = appointment_type.buffer_before, appointment_type.buffer_after
    busy = _BusyIndex(
        busy_intervals(
            practitioner=practitioner,
            start=first - before,
            end=last + after,
            exclude_appointment_id=exclude_appointment_id,
        )
    )
    duration = appointment_type.duration
    step = dt.timedelta(minutes=policy.slot_step_minutes)
    slots: list[Slot] = []
    for day in sorted(days):
        for session_start, session_end in days[day]:
            t = session_start
            while t + duration <= session_end:
                if earliest <= t <= latest and not busy.overlaps(t - before, t + duration + after):
                    slots.append(Slot(t, t + duration))
                t += step
    return slots


def slots_by_day(slots: Iterable[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    """Group slots by their local (Europe/London) date, in order."""
    grouped: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in slots:
        grouped[slot.local_start.date()].append(slot)
    return sorted(grouped.items())


def local_today() -> dt.date:
    return timezone.now().astimezone(clinic_tz()).date()


# --- What the public may choose -----------------------------------------------------------------


def online_appointment_types() -> QuerySet[AppointmentType]:
    return AppointmentType.objects.filter(is_active=True, bookable_online=True)


def bookable_practitioners() -> QuerySet[Practitioner]:
    """Active practitioners with at least one weekly session."""
    return Practitioner.objects.filter(is_active=True, weekly_hours__isnull=False).distinct()


# --- Diary --------------------------------------------------------------------------------------


def diary_appointments(
    *, practitioner: Practitioner, start: dt.datetime, end: dt.datetime
) -> QuerySet[Appointment]:
    """Appointments (including cancelled ones, shown struck through) starting in [start, end)."""
    return (
        Appointment.objects.filter(practitioner=practitioner, start__gte=start, start__lt=end)
        .select_related("client", "appointment_type")
        .order_by("start")
    )


def diary_blocks(
    *, practitioner: Practitioner, start: dt.datetime, end: dt.datetime
) -> QuerySet[BlockedTime]:
    return BlockedTime.objects.filter(practitioner=practitioner, start__lt=end, end__gt=start)


# --- Signed links -------------------------------------------------------------------------------


def _salt(purpose: str) -> str:
    if purpose not in LINK_PURPOSES:
        raise ValueError(f"Unknown link purpose {purpose!r}")
    return f"kmkm.booking.link.{purpose}"


def link_max_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "BOOKING_LINK_MAX_AGE_DAYS", 120))


def appointment_token(*, appointment: Appointment, purpose: str) -> str:
    """A signed, timestamped token naming the appointment's random reference and current nonce."""
    return signing.dumps(
        {"r": str(appointment.reference), "n": appointment.link_nonce}, salt=_salt(purpose)
    )


def appointment_from_token(*, token: str, purpose: str) -> Appointment:
    """The appointment a link points at, or TokenInvalid / TokenExpired.

    A token dies when it is older than BOOKING_LINK_MAX_AGE_DAYS, when it was made for another
    purpose, or when the appointment has changed since (the nonce is replaced on every change).
    """
    try:
        data = signing.loads(token, salt=_salt(purpose), max_age=link_max_age())
    except signing.SignatureExpired as exc:
        raise TokenExpired() from exc
    except signing.BadSignature as exc:
        raise TokenInvalid() from exc
    if not isinstance(data, dict):
        raise TokenInvalid()
    appointment = (
        Appointment.objects.select_related("practitioner", "appointment_type", "client")
        .filter(reference=str(data.get("r", "")))
        .first()
        if _is_uuid(data.get("r"))
        else None
    )
    if appointment is None or appointment.link_nonce != data.get("n"):
        raise TokenInvalid()
    return appointment


def _is_uuid(value: object) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def appointment_links(*, appointment: Appointment) -> dict[str, str]:
    """Absolute cancel and reschedule links for emails (fresh tokens on every call)."""
    return {
        purpose: settings.SITE_URL
        + reverse(
            f"booking:{purpose}",
            kwargs={"token": appointment_token(appointment=appointment, purpose=purpose)},
        )
        for purpose in LINK_PURPOSES
    }
