"""factory_boy factories for the records tests need. Demo-like, fictional people only."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from kmkm.accounts.models import Practitioner
from kmkm.enquiries.models import Enquiry


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kmkm.example")
    password = factory.django.Password("a-long-test-password")
    is_staff = True


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Sequence(lambda n: f"Nurse Test{n}")
    role = "Registered Nurse · Nurse Independent Prescriber"
    registration_body = "NMC"
    is_prescriber = True
    short_bio = "A registered nurse who treats with restraint."


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    name = "Ada Example"
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    message = "I would like to know whether a chin treatment could help my profile."
