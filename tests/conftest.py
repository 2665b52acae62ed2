"""Shared fixtures: the three personas (practitioner, receptionist, outsider) and the demo site."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PractitionerFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield


def verified_client(user: Any) -> Client:
    """A client signed in with password and second factor, as staff really are."""
    device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def practitioner(db: Any) -> Any:
    user = UserFactory(username="khloe", first_name="Khloe", is_superuser=True)
    return PractitionerFactory(name="Nurse Khloe", user=user)


@pytest.fixture
def practitioner_client(practitioner: Any) -> Client:
    return verified_client(practitioner.user)


@pytest.fixture
def receptionist(db: Any) -> Any:
    user = UserFactory(username="reception", first_name="Sam")
    group, _ = Group.objects.get_or_create(name="Reception")
    user.groups.add(group)
    return user


@pytest.fixture
def receptionist_client(receptionist: Any) -> Client:
    return verified_client(receptionist)


@pytest.fixture
def outsider(db: Any) -> Any:
    """Signed in, but not staff: a client account or a stranger."""
    return UserFactory(username="outsider", is_staff=False)


@pytest.fixture
def outsider_client(outsider: Any) -> Client:
    client = Client()
    client.force_login(outsider)
    return client


@pytest.fixture
def demo_site(db: Any) -> Any:
    """The full demo clinic, as `make run` loads it."""
    import io

    from kmkm.website.demo.loader import load_demo_site

    load_demo_site(io.StringIO())
    from kmkm.website.models import HomePage

    return HomePage.objects.get()


# --- No silent skips in CI ----------------------------------------------------------------------
# Under CI (KMKM_CI=1) a skipped test fails, except a PostgreSQL-only test on the SQLite run; the
# PostgreSQL run (KMKM_REQUIRE_POSTGRES=1) allows no skip at all.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    import os

    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = (
        str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    )
    strict = os.environ.get("KMKM_REQUIRE_POSTGRES") == "1"
    ci = os.environ.get("KMKM_CI") == "1"
    if strict or (ci and "PostgreSQL" not in reason):
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI, which allows no silent skips: {reason}"


def pytest_sessionstart(session: Any) -> None:
    import os

    if os.environ.get("KMKM_REQUIRE_POSTGRES") == "1":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"KMKM_REQUIRE_POSTGRES=1 but the database engine is {engine}")
