"""The enquiry inbox: list by status, read (audited), notes, status, and turn into a booking."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kmkm.enquiries.models import Enquiry
from kmkm.enquiries.selectors import enquiry_counts, enquiry_get, enquiry_list
from kmkm.enquiries.services import enquiry_note_add, enquiry_open, enquiry_status_set

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
