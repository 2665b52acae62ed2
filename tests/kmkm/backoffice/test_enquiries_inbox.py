"""The staff enquiry inbox: who may see it, what is audited, notes and status changes."""

from __future__ import annotations

import pytest

from kmkm.audit.models import AuditEvent
from kmkm.enquiries.models import Enquiry, EnquiryNote
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.integration


def test_outsider_cannot_see_the_inbox_or_an_enquiry(outsider_client):
    enquiry = EnquiryFactory(name="Grace Private")
    for url in ("/staff/enquiries/", f"/staff/enquiries/{enquiry.pk}/"):
        response = outsider_client.get(url)
        assert response.status_code == 302
        assert "Grace Private" not in response.content.decode()
    assert AuditEvent.objects.filter(action="enquiry.viewed").count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(db, client):
    enquiry = EnquiryFactory()
    response = client.get(f"/staff/enquiries/{enquiry.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/clinic-cms/login/")


def test_outsider_cannot_change_status_or_add_notes(outsider_client):
    enquiry = EnquiryFactory()
    outsider_client.post(f"/staff/enquiries/{enquiry.pk}/status/", {"status": "closed"})
    outsider_client.post(f"/staff/enquiries/{enquiry.pk}/notes/", {"text": "sneaky"})
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    assert EnquiryNote.objects.count() == 0


def test_receptionist_sees_new_enquiries_by_default_and_can_filter(receptionist_client):
    EnquiryFactory(name="Ada New")
    EnquiryFactory(name="Bea Replied", status=Enquiry.Status.REPLIED)
    EnquiryFactory(name="Cat Closed", status=Enquiry.Status.CLOSED)
    html = receptionist_client.get("/staff/enquiries/").content.decode()
    assert ("Ada New" in html, "Bea Replied" in html, "Cat Closed" in html) == (True, False, False)
    html = receptionist_client.get("/staff/enquiries/?status=replied").content.decode()
    assert ("Ada New" in html, "Bea Replied" in html, "Cat Closed" in html) == (False, True, False)
    html = receptionist_client.get("/staff/enquiries/?status=all").content.decode()
    assert ("Ada New" in html, "Bea Replied" in html, "Cat Closed" in html) == (True, True, True)


def test_reading_an_enquiry_is_audited(receptionist_client, receptionist):
    enquiry = EnquiryFactory(message="I would like advice about my chin.")
    response = receptionist_client.get(f"/staff/enquiries/{enquiry.pk}/")
    assert response.status_code == 200
    assert "I would like advice about my chin." in response.content.decode()
    event = AuditEvent.objects.get(action="enquiry.viewed")
    assert (event.actor, event.target) == (receptionist, f"enquiries.enquiry:{enquiry.pk}")


def test_markup_typed_by_the_public_is_shown_escaped(receptionist_client):
    # Stored directly (as an old record might be): the page must still never run it.
    enquiry = EnquiryFactory(
        name="<script>alert(1)</script>", message="<img src=x onerror=alert(2)>"
    )
    html = receptionist_client.get(f"/staff/enquiries/{enquiry.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_status_change_is_saved_and_audited(receptionist_client, receptionist):
    enquiry = EnquiryFactory()
    response = receptionist_client.post(
        f"/staff/enquiries/{enquiry.pk}/status/", {"status": "replied"}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "replied"
    event = AuditEvent.objects.get(action="enquiry.status_changed")
    assert (event.actor, event.detail) == (receptionist, "new → replied")


def test_status_change_refuses_an_unknown_status(receptionist_client):
    enquiry = EnquiryFactory()
    receptionist_client.post(f"/staff/enquiries/{enquiry.pk}/status/", {"status": "deleted"})
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    assert AuditEvent.objects.filter(action="enquiry.status_changed").count() == 0


def test_notes_are_added_with_author_and_audited(receptionist_client, receptionist):
    enquiry = EnquiryFactory()
    receptionist_client.post(
        f"/staff/enquiries/{enquiry.pk}/notes/", {"text": "Called back, left a message."}
    )
    note = EnquiryNote.objects.get()
    assert (note.enquiry, note.author, note.text) == (
        enquiry,
        receptionist,
        "Called back, left a message.",
    )
    assert AuditEvent.objects.filter(action="enquiry.note_added", actor=receptionist).count() == 1
    html = receptionist_client.get(f"/staff/enquiries/{enquiry.pk}/").content.decode()
    assert "Called back, left a message." in html


def test_overlong_note_is_refused(receptionist_client):
    enquiry = EnquiryFactory()
    receptionist_client.post(f"/staff/enquiries/{enquiry.pk}/notes/", {"text": "x" * 2001})
    assert EnquiryNote.objects.count() == 0


def test_status_and_notes_need_post(receptionist_client):
    enquiry = EnquiryFactory()
    assert receptionist_client.get(f"/staff/enquiries/{enquiry.pk}/status/").status_code == 405


def test_staff_home_and_navigation_lead_to_the_inbox_and_outbox(receptionist_client):
    EnquiryFactory()
    EnquiryFactory(status=Enquiry.Status.CLOSED)
    html = receptionist_client.get("/staff/").content.decode()
    assert (
        '<a class="tile" href="/staff/enquiries/"><strong>1</strong><span>new enquiry</span></a>'
        in html
    )
    assert '<a href="/staff/enquiries/">Enquiries</a>' in html
    assert '<a href="/staff/outbox/">Outbox</a>' in html
