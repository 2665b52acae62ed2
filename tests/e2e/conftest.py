"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

CI installs Chromium when it is missing; a run without it fails rather than skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


def chromium_path() -> str:
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail(
            "Chromium is not installed: run `apt-get install -y chromium` (CI does this itself)."
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser: Any, viewport: dict[str, int], **extra: Any) -> Any:
    return browser.new_context(viewport=viewport, device_scale_factor=1, locale="en-GB", **extra)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = _context(browser, PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = _context(browser, DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_demo(transactional_db: Any, live_server: Any) -> Any:
    """The demo clinic, exactly as `make run` loads it, behind a live server; returns its URL."""
    import io

    from django.core.management import call_command

    restore_migration_data()
    call_command("load_demo_clinic", stdout=io.StringIO())
    return live_server.url


def restore_migration_data() -> None:
    """Browser tests run in real transactions, and the database is emptied after each one, which
    also removes the rows Wagtail's and our migrations create. Put those back."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    import_module("kmkm.website.migrations.0002_restricted_terms").seed(apps, None)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page; return the serious and critical violations as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in impacts:
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
    return found


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot under docs/screenshots when UPDATE_SCREENSHOTS=1."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        # A full-page capture does not scroll, so lazy images below the fold would stay blank.
        page.evaluate(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
        )
        page.wait_for_load_state("networkidle")
        for _ in range(100):  # wait_for_function would need 'unsafe-eval', which our CSP forbids
            if page.evaluate("[...document.images].every(i => i.complete)"):
                break
            page.wait_for_timeout(100)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
