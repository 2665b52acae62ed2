"""Writes for booking: views call these; the rules live here.

One rule set for online and staff bookings. Staff differ in three ways only: they may book
without the minimum notice or horizon, at any start minute inside working hours, and they may
override the cancellation window (which is audited). The under-18 rule, the consultation
prerequisite and "never a double booking" hold for everyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kmkm.accounts.models import Practitioner
from kmkm.audit.services import audit_record
from kmkm.clinical.models import Client
from kmkm.notifications import services as notifications

from . import selectors
from .errors import (
    BookingError,
    CancellationWindowClosed,
    DateOfBirthRequired,
    InvalidTransition,
    PrerequisiteNotMet,
    SlotTaken,
    SlotUnavailable,
    TimeBlockConflict,
    UnderAgeRefused,
)
from .models import Appointment, AppointmentType, BlockedTime, BookingPolicy, new_nonce

#: SQLSTATE of exclusion_violation: the PostgreSQL constraint in migration 0002 said no.
EXCLUSION_VIOLATION = "23P01"

ADULT_AGE = 18

# NO KEY UPDATE, not UPDATE: rows that merely reference the practitioner (their own diary
# entries, messages) take KEY SHARE locks, which this does not block.
LOCK_DIARY = "SELECT 1 FROM accounts_practitioner WHERE id = %s FOR NO KEY UPDATE"


# --- Rules, each named ----------------------------------------------------------------------------


def rule_under_18_filler_or_toxin(
    *, client: Client, appointment_type: AppointmentType, start: dt.datetime
) -> None:
    """Botulinum Toxin and Cosmetic Fillers (Children) Act 2021: in England it is an offence to
    give, or to arrange, a filler or toxin treatment for cosmetic purposes to anyone under 18.
    Age is taken on the local date of the appointment."""
    if client.date_of_birth is None:
        raise DateOfBirthRequired()
    if not appointment_type.is_filler_or_toxin:
        return
    age = client.age_on(start.astimezone(selectors.clinic_tz()).date())
    if age is not None and age < ADULT_AGE:
        raise UnderAgeRefused()


def rule_consultation_before_treatment(
    *,
    client: Client,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    start: dt.datetime,
    exclude_appointment_id: int | None = None,
) -> None:
    """A treatment that needs a consultation may only follow one with the same practitioner,
    ending at least ``reflection_hours`` before it. A booked or attended consultation counts;
    a cancelled one or a no-show does not."""
    if not appointment_type.requires_consultation:
        return
    latest_end = start - dt.timedelta(hours=appointment_type.reflection_hours)
    consultations = Appointment.objects.filter(
        client=client,
        practitioner=practitioner,
        appointment_type__kind=AppointmentType.Kind.CONSULTATION,
        status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED],
        end__lte=latest_end,
    )
    if exclude_appointment_id is not None:
        consultations = consultations.exclude(pk=exclude_appointment_id)
    if consultations.exists():
        return
    if (
        appointment_type.reflection_hours
        and Appointment.objects.filter(
            client=client,
            practitioner=practitioner,
            appointment_type__kind=AppointmentType.Kind.CONSULTATION,
            status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED],
            end__lte=start,
        ).exists()
    ):
        days = appointment_type.reflection_hours / 24
        wait = (
            f"{days:g} days"
            if appointment_type.reflection_hours % 24 == 0
            else (f"{appointment_type.reflection_hours} hours")
        )
        raise PrerequisiteNotMet(
            f"We ask for at least {wait} between your consultation and this treatment, so that "
            "you have time to think it over. Please choose a later date."
        )
    raise PrerequisiteNotMet()


def _rule_time_is_offered(
    *,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    start: dt.datetime,
    for_staff: bool,
    now: dt.datetime,
    policy: BookingPolicy,
) -> None:
    """Inside working hours, not in the past, and (online) within notice, horizon and step."""
    if timezone.is_naive(start):
        raise SlotUnavailable()
    end = start + appointment_type.duration
    if start <= now:
        raise SlotUnavailable("That time has already passed. Please choose a time in the future.")
    earliest, latest = selectors.booking_window(policy=policy, now=now, for_staff=for_staff)
    if start < earliest:
        raise SlotUnavailable(
            f"We need at least {policy.minimum_notice_hours} hours' notice for online bookings. "
            "Please choose a later time, or call the clinic."
        )
    if start > latest:
        raise SlotUnavailable(
            "That date is further ahead than we take bookings. Please choose an earlier one."
        )
    day = start.astimezone(selectors.clinic_tz()).date()
    sessions = selectors.working_intervals(
        practitioner=practitioner, start_date=day, end_date=day
    ).get(day, [])
    session = next((s for s in sessions if s[0] <= start and end <= s[1]), None)
    if session is None:
        raise SlotUnavailable(
            "That time is outside the clinic's hours. Please choose one of the times shown."
        )
    step = dt.timedelta(minutes=policy.slot_step_minutes)
    if not for_staff and (start - session[0]) % step:
        raise SlotUnavailable()


def _check_rules(
    *,
    client: Client,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    start: dt.datetime,
    for_staff: bool,
    now: dt.datetime,
    policy: BookingPolicy,
    moving: int | None = None,
) -> None:
    """Every rule a new or moved appointment must pass (``moving``: the one being moved)."""
    rule_under_18_filler_or_toxin(client=client, appointment_type=appointment_type, start=start)
    rule_consultation_before_treatment(
        client=client,
        practitioner=practitioner,
        appointment_type=appointment_type,
        start=start,
        exclude_appointment_id=moving,
    )
    _rule_time_is_offered(
        practitioner=practitioner,
        appointment_type=appointment_type,
        start=start,
        for_staff=for_staff,
        now=now,
        policy=policy,
    )


def _lock_practitioner(practitioner: Practitioner) -> None:
    """Serialise writes to one practitioner's diary (PostgreSQL), until the transaction ends.

    Bookings, reschedules and blocked time for one practitioner take turns, so the overlap
    check inside the transaction always sees the winner's row and the loser gets SlotTaken.
    Letting bookings run side by side and leaving the exclusion constraint to decide between
    them deadlocks: each insert waits on the other's uncommitted row. The constraint stays as
    the backstop for writes that bypass this service. SQLite transactions are IMMEDIATE, so
    only one writer runs at a time there anyway.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(LOCK_DIARY, [practitioner.pk])


def _held(appointment_type: AppointmentType, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    end = start + appointment_type.duration
    return start - appointment_type.buffer_before, end + appointment_type.buffer_after


def _is_overlap_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    return getattr(
        cause, "sqlstate", None
    ) == EXCLUSION_VIOLATION or "booking_appointment_no_overlap" in str(exc)


def _notify(event: str, appointment: Appointment) -> None:
    """Queue the emails for ``event`` in the same transaction as the change (an outbox): if the
    booking rolls back, no email is queued; the notifications app sends only after commit."""
    notifications.notify(event, appointment=appointment)


def _is_staff(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_staff", False))


# --- Booking --------------------------------------------------------------------------------------


def appointment_book(
    *,
    practitioner: Practitioner,
    client: Client,
    appointment_type: AppointmentType,
    start: dt.datetime,
    source: str = Appointment.Source.ONLINE,
    actor: Any = None,
    notes: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Book one appointment, or raise a BookingError saying why not.

    Raises SlotTaken when the time is held by another appointment or blocked, including when
    a concurrent transaction won the race (it held the diary lock and committed first).
    """
    now = now or timezone.now()
    for_staff = source == Appointment.Source.STAFF
    if for_staff and not _is_staff(actor):
        raise InvalidTransition("Only staff can book on the clinic's behalf.")
    if not appointment_type.is_active or (not for_staff and not appointment_type.bookable_online):
        raise SlotUnavailable(
            "That kind of appointment cannot be booked online. Please call the clinic."
        )
    if not practitioner.is_active:
        raise SlotUnavailable()
    policy = BookingPolicy.load()
    _check_rules(
        client=client,
        practitioner=practitioner,
        appointment_type=appointment_type,
        start=start,
        for_staff=for_staff,
        now=now,
        policy=policy,
    )
    held_from, held_until = _held(appointment_type, start)
    appointment = Appointment(
        practitioner=practitioner,
        client=client,
        appointment_type=appointment_type,
        start=start,
        end=start + appointment_type.duration,
        held_from=held_from,
        held_until=held_until,
        source=source,
        created_by=actor if _is_staff(actor) else None,
        notes=notes.strip(),
    )
    appointment.full_clean(exclude=["practitioner", "client", "appointment_type", "created_by"])
    try:
        with transaction.atomic():
            _lock_practitioner(practitioner)
            busy = selectors.busy_intervals(
                practitioner=practitioner, start=held_from, end=held_until
            )
            if busy:
                raise SlotTaken()
            appointment.save()
            if for_staff:
                audit_record(
                    actor=actor, action="appointment.booked", target=appointment, detail="by staff"
                )
            _notify("appointment.booked", appointment)
    except IntegrityError as exc:
        if _is_overlap_violation(exc):
            raise SlotTaken() from exc
        raise
    return appointment


def _require_changeable(
    *, appointment: Appointment, actor: Any, override_reason: str, now: dt.datetime, action: str
) -> None:
    """Booked, still in the future, and outside the cancellation window unless staff override."""
    if appointment.status != Appointment.Status.BOOKED:
        raise InvalidTransition("This appointment has already been cancelled or has taken place.")
    if appointment.start <= now:
        raise InvalidTransition(
            "This appointment has already started, so it can no longer be changed."
        )
    policy = BookingPolicy.load()
    if appointment.start - now >= policy.cancellation_window:
        return
    if not _is_staff(actor):
        raise CancellationWindowClosed(
            f"This appointment is less than {policy.cancellation_window_hours} hours away, so it "
            "cannot be changed online. Please call the clinic and we will help."
        )
    audit_record(
        actor=actor,
        action=f"appointment.{action}_override",
        target=appointment,
        detail=f"Inside the {policy.cancellation_window_hours}-hour window. Reason: {override_reason.strip()[:300] or 'none given'}",
    )


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("appointment_type")
        .get(pk=appointment.pk)
    )


def appointment_cancel(
    *,
    appointment: Appointment,
    actor: Any = None,
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Cancel a booked appointment: the time is free at once and every old link stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(appointment)
        _require_changeable(
            appointment=current,
            actor=actor,
            override_reason=override_reason,
            now=now,
            action="cancel",
        )
        current.status = Appointment.Status.CANCELLED
        current.cancelled_at = now
        current.link_nonce = new_nonce()
        current.save(update_fields=["status", "cancelled_at", "link_nonce"])
        if _is_staff(actor):
            audit_record(actor=actor, action="appointment.cancelled", target=current)
        _notify("appointment.cancelled", current)
    return current


def appointment_reschedule(
    *,
    appointment: Appointment,
    start: dt.datetime,
    actor: Any = None,
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Move a booked appointment to a new start, under the same rules as a new booking."""
    now = now or timezone.now()
    for_staff = _is_staff(actor)
    policy = BookingPolicy.load()
    try:
        with transaction.atomic():
            current = _locked(appointment)
            _require_changeable(
                appointment=current,
                actor=actor,
                override_reason=override_reason,
                now=now,
                action="reschedule",
            )
            appointment_type = current.appointment_type
            _check_rules(
                client=current.client,
                practitioner=current.practitioner,
                appointment_type=appointment_type,
                start=start,
                for_staff=for_staff,
                now=now,
                policy=policy,
                moving=current.pk,
            )
            held_from, held_until = _held(appointment_type, start)
            _lock_practitioner(current.practitioner)
            if selectors.busy_intervals(
                practitioner=current.practitioner,
                start=held_from,
                end=held_until,
                exclude_appointment_id=current.pk,
            ):
                raise SlotTaken()
            current.start, current.end = start, start + appointment_type.duration
            current.held_from, current.held_until = held_from, held_until
            current.link_nonce = new_nonce()
            current.save(update_fields=["start", "end", "held_from", "held_until", "link_nonce"])
            if for_staff:
                audit_record(actor=actor, action="appointment.rescheduled", target=current)
            _notify("appointment.rescheduled", current)
    except IntegrityError as exc:
        if _is_overlap_violation(exc):
            raise SlotTaken() from exc
        raise
    return current


def _mark(
    appointment: Appointment, *, status: str, actor: Any, now: dt.datetime | None
) -> Appointment:
    now = now or timezone.now()
    if not _is_staff(actor):
        raise InvalidTransition("Only staff can record attendance.")
    with transaction.atomic():
        current = _locked(appointment)
        if current.status not in (
            Appointment.Status.BOOKED,
            Appointment.Status.ATTENDED,
            Appointment.Status.NO_SHOW,
        ):
            raise InvalidTransition(
                "A cancelled appointment cannot be marked as attended or missed."
            )
        if current.start > now:
            raise InvalidTransition("This appointment has not started yet.")
        current.status = status
        current.save(update_fields=["status"])
        audit_record(actor=actor, action=f"appointment.{status}", target=current)
    return current


def appointment_mark_attended(
    *, appointment: Appointment, actor: Any, now: dt.datetime | None = None
) -> Appointment:
    return _mark(appointment, status=Appointment.Status.ATTENDED, actor=actor, now=now)


def appointment_mark_no_show(
    *, appointment: Appointment, actor: Any, now: dt.datetime | None = None
) -> Appointment:
    return _mark(appointment, status=Appointment.Status.NO_SHOW, actor=actor, now=now)


# --- Blocked time ---------------------------------------------------------------------------------


def time_block(
    *,
    practitioner: Practitioner,
    start: dt.datetime,
    end: dt.datetime,
    actor: Any,
    reason: str = "",
) -> BlockedTime:
    """Take time out of a practitioner's diary. Refused if appointments are already in it."""
    if not _is_staff(actor):
        raise InvalidTransition("Only staff can block out time.")
    if timezone.is_naive(start) or timezone.is_naive(end) or end <= start:
        raise BookingError("The end of the blocked time must be after its start.")
    with transaction.atomic():
        _lock_practitioner(practitioner)
        clash = Appointment.objects.filter(
            practitioner=practitioner,
            status__in=Appointment.ACTIVE_STATUSES,
            held_from__lt=end,
            held_until__gt=start,
        ).count()
        if clash:
            raise TimeBlockConflict(
                f"There {'is' if clash == 1 else 'are'} {clash} appointment{'s' if clash != 1 else ''} "
                "in that time. Move or cancel them first."
            )
        block = BlockedTime(
            practitioner=practitioner,
            start=start,
            end=end,
            reason=reason.strip()[:200],
            created_by=actor,
        )
        block.full_clean(exclude=["practitioner", "created_by"])
        block.save()
        audit_record(actor=actor, action="time.blocked", target=block)
    return block


def time_unblock(*, block: BlockedTime, actor: Any) -> None:
    if not _is_staff(actor):
        raise InvalidTransition("Only staff can remove blocked time.")
    audit_record(actor=actor, action="time.unblocked", target=block)
    block.delete()
