from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kmkm.enquiries.models import Enquiry


@staff_member_required(login_url="wagtailadmin_login")
def home(request: HttpRequest) -> HttpResponse:
    new_enquiries = Enquiry.objects.filter(status=Enquiry.Status.NEW).count()
    return render(request, "backoffice/home.html", {"new_enquiries": new_enquiries})
