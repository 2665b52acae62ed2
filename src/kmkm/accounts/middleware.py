"""Staff areas need a second factor: a password alone never opens the CMS or the back office."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def _staff_prefixes() -> tuple[str, ...]:
    return (f"/{settings.CMS_PATH}/", "/staff/", "/django-admin/")


def _open_paths() -> tuple[str, ...]:
    # The pages a signed-in but unverified person must still reach.
    return (
        f"/{settings.CMS_PATH}/login/",
        f"/{settings.CMS_PATH}/logout/",
        "/staff/second-factor/",
    )


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_second_factor(request):
            has_device = _has_confirmed_device(request.user)
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return HttpResponseRedirect(
                f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        if not settings.REQUIRE_2FA:
            return False
        path = request.path
        if not path.startswith(_staff_prefixes()) or path.startswith(_open_paths()):
            return False
        user = request.user
        return bool(user.is_authenticated and not user.is_verified())  # type: ignore[union-attr]


def _has_confirmed_device(user: object) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
