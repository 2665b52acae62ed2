"""Spam protection for the public enquiry form, with no outside service.

Three checks, each with a plain-English message: a honeypot field people never see, a signed
timestamp that proves the form was open for a few seconds (and was not replayed days later),
and a per-hour limit for one email address and one IP address, counted in the Django cache.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError

SALT = "kmkm.enquiries.form"
WINDOW_SECONDS = 60 * 60

HONEYPOT_MESSAGE = (
    "We could not send this form. If you are a person, please leave the box labelled "
    "“Leave this empty” blank and send it again, or phone the clinic."
)
EXPIRED_MESSAGE = (
    "This form had been open for a long time or was changed on the way, so we could not "
    "accept it. Your answers are still here: please check them and send it again."
)
TOO_FAST_MESSAGE = (
    "That was quicker than we expected from a person. Please take a moment to check your "
    "answers, then send the form again."
)
EMAIL_LIMIT_MESSAGE = (
    "We have already received several enquiries from this email address in the last hour. "
    "We will reply to those; if your question cannot wait, please phone the clinic."
)
IP_LIMIT_MESSAGE = (
    "We have received a lot of enquiries from your connection in the last hour. Please try "
    "again later, or phone the clinic."
)


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float

    @property
    def key(self) -> str:
        """What is stored with the enquiry: a digest, so the token itself is never kept."""
        return hashlib.sha256(self.nonce.encode()).hexdigest()


def form_token_issue() -> str:
    """A fresh signed token for one rendering of the form: a random nonce and the time."""
    return signing.dumps(
        {"n": secrets.token_urlsafe(16), "t": time.time()}, salt=SALT, compress=False
    )


def form_token_check(token: str) -> FormToken:
    """The token's nonce and age, or a ValidationError a person can act on."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.ENQUIRY_FORM_MAX_AGE)
        found = FormToken(nonce=str(payload["n"]), issued_at=float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(EXPIRED_MESSAGE, code="token") from None
    if time.time() - found.issued_at < settings.ENQUIRY_MIN_SECONDS:
        raise ValidationError(TOO_FAST_MESSAGE, code="too_fast")
    return found


def honeypot_check(value: str) -> None:
    if value.strip():
        raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")


def _bucket(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    window = int(time.time() // WINDOW_SECONDS)
    return f"enquiry-rate:{kind}:{digest}:{window}"


def rate_limit_check(*, email: str, client_ip: str) -> None:
    """Refuse when this address or IP has used up the hour's allowance (raises ValidationError)."""
    if cache.get(_bucket("email", email), 0) >= settings.ENQUIRY_RATE_PER_EMAIL:
        raise ValidationError({"email": ValidationError(EMAIL_LIMIT_MESSAGE, code="rate_email")})
    if client_ip and cache.get(_bucket("ip", client_ip), 0) >= settings.ENQUIRY_RATE_PER_IP:
        raise ValidationError(IP_LIMIT_MESSAGE, code="rate_ip")


def rate_limit_count(*, email: str, client_ip: str) -> None:
    """Count one accepted enquiry against the address and the IP."""
    for kind, value in (("email", email), ("ip", client_ip)):
        if not value:
            continue
        key = _bucket(kind, value)
        if not cache.add(key, 1, timeout=WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=WINDOW_SECONDS)
