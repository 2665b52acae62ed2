"""Demo staff accounts, with their second factor, printed for whoever runs the demo."""

from __future__ import annotations

import base64
import secrets
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmkm.accounts.models import Practitioner
from kmkm.accounts.services import backup_codes_issue

CREDENTIALS_FILE = "demo-staff-login.txt"


@transaction.atomic
def load_demo_staff(stdout: TextIO) -> str:
    User = get_user_model()
    path = settings.VAR_DIR / CREDENTIALS_FILE
    user = User.objects.filter(username="khloe").first()
    if user is None or not path.exists():
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(
                "khloe", "khloe@kmkm.example", password, first_name="Khloe"
            )
        else:
            user.set_password(password)
            user.save()
        path.write_text(password, encoding="utf-8")
        path.chmod(0o600)
    password = path.read_text(encoding="utf-8").strip()
    Practitioner.objects.filter(name="Nurse Khloe", user__isnull=True).update(user=user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    key = base64.b32encode(device.bin_key).decode("ascii")
    codes = backup_codes_issue(user=user, count=5)
    base = settings.SITE_URL
    return (
        "\n"
        "  Demo staff sign-in (demo data only; these are fictional clients)\n"
        f"    Back office:   {base}/staff/\n"
        f"    Website CMS:   {base}/{settings.CMS_PATH}/\n"
        "    Username:      khloe\n"
        f"    Password:      {password}\n"
        f"    Second factor: add key {key} to an authenticator app,\n"
        f"                   or use a one-off backup code: {' '.join(codes)}\n"
    )
