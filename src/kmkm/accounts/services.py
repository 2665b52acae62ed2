"""Second-factor enrolment and verification for staff."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmkm.audit.services import audit_record


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator-app device being set up for ``user`` (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_qr_svg(*, device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


@transaction.atomic
def totp_device_confirm(*, user: AbstractBaseUser, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="account.second_factor_enrolled", target=device)
    return True


def second_factor_verify(*, user: AbstractBaseUser, token: str) -> object | None:
    """Return the device that accepts ``token`` (authenticator code or a one-off backup code)."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


@transaction.atomic
def backup_codes_issue(*, user: AbstractBaseUser, count: int = 6) -> list[str]:
    """Replace the user's one-off backup codes with fresh ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    for code in codes:
        device.token_set.create(token=code)
    audit_record(actor=user, action="account.backup_codes_issued", target=device)
    return codes
