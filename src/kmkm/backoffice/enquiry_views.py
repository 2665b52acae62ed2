"""The enquiry inbox: list by status, read (audited), notes, status, and turn into a booking."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kmkm.booking.errors import BookingError
from kmkm.booking.models import AppointmentType
from kmkm.booking.selectors import bookable_practitioners
from kmkm.enquiries.models import Enquiry
from kmkm.enquiries.selectors import enquiry_counts, enquiry_get, enquiry_list
from kmkm.enquiries.services import (
    enquiry_convert,
    enquiry_note_add,
    enquiry_open,
    enquiry_status_set,
)

staff_only = staff_member_required(login_url="wagtailadmin_login")


def _get_enquiry_for_user(request: HttpRequest, pk: int) -> Enquiry:
    enquiry = enquiry_get(user=request.user, pk=pk)
    if enquiry is None:
        raise Http404("No such enquiry.")
    return enquiry


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Enquiry.Status.choices, label="Status")


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Visible to staff only. Notes are kept; they cannot be edited later.",
    )


class ConvertForm(forms.Form):
    """What the enquiry does not tell us: a date of birth, and when and with whom to meet."""

    date_of_birth = forms.DateField(
        label="Date of birth",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Ask the client. We cannot book anyone who would be under 18 on the day.",
    )
    practitioner = forms.ModelChoiceField(queryset=bookable_practitioners(), empty_label=None)
    appointment_type = forms.ModelChoiceField(
        label="Appointment",
        queryset=AppointmentType.objects.filter(
            is_active=True, kind=AppointmentType.Kind.CONSULTATION
        ),
        empty_label=None,
    )
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label="Time (UK, 24-hour)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "e.g. 14:30"}),
        error_messages={"invalid": "Please give the time as hours and minutes, e.g. 14:30."},
    )

    def start(self) -> dt.datetime:
        london = ZoneInfo(settings.CLINIC_TIME_ZONE)
        return dt.datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=london
        )


@staff_only
def enquiry_inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Enquiry.Status.NEW)
    if status not in [*Enquiry.Status.values, "all"]:
        status = Enquiry.Status.NEW
    enquiries = enquiry_list(user=request.user, status="" if status == "all" else status)
    page = Paginator(enquiries, 30).get_page(request.GET.get("page"))
    counts = enquiry_counts(user=request.user)
    tabs = [(value, f"{label} ({counts[value]})") for value, label in Enquiry.Status.choices]
    tabs.append(("all", "All"))
    return render(
        request, "backoffice/enquiries/list.html", {"page": page, "status": status, "tabs": tabs}
    )


@staff_only
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _get_enquiry_for_user(request, pk)
    enquiry_open(enquiry=enquiry, actor=request.user)
    return render(
        request,
        "backoffice/enquiries/detail.html",
        {
            "enquiry": enquiry,
            "status_form": StatusForm(initial={"status": enquiry.status}),
            "note_form": NoteForm(),
            "convert_form": ConvertForm() if enquiry.appointment_id is None else None,
        },
    )


@staff_only
@require_POST
def enquiry_status(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _get_enquiry_for_user(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        enquiry_status_set(enquiry=enquiry, status=form.cleaned_data["status"], actor=request.user)
        messages.success(request, f"Marked as {enquiry.get_status_display().lower()}.")
    else:
        messages.error(request, "Please choose new, replied or closed.")
    return redirect("backoffice:enquiry_detail", pk=enquiry.pk)


@staff_only
@require_POST
def enquiry_note(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _get_enquiry_for_user(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            enquiry_note_add(enquiry=enquiry, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Note added.")
            return redirect("backoffice:enquiry_detail", pk=enquiry.pk)
    else:
        messages.error(request, "The note was empty or too long (2,000 characters at most).")
    return redirect("backoffice:enquiry_detail", pk=enquiry.pk)


@staff_only
@require_POST
def enquiry_convert_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the client and book the consultation in one step; all or nothing."""
    enquiry = _get_enquiry_for_user(request, pk)
    form = ConvertForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            appointment = enquiry_convert(
                enquiry=enquiry,
                date_of_birth=form.cleaned_data["date_of_birth"],
                practitioner=form.cleaned_data["practitioner"],
                appointment_type=form.cleaned_data["appointment_type"],
                start=form.start(),
                actor=request.user,
            )
        except BookingError as refusal:
            error = refusal.message
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            when = appointment.start.astimezone(ZoneInfo(settings.CLINIC_TIME_ZONE))
            messages.success(
                request,
                f"Booked: {appointment.appointment_type.name.lower()} on "
                f"{when:%A} {when.day} {when:%B} at {when:%H:%M}. "
                "The client will get a confirmation email.",
            )
            return redirect("backoffice:enquiry_detail", pk=enquiry.pk)
    # The page shows the message again, so this is a reading like any other.
    enquiry_open(enquiry=enquiry, actor=request.user)
    context: dict[str, Any] = {
        "enquiry": enquiry,
        "status_form": StatusForm(initial={"status": enquiry.status}),
        "note_form": NoteForm(),
        "convert_form": form,
        "convert_error": error,
    }
    return render(request, "backoffice/enquiries/detail.html", context, status=400)
