"""The outbox: every email the platform has queued, sent or given up on, with a retry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kmkm.notifications.models import Message
from kmkm.notifications.selectors import outbox_counts, outbox_list
from kmkm.notifications.services import message_retry

staff_only = staff_member_required(login_url="wagtailadmin_login")


@staff_only
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Message.Status.values:
        status = ""
    page = Paginator(outbox_list(status=status), 50).get_page(request.GET.get("page"))
    counts = outbox_counts()
    tabs = [("", "All")]
    tabs += [(value, f"{label} ({counts[value]})") for value, label in Message.Status.choices]
    return render(
        request,
        "backoffice/outbox/list.html",
        {
            "page": page,
            "status": status,
            "tabs": tabs,
            "max_attempts": settings.NOTIFY_MAX_ATTEMPTS,
        },
    )


@staff_only
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST puts a failed message back in the queue (audited)."""
    message = get_object_or_404(Message, pk=pk)
    if message.status != Message.Status.FAILED:
        messages.error(request, "Only a failed message can be retried; this one is not failed.")
        return redirect("backoffice:outbox")
    if request.method == "POST":
        message_retry(message=message, actor=request.user)
        messages.success(
            request, f"The {message.get_kind_display().lower()} is queued to be sent again."
        )
        return redirect("backoffice:outbox")
    return render(request, "backoffice/outbox/retry_confirm.html", {"message": message})
