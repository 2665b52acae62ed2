"""The staff outbox: who may see it, and the confirmed, audited retry of a failed email."""

from __future__ import annotations

import pytest

from kmkm.audit.models import AuditEvent
from kmkm.notifications.models import Message
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.integration


def failed_message(**fields):
    enquiry = EnquiryFactory()
    values = {
        "event_key": f"enquiry.received:{enquiry.pk}:clinic",
        "kind": Message.Kind.ENQUIRY_NEW_CLINIC,
        "recipient": "clinic@kmkm.example",
        "subject": f"New enquiry from the website (reference {enquiry.pk})",
        "about": Message.About.ENQUIRY,
        "about_id": enquiry.pk,
        "status": Message.Status.FAILED,
        "attempts": 6,
        "last_error": "SMTPServerDisconnected: Connection unexpectedly closed",
    }
    values.update(fields)
    return Message.objects.create(**values)


def test_outsider_cannot_see_the_outbox(outsider_client):
    failed_message()
    response = outsider_client.get("/staff/outbox/")
    assert response.status_code == 302
    assert "clinic@kmkm.example" not in response.content.decode()


def test_receptionist_sees_status_attempts_and_error(receptionist_client):
    message = failed_message()
    html = receptionist_client.get("/staff/outbox/").content.decode()
    assert message.subject in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert f"/staff/outbox/{message.pk}/retry/" in html


def test_retry_asks_for_confirmation_first(receptionist_client):
    message = failed_message()
    response = receptionist_client.get(f"/staff/outbox/{message.pk}/retry/")
    assert response.status_code == 200
    assert "Send this email again?" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "failed"
    assert AuditEvent.objects.filter(action="outbox.retried").count() == 0


def test_confirmed_retry_sends_the_email_and_is_audited(
    receptionist_client, receptionist, mailoutbox, django_capture_on_commit_callbacks
):
    message = failed_message()
    with django_capture_on_commit_callbacks(execute=True):
        response = receptionist_client.post(f"/staff/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert [m.to for m in mailoutbox] == [["clinic@kmkm.example"]]
    event = AuditEvent.objects.get(action="outbox.retried")
    assert (event.actor, event.target) == (receptionist, f"notifications.message:{message.pk}")


def test_a_sent_message_cannot_be_retried(receptionist_client, mailoutbox):
    message = failed_message(status=Message.Status.SENT, sent_at="2026-11-25T10:00:00Z")
    response = receptionist_client.post(f"/staff/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    assert mailoutbox == []
    assert AuditEvent.objects.filter(action="outbox.retried").count() == 0


def test_outsider_cannot_retry(outsider_client, mailoutbox):
    message = failed_message()
    outsider_client.post(f"/staff/outbox/{message.pk}/retry/")
    message.refresh_from_db()
    assert message.status == "failed"
    assert mailoutbox == []
