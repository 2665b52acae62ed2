"""The demo inbox: fictional enquiries, loaded once."""

from __future__ import annotations

import io

import pytest

from kmkm.enquiries.demo import load_demo
from kmkm.enquiries.models import Enquiry

pytestmark = pytest.mark.integration


def test_demo_enquiries_are_loaded_once_with_each_status(db):
    load_demo(io.StringIO())
    load_demo(io.StringIO())
    assert sorted(Enquiry.objects.values_list("status", flat=True)) == ["closed", "new", "replied"]
    # Every address is on a domain reserved for examples, so no real person is emailed.
    domains = {email.rsplit("@", 1)[1] for email in Enquiry.objects.values_list("email", flat=True)}
    assert domains <= {"example.com", "example.org", "example.net"}


def test_demo_enquiries_pass_the_same_field_rules_as_real_ones(db):
    load_demo(io.StringIO())
    for enquiry in Enquiry.objects.all():
        enquiry.full_clean()
