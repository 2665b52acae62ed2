from __future__ import annotations

import base64

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from kmkm.audit.services import audit_record

from . import services


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return reverse("backoffice:home")


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_record(actor=request.user, action="account.signed_in")
            return HttpResponseRedirect(_next_url(request))
        audit_record(actor=request.user, action="account.second_factor_failed")
        form.add_error(
            "token",
            "That code did not match. Check the time on your phone and try the newest code.",
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            codes = services.backup_codes_issue(user=request.user)
            return render(
                request,
                "accounts/otp_backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "token",
            "That code did not match. Scan the code again, then type the newest six digits.",
        )
    context = {
        "form": form,
        "qr_svg": services.totp_qr_svg(device=device),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)
