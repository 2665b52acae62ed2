"""The public booking flow: type, then time, then details, then confirmation. No account needed.

Phone first and JavaScript-free: every step is a plain link or form. Times travel as UTC ISO
strings in the query or a hidden field; nothing personal ever goes in a URL. Changing or
cancelling is reached only through the signed links in the client's emails.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kmkm.accounts.models import Practitioner
from kmkm.booking import selectors
from kmkm.booking.errors import BookingError, SlotTaken, SlotUnavailable, TokenInvalid
from kmkm.booking.models import Appointment, AppointmentType, BookingPolicy
from kmkm.booking.services import appointment_book, appointment_cancel, appointment_reschedule
from kmkm.clinical.services import client_find_or_create

from .booking_forms import BookingDetailsForm, RescheduleForm

DAYS_PER_PAGE = 7
JSON_MAX_DAYS = 62
CONFIRMATION_SALT = "kmkm.booking.confirmation"
CONFIRMATION_MAX_AGE = 60 * 60 * 24
#: How long a submitted form's one-time key is remembered, to turn a double submit into a no-op.
SUBMISSION_SECONDS = 60 * 60
PENDING = "pending"


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _choice(type_slug: str, practitioner_slug: str) -> tuple[AppointmentType, Practitioner]:
    kind = get_object_or_404(selectors.online_appointment_types(), slug=type_slug)
    practitioner = get_object_or_404(selectors.bookable_practitioners(), slug=practitioner_slug)
    return kind, practitioner


def _from_date(request: HttpRequest) -> dt.date | None:
    raw = request.GET.get("from", "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _times_context(
    request: HttpRequest,
    *,
    kind: AppointmentType,
    practitioner: Practitioner,
    exclude_appointment_id: int | None = None,
    around: dt.datetime | None = None,
) -> dict[str, Any]:
    """A week of free times, starting at ?from=, or the day of ``around``, or the first free day."""
    policy = BookingPolicy.load()
    today = selectors.local_today()
    last_day = today + dt.timedelta(days=policy.horizon_days + 1)
    wanted = around.astimezone(selectors.clinic_tz()).date() if around else _from_date(request)
    if wanted is None or not today <= wanted <= last_day:
        upcoming = selectors.available_slots(
            practitioner=practitioner,
            appointment_type=kind,
            start_date=today,
            end_date=last_day,
            policy=policy,
            exclude_appointment_id=exclude_appointment_id,
        )
        wanted = upcoming[0].local_start.date() if upcoming else today
    end = wanted + dt.timedelta(days=DAYS_PER_PAGE - 1)
    slots = selectors.available_slots(
        practitioner=practitioner,
        appointment_type=kind,
        start_date=wanted,
        end_date=end,
        policy=policy,
        exclude_appointment_id=exclude_appointment_id,
    )
    earlier = wanted - dt.timedelta(days=DAYS_PER_PAGE)
    later = end + dt.timedelta(days=1)
    return {
        "kind": kind,
        "practitioner": practitioner,
        "days": [
            (day, [(iso(s.start), s) for s in day_slots])
            for day, day_slots in selectors.slots_by_day(slots)
        ],
        "first_day": wanted,
        "last_day_shown": end,
        "earlier": max(earlier, today) if wanted > today else None,
        "later": later if later <= last_day else None,
    }


# --- Step 1: what kind of appointment, and with whom ----------------------------------------------


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    kinds = list(selectors.online_appointment_types())
    practitioners = list(selectors.bookable_practitioners())
    return render(
        request,
        "website/booking/start.html",
        {"kinds": kinds, "practitioners": practitioners, "step": 1},
    )


# --- Step 2: when ----------------------------------------------------------------------------------


@never_cache
@require_GET
def times(request: HttpRequest, type_slug: str, practitioner_slug: str) -> HttpResponse:
    kind, practitioner = _choice(type_slug, practitioner_slug)
    context = _times_context(request, kind=kind, practitioner=practitioner)
    context["step"] = 2
    return render(request, "website/booking/times.html", context)


@never_cache
@require_GET
def times_json(request: HttpRequest, type_slug: str, practitioner_slug: str) -> JsonResponse:
    """Free times as JSON: ?from=YYYY-MM-DD&days=N (N at most 62). Times in UTC and London."""
    kind, practitioner = _choice(type_slug, practitioner_slug)
    first = _from_date(request) or selectors.local_today()
    try:
        days = max(1, min(JSON_MAX_DAYS, int(request.GET.get("days", "14"))))
    except ValueError:
        days = 14
    slots = selectors.available_slots(
        practitioner=practitioner,
        appointment_type=kind,
        start_date=first,
        end_date=first + dt.timedelta(days=days - 1),
    )
    details_url = reverse("booking:details", args=[kind.slug, practitioner.slug])
    return JsonResponse(
        {
            "appointment_type": kind.slug,
            "practitioner": practitioner.slug,
            "duration_minutes": kind.duration_minutes,
            "time_zone": selectors.clinic_tz().key,
            "from": first.isoformat(),
            "days": [
                {
                    "date": day.isoformat(),
                    "times": [
                        {
                            "start": iso(slot.start),
                            "end": iso(slot.end),
                            "local": slot.local_start.strftime("%H:%M"),
                            "book_url": f"{details_url}?{urlencode({'start': iso(slot.start)})}",
                        }
                        for slot in day_slots
                    ],
                }
                for day, day_slots in selectors.slots_by_day(slots)
            ],
        }
    )


# --- Step 3: who -------------------------------------------------------------------------------------


def _taken_response(
    request: HttpRequest,
    kind: AppointmentType,
    practitioner: Practitioner,
    message: str,
    status: int = 409,
    around: dt.datetime | None = None,
) -> HttpResponse:
    context = _times_context(request, kind=kind, practitioner=practitioner, around=around)
    context.update(problem=message, step=2)
    return render(request, "website/booking/times.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, type_slug: str, practitioner_slug: str) -> HttpResponse:
    kind, practitioner = _choice(type_slug, practitioner_slug)
    if request.method == "GET":
        form = BookingDetailsForm(
            initial={"start": request.GET.get("start", ""), "submission": secrets.token_urlsafe(24)}
        )
        start_value = _parse_start(request.GET.get("start", ""))
        if start_value is None:
            return HttpResponseRedirect(
                reverse("booking:times", args=[kind.slug, practitioner.slug])
            )
        if not _is_offered(kind, practitioner, start_value):
            # Taken since the list was shown, or never offered: say so before any typing.
            return _taken_response(
                request,
                kind,
                practitioner,
                "Sorry, that time is no longer free. Here are the times still free.",
                status=409,
                around=start_value,
            )
        return _details_page(request, form, kind, practitioner, start_value)

    form = BookingDetailsForm(request.POST)
    if not form.is_valid():
        if "start" in form.errors or "submission" in form.errors:
            return _taken_response(
                request,
                kind,
                practitioner,
                "Sorry, we lost track of the time you chose. Please choose it again.",
                status=400,
            )
        return _details_page(
            request, form, kind, practitioner, form.cleaned_data["start"], status=400
        )

    data = form.cleaned_data
    seen_key = f"booking:submission:{data['submission']}"
    if not cache.add(seen_key, PENDING, SUBMISSION_SECONDS):
        # The same form was sent twice (a double tap, or the back button): show the first result.
        already = _wait_for_first_submission(seen_key)
        if already:
            return HttpResponseRedirect(already)
    try:
        with transaction.atomic():
            client, _ = client_find_or_create(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                date_of_birth=data["date_of_birth"],
                marketing_opt_in=data["marketing_opt_in"],
            )
            appointment = appointment_book(
                practitioner=practitioner,
                client=client,
                appointment_type=kind,
                start=data["start"],
                source=Appointment.Source.ONLINE,
                notes=data["discuss"],
            )
    except (SlotTaken, SlotUnavailable) as gone:
        cache.delete(seen_key)
        return _taken_response(
            request,
            kind,
            practitioner,
            gone.message,
            status=409 if isinstance(gone, SlotTaken) else 400,
            around=data["start"] if isinstance(gone, SlotTaken) else None,
        )
    except BookingError as refusal:
        cache.delete(seen_key)
        form.add_error(None, refusal.message)
        return _details_page(request, form, kind, practitioner, data["start"], status=400)
    url = confirmation_url(appointment)
    cache.set(seen_key, url, SUBMISSION_SECONDS)
    return HttpResponseRedirect(url)


def _is_offered(kind: AppointmentType, practitioner: Practitioner, start: dt.datetime) -> bool:
    day = start.astimezone(selectors.clinic_tz()).date()
    slots = selectors.available_slots(
        practitioner=practitioner, appointment_type=kind, start_date=day, end_date=day
    )
    return any(slot.start == start for slot in slots)


def _wait_for_first_submission(key: str) -> str:
    for _ in range(20):
        value = cache.get(key)
        if value and value != PENDING:
            return str(value)
        time.sleep(0.25)
    return ""


def _parse_start(raw: str) -> dt.datetime | None:
    from django.utils.dateparse import parse_datetime

    try:
        value = parse_datetime(raw)
    except ValueError:
        return None
    if value is None or timezone.is_naive(value):
        return None
    return value


def _details_page(
    request: HttpRequest,
    form: BookingDetailsForm,
    kind: AppointmentType,
    practitioner: Practitioner,
    start_value: dt.datetime | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "kind": kind,
        "practitioner": practitioner,
        "start": start_value,
        "end": start_value + kind.duration if start_value else None,
        "step": 3,
        "policy": BookingPolicy.load(),
    }
    return render(request, "website/booking/details.html", context, status=status)


# --- Step 4: confirmed ------------------------------------------------------------------------------


def confirmation_url(appointment: Appointment) -> str:
    token = signing.dumps(str(appointment.reference), salt=CONFIRMATION_SALT)
    return reverse("booking:confirmed", args=[token])


@never_cache
@require_GET
def confirmed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        reference = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise Http404("This confirmation has expired. Your booking is in your email.") from exc
    appointment = get_object_or_404(
        Appointment.objects.select_related("practitioner", "appointment_type", "client"),
        reference=reference,
    )
    return render(
        request, "website/booking/confirmed.html", {"appointment": appointment, "step": 4}
    )


# --- Changing or cancelling, by signed link --------------------------------------------------------


def _from_link(request: HttpRequest, token: str, purpose: str) -> Appointment | HttpResponse:
    try:
        return selectors.appointment_from_token(token=token, purpose=purpose)
    except TokenInvalid as problem:
        return render(
            request, "website/booking/link_problem.html", {"problem": problem.message}, status=400
        )


def _window_closed(appointment: Appointment) -> bool:
    policy = BookingPolicy.load()
    return appointment.start - timezone.now() < policy.cancellation_window


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _from_link(request, token, "cancel")
    if isinstance(found, HttpResponse):
        return found
    appointment = found
    problem = ""
    if request.method == "POST":
        try:
            appointment_cancel(appointment=appointment)
        except BookingError as refusal:
            problem = refusal.message
        else:
            return HttpResponseRedirect(reverse("booking:cancelled"))
    context = {
        "appointment": appointment,
        "problem": problem,
        "window_closed": _window_closed(appointment),
        "policy": BookingPolicy.load(),
        "active": appointment.status == Appointment.Status.BOOKED
        and appointment.start > timezone.now(),
    }
    return render(request, "website/booking/cancel.html", context, status=400 if problem else 200)


@never_cache
@require_GET
def cancelled(request: HttpRequest) -> HttpResponse:
    return render(request, "website/booking/cancelled.html")


@never_cache
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, token: str) -> HttpResponse:
    found = _from_link(request, token, "reschedule")
    if isinstance(found, HttpResponse):
        return found
    appointment = found
    problem = ""
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                moved = appointment_reschedule(
                    appointment=appointment, start=form.cleaned_data["start"]
                )
            except BookingError as refusal:
                problem, status = refusal.message, 409 if isinstance(refusal, SlotTaken) else 400
            else:
                return HttpResponseRedirect(confirmation_url(moved) + "?moved=1")
        else:
            problem, status = "Please choose one of the times shown.", 400
    context = _times_context(
        request,
        kind=appointment.appointment_type,
        practitioner=appointment.practitioner,
        exclude_appointment_id=appointment.pk,
    )
    context.update(
        appointment=appointment,
        problem=problem,
        window_closed=_window_closed(appointment),
        active=appointment.status == Appointment.Status.BOOKED
        and appointment.start > timezone.now(),
        token=token,
    )
    return render(request, "website/booking/reschedule.html", context, status=status)
