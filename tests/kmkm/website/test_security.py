"""Security baseline: headers on every public response, the CMS behind a non-default path and
a second factor, custom error pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.integration


def test_public_pages_carry_security_headers(client, demo_site):
    response = client.get("/journal/what-is-profile-balancing/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_public_pages_have_no_inline_script_except_json_ld(client, demo_site):
    import re

    for path in (
        "/",
        "/journal/what-is-profile-balancing/",
        "/contact/",
        "/treatments/chin-filler/",
    ):
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        inline = [
            attrs for attrs, body in scripts if body.strip() and "application/ld+json" not in attrs
        ]
        assert inline == [], path


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False)
def test_hsts_is_sent_over_https(client, demo_site):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_cms_is_not_at_the_default_admin_path(client, demo_site):
    assert settings.CMS_PATH not in {"admin", "cms", "wagtail"}
    assert client.get("/admin/").status_code == 404
    assert client.get(f"/{settings.CMS_PATH}/").status_code == 302  # to the sign-in page


def test_password_alone_does_not_open_the_cms(db, practitioner):
    client = Client()
    client.force_login(practitioner.user)  # password accepted, no second factor yet
    response = client.get(f"/{settings.CMS_PATH}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/second-factor/")


def test_verified_staff_reach_the_cms(practitioner_client):
    assert practitioner_client.get(f"/{settings.CMS_PATH}/").status_code == 200


def test_custom_404_page_is_styled_and_helpful(client, demo_site):
    response = client.get("/there-is-no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert "/static/css/site.css" in html
    assert ">Book</a>" in html


def test_custom_500_page_renders_without_the_database(rf):
    from kmkm.website.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_secret_key_is_generated_once_into_var(tmp_path, monkeypatch):
    import subprocess
    import sys

    env = {"VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "import kmkm.settings as s; print(s.SECRET_KEY)"
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code],
        env={**env, "PYTHONPATH": "src"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    first, second = run(), run()
    assert first == second and len(first) > 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
