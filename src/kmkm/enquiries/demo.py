"""Demo enquiries for `make run`: fictional people, so the staff inbox has something in it."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from .models import Enquiry

DEMO_ENQUIRIES = [
    {
        "name": "Ada Example",
        "email": "ada@example.com",
        "treatment_of_interest": "Chin and jawline",
        "message": "I have always felt my chin is a little weak in photos. Is a consultation "
        "the right first step, and how long does it take?",
        "preferred_contact": Enquiry.ContactMethod.EMAIL,
        "status": Enquiry.Status.NEW,
    },
    {
        "name": "Grace Sample",
        "email": "grace@example.org",
        "phone": "07700 900456",
        "treatment_of_interest": "Lips",
        "message": "Could you tell me what a subtle lip treatment involves, and whether you "
        "work on Saturdays?",
        "preferred_contact": Enquiry.ContactMethod.PHONE,
        "status": Enquiry.Status.REPLIED,
    },
    {
        "name": "Mary Placeholder",
        "email": "mary@example.net",
        "message": "Do you offer gift vouchers?",
        "preferred_contact": Enquiry.ContactMethod.EITHER,
        "status": Enquiry.Status.CLOSED,
    },
]


@transaction.atomic
def load_demo(stdout: TextIO) -> None:
    """Add the demo enquiries once; an inbox that already has enquiries is left alone."""
    if Enquiry.objects.exists():
        stdout.write("Demo enquiries: already present, left as they are.\n")
        return
    for fields in DEMO_ENQUIRIES:
        Enquiry.objects.create(**fields)
    stdout.write(f"Demo enquiries: {len(DEMO_ENQUIRIES)} added to the staff inbox.\n")
