"""The clinic's diary: day and week per practitioner, booking, moving, cancelling, blocking out
time, attendance, and finding a client. Staff only; /staff/ also needs a second factor.

Tablet first: every action is one large button, times are offered as buttons rather than typed.
Every rule is the booking service's; these views only translate refusals into messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kmkm.accounts.models import Practitioner
from kmkm.audit.services import audit_record
from kmkm.booking import selectors
from kmkm.booking.errors import BookingError
from kmkm.booking.models import Appointment, AppointmentType, BlockedTime, BookingPolicy
from kmkm.booking.services import (
    appointment_book,
    appointment_cancel,
    appointment_mark_attended,
    appointment_mark_no_show,
    appointment_reschedule,
    time_block,
    time_unblock,
)
from kmkm.clinical.models import Client
from kmkm.clinical.selectors import client_get, client_search
from kmkm.clinical.services import client_find_or_create

from .diary_forms import BlockForm, CancelForm, MoveForm, NewClientForm, StaffBookForm

staff_only = staff_member_required(login_url="wagtailadmin_login")


def _practitioners() -> list[Practitioner]:
    return list(Practitioner.objects.filter(is_active=True))


def _default_practitioner(request: HttpRequest) -> Practitioner:
    own = getattr(request.user, "practitioner", None)
    if own is not None and own.is_active:
        return own
    first = Practitioner.objects.filter(is_active=True).first()
    if first is None:
        raise Http404("No practitioners yet: add one in the CMS under Clinic → Practitioners.")
    return first


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else selectors.local_today()
    except ValueError as exc:
        raise Http404("Not a date") from exc


def _day_bounds(day: dt.date, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    tz = selectors.clinic_tz()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(0), tzinfo=tz)
    return start, end


def _refusal(request: HttpRequest, error: BookingError) -> None:
    messages.error(request, error.message)


# --- Views of the diary ---------------------------------------------------------------------------


@staff_only
@require_GET
def diary_home(request: HttpRequest) -> HttpResponse:
    practitioner = _default_practitioner(request)
    return HttpResponseRedirect(
        reverse(
            "backoffice:diary_day", args=[practitioner.slug, selectors.local_today().isoformat()]
        )
    )


@staff_only
@require_GET
def diary_day(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    practitioner = get_object_or_404(Practitioner, slug=slug)
    date = _day(day)
    start, end = _day_bounds(date)
    appointments = list(
        selectors.diary_appointments(practitioner=practitioner, start=start, end=end)
    )
    blocks = list(selectors.diary_blocks(practitioner=practitioner, start=start, end=end))
    sessions = selectors.working_intervals(
        practitioner=practitioner, start_date=date, end_date=date
    ).get(date, [])
    entries: list[dict[str, Any]] = [
        {"start": a.start, "end": a.end, "appointment": a} for a in appointments
    ]
    entries += [{"start": b.start, "end": b.end, "block": b} for b in blocks]
    entries.sort(key=lambda e: e["start"])
    audit_record(
        actor=request.user,
        action="diary.viewed",
        target=practitioner,
        detail=f"day {date.isoformat()}",
    )
    return render(
        request,
        "backoffice/diary/day.html",
        {
            "practitioner": practitioner,
            "practitioners": _practitioners(),
            "date": date,
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
            "entries": entries,
            "sessions": sessions,
            "now": timezone.now(),
            "week_start": date - dt.timedelta(days=date.weekday()),
        },
    )


@staff_only
@require_GET
def diary_week(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    practitioner = get_object_or_404(Practitioner, slug=slug)
    date = _day(day)
    monday = date - dt.timedelta(days=date.weekday())
    start, end = _day_bounds(monday, days=7)
    appointments = list(
        selectors.diary_appointments(practitioner=practitioner, start=start, end=end)
    )
    blocks = list(selectors.diary_blocks(practitioner=practitioner, start=start, end=end))
    tz = selectors.clinic_tz()
    columns = []
    for offset in range(7):
        d = monday + dt.timedelta(days=offset)
        columns.append(
            {
                "date": d,
                "appointments": [a for a in appointments if a.start.astimezone(tz).date() == d],
                "blocks": [b for b in blocks if b.start.astimezone(tz).date() == d],
            }
        )
    audit_record(
        actor=request.user,
        action="diary.viewed",
        target=practitioner,
        detail=f"week {monday.isoformat()}",
    )
    return render(
        request,
        "backoffice/diary/week.html",
        {
            "practitioner": practitioner,
            "practitioners": _practitioners(),
            "columns": columns,
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
        },
    )


# --- One appointment --------------------------------------------------------------------------------


def _appointment(pk: int) -> Appointment:
    return get_object_or_404(
        Appointment.objects.select_related("practitioner", "appointment_type", "client"), pk=pk
    )


def _in_window(appointment: Appointment) -> bool:
    return appointment.start - timezone.now() < BookingPolicy.load().cancellation_window


@staff_only
@require_GET
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(pk)
    client = client_get(actor=request.user, pk=appointment.client_id)
    now = timezone.now()
    return render(
        request,
        "backoffice/diary/appointment.html",
        {
            "appointment": appointment,
            "client": client,
            "started": appointment.start <= now,
            "changeable": appointment.status == Appointment.Status.BOOKED
            and appointment.start > now,
            "in_window": _in_window(appointment),
            "policy": BookingPolicy.load(),
        },
    )


def _back_to_day(appointment: Appointment) -> HttpResponseRedirect:
    day = appointment.start.astimezone(selectors.clinic_tz()).date()
    return HttpResponseRedirect(
        reverse("backoffice:diary_day", args=[appointment.practitioner.slug, day.isoformat()])
    )


@staff_only
@require_POST
def appointment_attendance(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    appointment = _appointment(pk)
    mark = {"attended": appointment_mark_attended, "no-show": appointment_mark_no_show}.get(outcome)
    if mark is None:
        raise Http404()
    try:
        mark(appointment=appointment, actor=request.user)
    except BookingError as error:
        _refusal(request, error)
        return HttpResponseRedirect(reverse("backoffice:diary_appointment", args=[pk]))
    messages.success(
        request, "Attended." if outcome == "attended" else "Recorded as did not attend."
    )
    return _back_to_day(appointment)


@staff_only
@require_POST
def appointment_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    if _in_window(appointment) and not reason.strip():
        messages.error(
            request,
            "This is inside the cancellation window: please give a reason for the override.",
        )
        return HttpResponseRedirect(reverse("backoffice:diary_appointment", args=[pk]))
    try:
        appointment_cancel(appointment=appointment, actor=request.user, override_reason=reason)
    except BookingError as error:
        _refusal(request, error)
        return HttpResponseRedirect(reverse("backoffice:diary_appointment", args=[pk]))
    messages.success(request, "Cancelled. The client has been emailed and the time is free again.")
    return _back_to_day(appointment)


@staff_only
@require_http_methods(["GET", "POST"])
def appointment_move(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(pk)
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["override_reason"]
            if _in_window(appointment) and not reason.strip():
                messages.error(
                    request,
                    "This is inside the cancellation window: please give a reason for the override.",
                )
            else:
                try:
                    moved = appointment_reschedule(
                        appointment=appointment,
                        start=form.cleaned_data["start"],
                        actor=request.user,
                        override_reason=reason,
                    )
                except BookingError as error:
                    _refusal(request, error)
                else:
                    messages.success(request, "Moved. The client has been emailed the new time.")
                    return _back_to_day(moved)
        else:
            messages.error(request, "Choose one of the times shown.")
    date = _day(
        request.GET.get("date")
        or appointment.start.astimezone(selectors.clinic_tz()).date().isoformat()
    )
    slots = selectors.available_slots(
        practitioner=appointment.practitioner,
        appointment_type=appointment.appointment_type,
        start_date=date,
        end_date=date,
        for_staff=True,
        exclude_appointment_id=appointment.pk,
    )
    return render(
        request,
        "backoffice/diary/move.html",
        {
            "appointment": appointment,
            "date": date,
            "slots": slots,
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
            "in_window": _in_window(appointment),
        },
    )


# --- New appointment: client, then type, then time ---------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def appointment_new(request: HttpRequest, slug: str) -> HttpResponse:
    practitioner = get_object_or_404(Practitioner, slug=slug, is_active=True)
    date = _day(request.GET.get("date"))
    client_pk = request.GET.get("client", "")
    type_slug = request.GET.get("type", "")
    try:
        client = client_get(actor=request.user, pk=int(client_pk)) if client_pk.isdigit() else None
    except Client.DoesNotExist as exc:
        raise Http404() from exc
    kind = (
        AppointmentType.objects.filter(slug=type_slug, is_active=True).first()
        if type_slug
        else None
    )
    base = {"date": date.isoformat()}
    new_client_form = NewClientForm()
    book_form = StaffBookForm()

    if request.method == "POST" and request.POST.get("action") == "new_client":
        new_client_form = NewClientForm(request.POST)
        if new_client_form.is_valid():
            created, _ = client_find_or_create(**new_client_form.cleaned_data)
            audit_record(actor=request.user, action="client.created_by_staff", target=created)
            query = urlencode(base | {"client": created.pk} | ({"type": kind.slug} if kind else {}))
            return HttpResponseRedirect(f"{request.path}?{query}")
    elif request.method == "POST" and client is not None and kind is not None:
        book_form = StaffBookForm(request.POST)
        if book_form.is_valid():
            try:
                with transaction.atomic():
                    appointment = appointment_book(
                        practitioner=practitioner,
                        client=client,
                        appointment_type=kind,
                        start=book_form.cleaned_data["start"],
                        source=Appointment.Source.STAFF,
                        actor=request.user,
                        notes=book_form.cleaned_data["notes"],
                    )
            except BookingError as error:
                _refusal(request, error)
            else:
                messages.success(request, "Booked. The client has been emailed a confirmation.")
                return _back_to_day(appointment)
        else:
            messages.error(request, "Choose one of the times shown.")

    # Searches are POSTed: a name typed here must never end up in a URL or an access log.
    query = request.POST.get("q", "") if request.POST.get("action") == "search" else ""
    found = client_search(actor=request.user, query=query) if query and client is None else []
    slots = (
        selectors.available_slots(
            practitioner=practitioner,
            appointment_type=kind,
            start_date=date,
            end_date=date,
            for_staff=True,
        )
        if client is not None and kind is not None
        else []
    )
    return render(
        request,
        "backoffice/diary/new.html",
        {
            "practitioner": practitioner,
            "date": date,
            "client": client,
            "kind": kind,
            "kinds": AppointmentType.objects.filter(is_active=True),
            "query": query,
            "found": found,
            "new_client_form": new_client_form,
            "book_form": book_form,
            "slots": slots,
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
        },
    )


# --- Blocked time -------------------------------------------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def block_new(request: HttpRequest, slug: str) -> HttpResponse:
    practitioner = get_object_or_404(Practitioner, slug=slug)
    form = BlockForm(request.POST or None, initial={"date": _day(request.GET.get("date"))})
    if request.method == "POST" and form.is_valid():
        tz = selectors.clinic_tz()
        data = form.cleaned_data
        try:
            time_block(
                practitioner=practitioner,
                start=dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz),
                end=dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz),
                reason=data["reason"],
                actor=request.user,
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Time blocked out.")
            return HttpResponseRedirect(
                reverse("backoffice:diary_day", args=[practitioner.slug, data["date"].isoformat()])
            )
    return render(
        request, "backoffice/diary/block.html", {"practitioner": practitioner, "form": form}
    )


@staff_only
@require_POST
def block_remove(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(BlockedTime.objects.select_related("practitioner"), pk=pk)
    day = block.start.astimezone(selectors.clinic_tz()).date()
    slug = block.practitioner.slug
    time_unblock(block=block, actor=request.user)
    messages.success(request, "Blocked time removed.")
    return HttpResponseRedirect(reverse("backoffice:diary_day", args=[slug, day.isoformat()]))


# --- Find a client --------------------------------------------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def client_find(request: HttpRequest) -> HttpResponse:
    # POST, so that a name typed here never ends up in a URL or an access log.
    query = request.POST.get("q", "")
    found = client_search(actor=request.user, query=query) if query else []
    return render(
        request,
        "backoffice/diary/clients.html",
        {
            "query": query,
            "found": found,
            "searched": bool(query),
            "practitioner": _default_practitioner(request),
        },
    )


@staff_only
@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        client = client_get(actor=request.user, pk=pk)
    except Client.DoesNotExist as exc:
        raise Http404() from exc
    appointments = client.appointments.select_related("practitioner", "appointment_type").order_by(
        "-start"
    )
    return render(
        request,
        "backoffice/diary/client.html",
        {
            "client": client,
            "appointments": appointments,
            "practitioner": _default_practitioner(request),
        },
    )
