"""The booking rules, one test (or a few) named after each rule, for online and staff bookings."""

from __future__ import annotations

import datetime as dt

import pytest

from kmkm.audit.models import AuditEvent
from kmkm.booking.errors import (
    CancellationWindowClosed,
    DateOfBirthRequired,
    InvalidTransition,
    PrerequisiteNotMet,
    SlotTaken,
    SlotUnavailable,
    TimeBlockConflict,
    UnderAgeRefused,
)
from kmkm.booking.models import Appointment
from kmkm.booking.selectors import available_slots
from kmkm.booking.services import (
    appointment_book,
    appointment_cancel,
    appointment_mark_attended,
    appointment_mark_no_show,
    appointment_reschedule,
    time_block,
)
from tests.kmkm.booking.conftest import london
from tests.kmkm.booking.factories import ClientFactory, ReviewTypeFactory, TreatmentTypeFactory

pytestmark = pytest.mark.integration

NOW = london(2026, 11, 20, 9, 0)  # a Friday
WEDNESDAY_NOON = london(2026, 12, 2, 12, 0)


def book(practitioner, client, kind, start=WEDNESDAY_NOON, **kwargs):
    kwargs.setdefault("now", NOW)
    return appointment_book(
        practitioner=practitioner, client=client, appointment_type=kind, start=start, **kwargs
    )


# --- Botulinum Toxin and Cosmetic Fillers (Children) Act 2021 ------------------------------------


def test_under_18_filler_consultation_is_refused_online(open_practitioner, consultation):
    seventeen = ClientFactory(date_of_birth=dt.date(2009, 12, 3))  # 18 the day after
    with pytest.raises(UnderAgeRefused) as refusal:
        book(open_practitioner, seventeen, consultation)
    assert "under 18" in refusal.value.message
    assert "Children) Act 2021" in refusal.value.message
    assert Appointment.objects.count() == 0


def test_under_18_filler_treatment_is_refused_for_staff_bookings_too(
    open_practitioner, receptionist
):
    treatment = TreatmentTypeFactory(requires_consultation=False, bookable_online=False)
    sixteen = ClientFactory(date_of_birth=dt.date(2010, 6, 1))
    with pytest.raises(UnderAgeRefused):
        book(
            open_practitioner,
            sixteen,
            treatment,
            source=Appointment.Source.STAFF,
            actor=receptionist,
        )
    assert Appointment.objects.count() == 0


def test_under_18_rule_uses_age_on_the_appointment_date(open_practitioner, consultation):
    # 18 on 2 December 2026: a booking that very day is lawful; the day before is not.
    turns_18 = ClientFactory(date_of_birth=dt.date(2008, 12, 2))
    with pytest.raises(UnderAgeRefused):
        book(open_practitioner, turns_18, consultation, start=london(2026, 12, 1, 12, 0))
    appointment = book(open_practitioner, turns_18, consultation)
    assert appointment.status == Appointment.Status.BOOKED


def test_under_18_may_book_what_is_not_filler_or_toxin(open_practitioner):
    review = ReviewTypeFactory()
    sixteen = ClientFactory(date_of_birth=dt.date(2010, 6, 1))
    assert book(open_practitioner, sixteen, review).status == Appointment.Status.BOOKED


def test_date_of_birth_is_required_for_every_booking(open_practitioner):
    unknown_age = ClientFactory(date_of_birth=None)
    with pytest.raises(DateOfBirthRequired):
        book(open_practitioner, unknown_age, ReviewTypeFactory())


# --- Consultation before treatment ---------------------------------------------------------------


def test_treatment_requires_a_prior_consultation_with_the_same_practitioner(
    open_practitioner, consultation, adult
):
    from tests.factories import PractitionerFactory
    from tests.kmkm.booking.factories import weekly_hours

    treatment = TreatmentTypeFactory()
    other = PractitionerFactory(name="Nurse Other")
    weekly_hours(other)
    with pytest.raises(PrerequisiteNotMet):
        book(open_practitioner, adult, treatment, start=london(2026, 12, 9, 12, 0))
    # A consultation with someone else does not count.
    book(other, adult, consultation)
    with pytest.raises(PrerequisiteNotMet):
        book(open_practitioner, adult, treatment, start=london(2026, 12, 9, 12, 0))
    book(open_practitioner, adult, consultation)
    assert book(
        open_practitioner, adult, treatment, start=london(2026, 12, 9, 12, 0)
    ).end == london(2026, 12, 9, 13, 0)


def test_treatment_waits_for_the_reflection_period_after_the_consultation(
    open_practitioner, consultation, adult
):
    treatment = TreatmentTypeFactory(reflection_hours=14 * 24)
    book(open_practitioner, adult, consultation)  # ends 12:30 on 2 December
    with pytest.raises(PrerequisiteNotMet) as refusal:
        book(open_practitioner, adult, treatment, start=london(2026, 12, 15, 12, 0))
    assert "14 days" in refusal.value.message
    assert book(open_practitioner, adult, treatment, start=london(2026, 12, 16, 12, 30)).pk


def test_a_cancelled_consultation_does_not_satisfy_the_prerequisite(
    open_practitioner, consultation, adult
):
    treatment = TreatmentTypeFactory()
    consult = book(open_practitioner, adult, consultation)
    appointment_cancel(appointment=consult, now=NOW)
    with pytest.raises(PrerequisiteNotMet):
        book(open_practitioner, adult, treatment, start=london(2026, 12, 9, 12, 0))


# --- Never a double booking ----------------------------------------------------------------------


def test_never_a_double_booking_the_second_client_is_told_the_time_is_taken(
    open_practitioner, consultation
):
    book(open_practitioner, ClientFactory(), consultation)
    with pytest.raises(SlotTaken) as refusal:
        book(open_practitioner, ClientFactory(), consultation, start=london(2026, 12, 2, 12, 15))
    assert refusal.value.message.startswith("That time has just been taken")
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 1


def test_never_a_double_booking_holds_for_staff_too(open_practitioner, consultation, receptionist):
    book(open_practitioner, ClientFactory(), consultation)
    with pytest.raises(SlotTaken):
        book(
            open_practitioner,
            ClientFactory(),
            consultation,
            start=london(2026, 12, 2, 12, 10),
            source=Appointment.Source.STAFF,
            actor=receptionist,
        )


def test_a_cancelled_appointment_frees_its_time(open_practitioner, consultation):
    first = book(open_practitioner, ClientFactory(), consultation)
    appointment_cancel(appointment=first, now=NOW)
    assert (
        book(open_practitioner, ClientFactory(), consultation).status == Appointment.Status.BOOKED
    )


def test_back_to_back_appointments_are_allowed(open_practitioner, consultation):
    book(open_practitioner, ClientFactory(), consultation)
    assert book(
        open_practitioner, ClientFactory(), consultation, start=london(2026, 12, 2, 12, 30)
    ).pk


def test_blocked_time_cannot_be_booked_and_cannot_cover_a_booking(
    open_practitioner, consultation, receptionist
):
    time_block(
        practitioner=open_practitioner,
        start=london(2026, 12, 2, 14, 0),
        end=london(2026, 12, 2, 15, 0),
        actor=receptionist,
        reason="Training",
    )
    with pytest.raises(SlotTaken):
        book(open_practitioner, ClientFactory(), consultation, start=london(2026, 12, 2, 14, 30))
    book(open_practitioner, ClientFactory(), consultation)
    with pytest.raises(TimeBlockConflict):
        time_block(
            practitioner=open_practitioner,
            start=london(2026, 12, 2, 11, 0),
            end=london(2026, 12, 2, 13, 0),
            actor=receptionist,
        )


# --- Times we offer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "why"),
    [
        (london(2026, 11, 19, 12, 0), "passed"),
        (london(2026, 11, 20, 12, 0), "notice"),
        (london(2027, 3, 2, 12, 0), "further ahead"),
        (london(2026, 12, 2, 8, 0), "outside"),
        (london(2026, 12, 2, 17, 45), "outside"),
        (london(2026, 11, 30, 12, 0), "outside"),  # a Monday
        (london(2026, 12, 2, 12, 5), "not available"),  # not on the 15-minute step
    ],
)
def test_online_booking_only_at_an_offered_time(open_practitioner, consultation, adult, start, why):
    with pytest.raises(SlotUnavailable) as refusal:
        book(open_practitioner, adult, consultation, start=start)
    assert why in refusal.value.message
    assert Appointment.objects.count() == 0


def test_staff_may_book_at_short_notice_and_off_the_step_but_not_outside_hours(
    open_practitioner, consultation, adult, receptionist
):
    staff = {"source": Appointment.Source.STAFF, "actor": receptionist}
    appointment = book(
        open_practitioner, adult, consultation, start=london(2026, 11, 21, 10, 5), **staff
    )
    assert appointment.created_by == receptionist
    with pytest.raises(SlotUnavailable):
        book(open_practitioner, adult, consultation, start=london(2026, 11, 21, 18, 0), **staff)
    assert AuditEvent.objects.filter(action="appointment.booked", actor=receptionist).count() == 1


def test_every_offered_slot_can_be_booked(open_practitioner, consultation):
    slots = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 2),
        end_date=dt.date(2026, 12, 2),
        now=NOW,
    )
    assert len(slots) == 31
    booked = [
        book(open_practitioner, ClientFactory(), consultation, start=slot.start)
        for slot in slots[::2]
    ]
    assert len(booked) == 16
    left = available_slots(
        practitioner=open_practitioner,
        appointment_type=consultation,
        start_date=dt.date(2026, 12, 2),
        end_date=dt.date(2026, 12, 2),
        now=NOW,
    )
    assert left == []


# --- Cancellation window -------------------------------------------------------------------------


def test_cancellation_window_stops_online_changes_but_staff_may_override_with_audit(
    open_practitioner, consultation, adult, receptionist
):
    appointment = book(open_practitioner, adult, consultation)
    late = london(2026, 12, 1, 13, 0)  # 23 hours before
    with pytest.raises(CancellationWindowClosed):
        appointment_cancel(appointment=appointment, now=late)
    with pytest.raises(CancellationWindowClosed):
        appointment_reschedule(appointment=appointment, start=london(2026, 12, 3, 12, 0), now=late)
    cancelled = appointment_cancel(
        appointment=appointment, actor=receptionist, override_reason="Client unwell", now=late
    )
    assert cancelled.status == Appointment.Status.CANCELLED
    override = AuditEvent.objects.get(action="appointment.cancel_override")
    assert override.actor == receptionist
    assert override.target == f"booking.appointment:{appointment.pk}"
    assert "Client unwell" in override.detail


def test_reschedule_moves_the_appointment_and_frees_the_old_time(
    open_practitioner, consultation, adult
):
    appointment = book(open_practitioner, adult, consultation)
    moved = appointment_reschedule(
        appointment=appointment, start=london(2026, 12, 3, 15, 0), now=NOW
    )
    assert (moved.start, moved.end) == (london(2026, 12, 3, 15, 0), london(2026, 12, 3, 15, 30))
    assert book(open_practitioner, ClientFactory(), consultation).pk != moved.pk


def test_reschedule_into_a_taken_time_is_refused_and_changes_nothing(
    open_practitioner, consultation, adult
):
    mine = book(open_practitioner, adult, consultation)
    book(open_practitioner, ClientFactory(), consultation, start=london(2026, 12, 3, 15, 0))
    with pytest.raises(SlotTaken):
        appointment_reschedule(appointment=mine, start=london(2026, 12, 3, 15, 15), now=NOW)
    mine.refresh_from_db()
    assert mine.start == WEDNESDAY_NOON


# --- Attendance ----------------------------------------------------------------------------------


def test_attendance_is_recorded_by_staff_only_after_the_start(
    open_practitioner, consultation, adult, receptionist
):
    appointment = book(open_practitioner, adult, consultation)
    with pytest.raises(InvalidTransition):
        appointment_mark_attended(appointment=appointment, actor=receptionist, now=NOW)
    with pytest.raises(InvalidTransition):
        appointment_mark_attended(
            appointment=appointment, actor=None, now=london(2026, 12, 2, 12, 10)
        )
    after = london(2026, 12, 2, 12, 40)
    assert (
        appointment_mark_no_show(appointment=appointment, actor=receptionist, now=after).status
        == "no_show"
    )
    assert (
        appointment_mark_attended(appointment=appointment, actor=receptionist, now=after).status
        == "attended"
    )
    assert list(
        AuditEvent.objects.filter(target=f"booking.appointment:{appointment.pk}").values_list(
            "action", flat=True
        )
    ) == [
        "appointment.attended",
        "appointment.no_show",
    ]
